"""scikit-learn on the categorical benchmark's file, encoded as Segmentum encodes it: Age, income
and spending standardised, Genre one-hot (trimmed, any case) times 1/sqrt(2); KMeans k = 5 with
n_init=20 as Segmentum; then predict for every row.

Usage: python bench/sklearn_categories.py FILE.csv
"""
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

NUMBERS = ["Age", "Annual Income (k$)", "Spending Score (1-100)"]

df = pd.read_csv(sys.argv[1])
t = time.perf_counter()
scaled = StandardScaler().fit_transform(df[NUMBERS].to_numpy(dtype=float))
onehot = pd.get_dummies(df["Genre"].str.strip().str.lower()).to_numpy(dtype=float) / np.sqrt(2)
x = np.hstack([scaled, onehot])
encode = time.perf_counter() - t
t = time.perf_counter()
km = KMeans(n_clusters=5, n_init=20, random_state=2).fit(x)
fit = time.perf_counter() - t
t = time.perf_counter()
km.predict(x)
predict = time.perf_counter() - t
print(f"  scikit-learn {sklearn.__version__}, pandas {pd.__version__}: encode {encode * 1000:.0f} ms, "
      f"KMeans(n_init=20) fit {fit * 1000:.0f} ms (inertia {km.inertia_:.2f}), predict {predict * 1000:.0f} ms ({len(df)} rows)")
