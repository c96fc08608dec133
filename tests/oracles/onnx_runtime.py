"""The exported ONNX model scored by a real runtime: ONNX Runtime runs model.onnx on every row of
a file and each classified row's segment id, distance and confidence must be the engine's Batch
figures (1e-9 relative, 1e-12 absolute), and the `distances` output at the chosen id its
distance_to_centroid. onnx's checker must pass the file, when the onnx package is there.

    python tests/oracles/onnx_runtime.py EXPORT_ONNX GENERATE_CUSTOMERS MALL.csv WORK_DIR

EXPORT_ONNX and GENERATE_CUSTOMERS are the engine's examples (built by scripts/test.sh). Cases:
the Mall file and 100,000 generated customers, each with a raw two-feature model, a standardised
model with a log transform, a model that fills missing numbers with the mean and a robust-scaled
one with a winsorized feature; the files scored have rows with an empty income, an empty age and
a negative income (the log's mirrored half). A row Batch could not classify (a missing number
the model does not fill) must get segment_id 0 and a NaN distance from the graph.
"""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pandas as pd

from cases import cases

try:
    import onnx
except ImportError:  # the runtime is what is tested; the checker is a bonus
    onnx = None

INCOME, SPENDING, AGE = "Annual Income (k$)", "Spending Score (1-100)", "Age"
FEATURES = (AGE, INCOME, SPENDING)
MODELS = {
    "raw": ["--features", f"{INCOME},{SPENDING}", "--k", "5"],
    "standard_log": ["--features", f"{AGE},{INCOME},{SPENDING}", "--log", INCOME, "--scaling", "standard", "--k", "5"],
    "fill_mean": ["--features", f"{AGE},{INCOME},{SPENDING}", "--scaling", "standard", "--missing", "mean", "--k", "4"],
    "robust_winsorized": [
        "--features", f"{AGE},{INCOME},{SPENDING}", "--winsorize", AGE, "--scaling", "robust", "--k", "3",
    ],
}
OUTPUTS = ["segment_id", "distance_to_centroid", "confidence", "distances"]
RTOL, ATOL = 1e-9, 1e-12




def damaged(rows, every):
    """The file with, every `every` rows, an empty income, an empty age and a negative income."""
    header, body = rows[0], [list(r) for r in rows[1:]]
    col = {h: i for i, h in enumerate(header)}
    for i in range(0, len(body), every):
        body[i][col[INCOME]] = ""
        if i + 1 < len(body):
            body[i + 1][col[AGE]] = ""
        if i + 2 < len(body):
            body[i + 2][col[INCOME]] = "-" + body[i + 2][col[INCOME]]
    return [header] + body


def feeds(session, path):
    """Each input a [N, 1] column of doubles; an empty cell is NaN."""
    df = pd.read_csv(path, usecols=[i.name for i in session.get_inputs()], dtype=np.float64)
    return {i.name: df[i.name].to_numpy(dtype=np.float64).reshape(-1, 1) for i in session.get_inputs()}


def check_file(name, model_path, k):
    if onnx is None:
        return "checker not installed"
    model = onnx.load(str(model_path))
    onnx.checker.check_model(model, full_check=True)
    assert model.ir_version == 8 and [(o.domain, o.version) for o in model.opset_import] == [("", 17)], name
    assert model.producer_name == "Segmentum", name
    return "onnx.checker passed"


def compare(name, engine, got):
    n = len(engine)
    for output in OUTPUTS:
        assert len(got[output]) == n, f"{name}: {output} has {len(got[output])} rows, the engine {n}"
    classified = engine["segment_id"].notna().to_numpy()
    want_id = engine["segment_id"].to_numpy(dtype=np.float64)
    want_d = engine["distance_to_centroid"].to_numpy(dtype=np.float64)
    want_c = engine["confidence"].to_numpy(dtype=np.float64)
    ids, dist, conf, all_d = got["segment_id"], got["distance_to_centroid"], got["confidence"], got["distances"]

    wrong = np.flatnonzero(classified & (ids != want_id))
    assert wrong.size == 0, f"{name}: row {wrong[0]} segment {ids[wrong[0]]}, the engine {want_id[wrong[0]]:.0f}"
    for label, mine, theirs in [("distance", dist, want_d), ("confidence", conf, want_c)]:
        bad = np.flatnonzero(classified & ~np.isclose(mine, theirs, rtol=RTOL, atol=ATOL))
        assert bad.size == 0, f"{name}: row {bad[0]} {label} {mine[bad[0]]!r} != {theirs[bad[0]]!r}"
    rows = np.flatnonzero(classified)
    at_id = all_d[rows, ids[rows] - 1]
    assert np.array_equal(at_id, dist[rows]), f"{name}: distances at the chosen id differ from distance_to_centroid"

    unclassified = np.flatnonzero(~classified)
    assert np.all(ids[unclassified] == 0), f"{name}: a row the engine could not classify has a segment"
    assert np.all(np.isnan(dist[unclassified])), f"{name}: a row the engine could not classify has a distance"
    assert np.all(np.isnan(conf[unclassified])), f"{name}: a row the engine could not classify has a confidence"

    exact = int(np.sum((dist[rows] == want_d[rows]) & (conf[rows] == want_c[rows])))
    worst = max(
        float(np.max(np.abs(dist[rows] - want_d[rows]) / np.maximum(np.abs(want_d[rows]), 1.0), initial=0.0)),
        float(np.max(np.abs(conf[rows] - want_c[rows]), initial=0.0)),
    )
    return len(rows), len(unclassified), exact, worst


def run_case(tools, label, train, score, model, out):
    subprocess.run([tools["export"], "--train", str(train), "--score", str(score), *MODELS[model], "--out", str(out)], check=True)
    engine = pd.read_csv(out / "engine.csv", dtype={"error": str}, keep_default_na=False, na_values={"segment_id": [""], "distance_to_centroid": [""], "confidence": [""]})
    name = f"{label}/{model}"
    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    k = session.get_outputs()[OUTPUTS.index("distances")].shape[1]
    meta = session.get_modelmeta().custom_metadata_map
    assert meta.get("k") == str(k) and meta.get("source") == Path(train).name, f"{name}: metadata {meta}"
    checked = check_file(name, out / "model.onnx", k)
    got = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds(session, score))))
    classified, skipped, exact, worst = compare(name, engine, got)
    print(
        f"{name}: {len(engine):,} rows, {classified:,} classified equal in ONNX Runtime {ort.__version__} "
        f"({exact:,} to the bit, worst difference {worst:.1e}), {skipped:,} with a missing number unfilled "
        f"(segment_id 0 there); {checked}"
    )


def main():
    export, generate, mall, work = sys.argv[1:5]
    for case in cases(generate, mall, work, MODELS, damaged):
        run_case({"export": export}, *case)

if __name__ == "__main__":
    main()
