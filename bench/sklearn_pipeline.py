"""The Python stack an analyst would use, on the same file and the same work as
bench/bigfile.mjs: read + parse (pandas), fit k=5 (scikit-learn, k-means++,
n_init="auto" = 1 start), predict with the distance to the centre, write the
results CSV. Prints one JSON object of phase times in milliseconds.

Usage: python bench/sklearn_pipeline.py FILE [--sweep]
"""
import json
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

FEATURES = ["Annual Income (k$)", "Spending Score (1-100)"]


def main():
    path = sys.argv[1]
    times = {}
    t = time.perf_counter()
    df = pd.read_csv(path)
    times["read + parse"] = time.perf_counter() - t
    x = df[FEATURES].to_numpy(dtype=float)

    t = time.perf_counter()
    model = KMeans(n_clusters=5, random_state=2, n_init="auto").fit(x)
    times["fit (k-means++ and Lloyd)"] = time.perf_counter() - t

    t = time.perf_counter()
    labels = model.predict(x)
    distances = model.transform(x)
    own = distances[np.arange(len(x)), labels]
    second = np.partition(distances, 1, axis=1)[:, 1]
    out = df.copy()
    out["segment_id"] = labels + 1
    out["distance_to_centroid"] = own
    out["confidence"] = np.where(second > 0, 1 - own / second, 1.0)
    times["classify"] = time.perf_counter() - t

    t = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".csv") as f:
        out.to_csv(f.name, index=False, float_format="%.4f")
    times["write CSV"] = time.perf_counter() - t

    if "--sweep" in sys.argv:
        t = time.perf_counter()
        for k in range(2, 11):
            labels_k = KMeans(n_clusters=k, random_state=2, n_init="auto").fit_predict(x)
            silhouette_score(x, labels_k, sample_size=min(10_000, len(x)), random_state=2)
            calinski_harabasz_score(x, labels_k)
            davies_bouldin_score(x, labels_k)
        times["sweep k=2..10"] = time.perf_counter() - t

    print(json.dumps({k: round(v * 1000) for k, v in times.items()}))


if __name__ == "__main__":
    main()
