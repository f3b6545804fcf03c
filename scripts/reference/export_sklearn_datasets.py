"""Exports four of scikit-learn's bundled data sets to data/*.csv for the reliability peer suite (mlem).

Run with scikit-learn 1.9.1, numpy 2.4.6, pandas (the /tmp/refvenv environment):
    /tmp/refvenv/bin/python scripts/reference/export_sklearn_datasets.py
Writes data/wine.csv, data/breast_cancer.csv, data/diabetes.csv and data/digits.csv (UTF-8, header,
no quoting, full precision: every value in the bundled files has at most 6 significant digits, and
Python's repr of a float round-trips, so the CSV holds exactly what scikit-learn loads).
Provenance of each set is in data/README.md.
"""
import os
import re

import numpy as np
import sklearn
from sklearn import datasets

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")


def snake(name):
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def fmt(v):
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


def write(file, header, rows):
    with open(os.path.join(DATA, file), "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(fmt(v) for v in r) + "\n")


def main():
    wine = datasets.load_wine()
    write("wine.csv", [snake(n) for n in wine.feature_names] + ["cultivar"],
          np.column_stack([wine.data, wine.target]))
    bc = datasets.load_breast_cancer()
    # target: 0 = malignant, 1 = benign (scikit-learn's coding); kept as `benign`.
    write("breast_cancer.csv", [snake(n) for n in bc.feature_names] + ["benign"],
          np.column_stack([bc.data, bc.target]))
    # scaled=False: the original units (age in years, sex coded 1/2, bmi, mean arterial pressure, six serum measurements).
    db = datasets.load_diabetes(scaled=False)
    write("diabetes.csv", [snake(n) for n in db.feature_names] + ["progression"],
          np.column_stack([db.data, db.target]))
    dg = datasets.load_digits()
    write("digits.csv", [f"pixel_{i // 8}_{i % 8}" for i in range(64)] + ["digit"],
          np.column_stack([dg.data, dg.target]))
    print("scikit-learn", sklearn.__version__, "numpy", np.__version__)


if __name__ == "__main__":
    main()
