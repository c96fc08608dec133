"""PMML both ways against independent tools.

In: scikit-learn's KMeans (n_clusters=5, n_init=10, random_state=0) on the Mall file's income and
spending, raw and standardised in a Pipeline, written as PMML by nyoka; the engine reads each file
(pmml::read_pmml, in the pmml_score example) and classifies every row with Batch: each row's
cluster id must be scikit-learn's predict label, and on the raw model the distance to it
scikit-learn's transform distance (1e-9 relative).

Out: the engine trains two models as the app would (raw; standardised with a log and the Genre
category) and writes them as PMML; pypmml (PMML4S, on Java) scores every row and its segment_id
must be Batch's. pypmml needs Java: without a `java` on the PATH that part is skipped, saying so.

    python tests/oracles/pmml_nyoka.py PMML_SCORE MALL.csv WORK_DIR

PMML_SCORE is the engine's pmml_score example (built by scripts/test.sh).
"""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from nyoka import skl_to_pmml
from sklearn.cluster import KMeans
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

INCOME, SPENDING, AGE, GENRE = "Annual Income (k$)", "Spending Score (1-100)", "Age", "Genre"
RTOL = 1e-9


def engine(score, args):
    """The engine's rows: position, cluster_id, distance, confidence, error."""
    out = subprocess.run([score, *args], check=True, capture_output=True, text=True).stdout
    return pd.read_csv(io.StringIO(out), dtype={"cluster_id": str})


def nyoka_case(score, mall, work, name, steps):
    df = pd.read_csv(mall)
    x = df[[INCOME, SPENDING]]
    pipeline = Pipeline(steps + [("kmeans", KMeans(n_clusters=5, n_init=10, random_state=0))]).fit(x)
    path = work / f"nyoka_{name}.pmml"
    skl_to_pmml(pipeline, [INCOME, SPENDING], pmml_f_name=str(path))
    rows = engine(score, ["--pmml", str(path), "--score", str(mall)])
    labels = pipeline.predict(x)
    assert len(rows) == len(df) and rows["error"].isna().all(), name
    # nyoka writes each cluster's id as scikit-learn's label.
    got = rows["cluster_id"].astype(int).to_numpy()
    mismatched = np.flatnonzero(got != labels)
    assert mismatched.size == 0, f"{name}: rows {mismatched[:10]} differ: engine {got[mismatched[:10]]}, sklearn {labels[mismatched[:10]]}"
    if not steps:
        want = pipeline.transform(x).min(axis=1)
        np.testing.assert_allclose(rows["distance"], want, rtol=RTOL, atol=1e-12, err_msg=name)
    return f"nyoka {name}: {len(rows)} rows, every cluster scikit-learn's"


def java():
    """The Java version line, or None when there is no Java."""
    if shutil.which("java") is None:
        return None
    done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    return (done.stderr or done.stdout).splitlines()[0] if done.returncode == 0 else None


def pypmml_case(score, mall, work, name, args):
    from pypmml import Model

    path = work / f"segmentum_{name}.pmml"
    rows = engine(score, ["--train", str(mall), *args, "--export", str(path), "--score", str(mall)])
    model = Model.fromFile(str(path))
    df = pd.read_csv(mall)
    scored = model.predict(df[[f.name for f in model.inputFields]])
    got = scored["segment_id"].astype(int).to_numpy()
    want = rows["cluster_id"].astype(int).to_numpy()
    mismatched = np.flatnonzero(got != want)
    assert mismatched.size == 0, f"{name}: rows {mismatched[:10]} differ: pypmml {got[mismatched[:10]]}, engine {want[mismatched[:10]]}"
    names = scored["segment_name"].nunique()
    return f"pypmml {name}: {len(rows)} rows, every segment Batch's ({names} names)"


def main():
    score, mall, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    lines = [
        nyoka_case(score, mall, work, "raw", []),
        nyoka_case(score, mall, work, "standardised", [("scaler", StandardScaler())]),
    ]
    version = java()
    if version is None:
        lines.append("pypmml SKIPPED: no Java on the PATH (pypmml runs PMML4S on a JVM; install a JRE, e.g. Debian's openjdk-17-jre-headless)")
    else:
        lines.append(f"pypmml on {version}")
        lines.append(pypmml_case(score, mall, work, "raw", ["--features", f"{INCOME},{SPENDING}", "--k", "5"]))
        lines.append(
            pypmml_case(
                score, mall, work, "standard_log_genre",
                ["--features", f"{AGE},{INCOME},{SPENDING}", "--categories", GENRE, "--log", INCOME,
                 "--scaling", "standard", "--k", "6"],
            )
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
