"""statsforecast's prediction intervals on the accuracy set, scored as `forecast backtest` scores ours:
per series, the share of test values inside the 80% and 95% intervals, and the mean scaled interval
score (MSIS) of the 95% interval (Gneiting & Raftery 2007; M4), scaled by the in-sample mean absolute
seasonal difference of the training part.

    python3 scripts/make-interval-anchors.py ../shared/bench   # writes Benchmarks/statsforecast-intervals.csv
"""
import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import statsforecast
from statsforecast.models import AutoARIMA, AutoETS

bench = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/bench")
index = {row["series"]: row for row in json.loads((bench / "dev-index.json").read_text())}
data = pd.read_csv(bench / "dev-series.csv")

rows = []
for series, frame in data.groupby("series", sort=False):
    info = index[series]
    y = frame["value"].to_numpy(dtype=float)
    h, m = info["horizon"], info["period"]
    train, test = y[:-h], y[-h:]
    lag = m if len(train) > m else 1
    scale = np.mean(np.abs(train[lag:] - train[:-lag]))
    for name, model in [("AutoETS", AutoETS(season_length=m)), ("AutoARIMA", AutoARIMA(season_length=m))]:
        fitted = model.fit(train)
        out = fitted.predict(h=h, level=[80, 95])
        cover = {}
        for level in (80, 95):
            lo, hi = out[f"lo-{level}"], out[f"hi-{level}"]
            cover[level] = float(np.mean((lo <= test) & (test <= hi)))
        lo, hi, alpha = out["lo-95"], out["hi-95"], 0.05
        score = (hi - lo) + 2 / alpha * (lo - test) * (test < lo) + 2 / alpha * (test - hi) * (test > hi)
        rows.append([series, name, cover[80], cover[95], float(np.mean(score) / scale)])

out = Path(__file__).resolve().parent.parent / "Benchmarks/statsforecast-intervals.csv"
with out.open("w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["series", "method", "coverage_80", "coverage_95", "msis"])
    writer.writerows(rows)
for name in ("AutoETS", "AutoARIMA"):
    own = [r for r in rows if r[1] == name]
    print(f"{name} (statsforecast {statsforecast.__version__}): coverage 80% {np.mean([r[2] for r in own]):.3f}, "
          f"95% {np.mean([r[3] for r in own]):.3f}, MSIS {np.mean([r[4] for r in own]):.3f} over {len(own)} series")
print(f"wrote {out}")
