"""A generated set of many monthly series for measuring throughput at scale: level, trend, yearly
season (additive or multiplicative), and AR(1) noise, of lengths 60 to 240 months, all positive,
seeded so every run writes the same file.

    python3 scripts/make-many-series.py 10000 /tmp/many-series.csv   # long format: series,date,value
"""
import sys

import numpy as np
import pandas as pd

count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
path = sys.argv[2] if len(sys.argv) > 2 else "many-series.csv"
rng = np.random.default_rng(2026)
frames = []
for i in range(count):
    n = int(rng.integers(60, 241))
    t = np.arange(n)
    level = rng.uniform(50, 5000)
    trend = rng.normal(0, 0.004) * level * t
    amplitude = rng.uniform(0, 0.3)
    phase = rng.uniform(0, 2 * np.pi)
    season = np.sin(2 * np.pi * t / 12 + phase) * amplitude
    noise = np.zeros(n)
    for k in range(1, n):
        noise[k] = 0.5 * noise[k - 1] + rng.normal(0, 0.05)
    if rng.random() < 0.5:
        values = (level + trend) * (1 + season) * (1 + noise)
    else:
        values = level + trend + level * (season + noise)
    values = np.maximum(values, level * 0.05)
    dates = pd.date_range("2004-01-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    frames.append(pd.DataFrame({"series": f"s{i:05d}", "date": dates, "value": np.round(values, 3)}))
pd.concat(frames).to_csv(path, index=False)
print(f"wrote {count} series to {path}")
