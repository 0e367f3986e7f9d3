"""Fixtures for residual diagnostics, from statsmodels: the sample autocorrelation (`acf`, not
adjusted, no FFT) and the Ljung–Box test (`acorr_ljungbox`) of a few series.

    python3 scripts/make-diagnostics-fixtures.py   # writes Tests/ForecastModelsTests/Fixtures/diagnostics.json
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tsa.stattools import acf

root = Path(__file__).resolve().parent.parent
milk = pd.read_csv(root / "Sources/ForecastSeries/Resources/monthly_milk_production.csv")["Production"].to_numpy(float)
rng = np.random.default_rng(7)
noise = rng.normal(size=120)
ar = np.zeros(150)
for t in range(1, 150):
    ar[t] = 0.7 * ar[t - 1] + rng.normal()
series = {"milk, differenced": np.diff(milk), "white noise": noise, "AR(1), 0.7": ar, "milk, seasonal differences": milk[12:] - milk[:-12]}

cases = []
for name, values in series.items():
    lags = min(24, len(values) // 4)
    box = acorr_ljungbox(values, lags=[lags], return_df=True)
    cases.append({
        "name": name, "values": values.tolist(), "lags": lags,
        "acf": acf(values, nlags=lags, adjusted=False, fft=False)[1:].tolist(),
        "ljung_box": float(box["lb_stat"].iloc[0]), "p_value": float(box["lb_pvalue"].iloc[0]),
    })
out = root / "Tests/ForecastModelsTests/Fixtures/diagnostics.json"
out.write_text(json.dumps({"versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__}, "cases": cases}))
print("\n".join(f"{c['name']}: Q {c['ljung_box']:.4f}, p {c['p_value']:.3g}" for c in cases))
print(f"wrote {out}")
