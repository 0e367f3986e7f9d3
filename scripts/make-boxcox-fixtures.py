"""Fixtures for the Box–Cox transform and Guerrero's lambda, from coreforecast (statsforecast's
numerical core): lambda for milk, bench series, series with zeros or negative values and a short
series, and the transform of their values at that lambda.

    python3 scripts/make-boxcox-fixtures.py ../shared/bench   # writes Tests/ForecastSeriesTests/Fixtures/boxcox.json
"""
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from coreforecast.scalers import boxcox, boxcox_lambda

root = Path(__file__).resolve().parent.parent
bench = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/bench")
milk = pd.read_csv(root / "Sources/ForecastSeries/Resources/monthly_milk_production.csv")["Production"].to_numpy(float)
data = pd.read_csv(bench / "dev-series.csv")
index = {row["series"]: row for row in json.loads((bench / "dev-index.json").read_text())}

series = {"milk": (milk, 12), "milk minus 700": (milk - 700, 12), "milk, short": (milk[:24], 12)}
for name in ["us_employment/CEU0500000001", "aus_arrivals/Japan", "souvenirs", "manaus", "BondYield", "UKNonDurables", "canadian_gas"]:
    values = data[data.series == name]["value"].to_numpy(float)
    series[name] = (values, index[name]["period"])

cases = []
for name, (values, period) in series.items():
    lam = float(boxcox_lambda(values, method="guerrero", season_length=period))
    cases.append({
        "name": name, "period": period, "values": values.tolist(), "lambda": lam,
        "transformed": boxcox(values, lam).tolist(),
    })

out = root / "Tests/ForecastSeriesTests/Fixtures/boxcox.json"
out.write_text(json.dumps({"versions": {"coreforecast": version("coreforecast"), "numpy": np.__version__}, "cases": cases}))
print("\n".join(f"{c['name']}: lambda {c['lambda']:.6f}" for c in cases))
print(f"wrote {out}")
