"""The Python stack on the workbook benchmark's file: pandas reading the .xlsx with openpyxl,
then scikit-learn fitting k = 5 (n_init=20, as Segmentum) on income and spending.

Usage: python bench/sklearn_xlsx.py FILE.xlsx
"""
import sys
import time

import pandas as pd
import sklearn
from sklearn.cluster import KMeans

FEATURES = ["Annual Income (k$)", "Spending Score (1-100)"]

t = time.perf_counter()
df = pd.read_excel(sys.argv[1], engine="openpyxl")
read = time.perf_counter() - t
t = time.perf_counter()
KMeans(n_clusters=5, n_init=20, random_state=2).fit(df[FEATURES].to_numpy(dtype=float))
fit = time.perf_counter() - t
print(f"  pandas {pd.__version__} + openpyxl read_excel: {read * 1000:.0f} ms ({len(df)} rows); "
      f"scikit-learn {sklearn.__version__} KMeans(n_init=20) fit: {fit * 1000:.0f} ms")
