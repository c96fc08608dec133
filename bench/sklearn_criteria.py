"""The same work as bench/criteria.mjs with scikit-learn: k = 2..25 with KMeans(n_init=20), the
silhouette on a 10,000-row sample, Calinski-Harabasz, Davies-Bouldin and the gap statistic on 8
uniform references of 1,000 points (2 starts each), then 20 bootstrap refits (3 starts) with
Hennig's Jaccard per cluster. Usage: python sklearn_criteria.py FILE.csv K"""
import sys, time
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score

path, k_final = sys.argv[1], int(sys.argv[2])
X = pd.read_csv(path).select_dtypes('number').to_numpy()[:, -2:]
rng = np.random.default_rng(2)
start = time.perf_counter()
lo, hi = X.min(0), X.max(0)
m = min(len(X), 1000)
refs = [rng.uniform(lo, hi, size=(m, X.shape[1])) for _ in range(8)]
for k in range(2, 26):
    model = KMeans(n_clusters=k, n_init=20, random_state=2).fit(X)
    silhouette_score(X, model.labels_, sample_size=min(len(X), 10_000), random_state=2)
    calinski_harabasz_score(X, model.labels_)
    davies_bouldin_score(X, model.labels_)
    logs = [np.log(KMeans(n_clusters=k, n_init=2, random_state=2).fit(r).inertia_) for r in refs]
sweep = time.perf_counter() - start
sample = X if len(X) <= 10_000 else X[rng.choice(len(X), 10_000, replace=False)]
labels = KMeans(n_clusters=k_final, n_init=20, random_state=2).fit(sample).labels_
start = time.perf_counter()
for b in range(20):
    idx = rng.integers(0, len(sample), len(sample))
    new = KMeans(n_clusters=k_final, n_init=3, random_state=b).fit(sample[idx]).labels_
    present = np.unique(idx)
    new_of = np.full(len(sample), -1); new_of[idx] = new
    for c in range(k_final):
        members = set(present[labels[present] == c])
        best = max(len(members & set(present[new_of[present] == d])) / max(1, len(members | set(present[new_of[present] == d]))) for d in range(k_final))
stability = time.perf_counter() - start
print(f"  scikit-learn {__import__('sklearn').__version__}: sweep {sweep * 1000:.0f} ms; stability {stability * 1000:.0f} ms")
