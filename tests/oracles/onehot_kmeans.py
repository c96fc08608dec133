"""scikit-learn's KMeans on a customer file encoded as Segmentum encodes it: the oracle for
categorical features.

    python tests/oracles/onehot_kmeans.py FILE.csv K CATEGORY NUMBER [NUMBER ...]

Numbers standardised (StandardScaler: population standard deviation), then the category one-hot
encoded (values trimmed, compared without case) times 1/sqrt(2), numbers first. Prints JSON:
inertia, segment sizes largest first, and each row's label.
"""

import json
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def main():
    path, k, category, numbers = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    df = pd.read_csv(path)
    scaled = StandardScaler().fit_transform(df[numbers].to_numpy(dtype=float))
    onehot = pd.get_dummies(df[category].str.strip().str.lower()).to_numpy(dtype=float) / np.sqrt(2)
    x = np.hstack([scaled, onehot])
    km = KMeans(n_clusters=k, n_init=20, random_state=0).fit(x)
    sizes = sorted(np.bincount(km.labels_).tolist(), reverse=True)
    print(json.dumps({"inertia": float(km.inertia_), "sizes": sizes, "labels": km.labels_.tolist()}))


if __name__ == "__main__":
    main()
