#!/usr/bin/env python3
"""Writes Tests/ForecastModelsTests/Fixtures/theta.json from the real statsforecast.

For the Swift port of statsforecast's Theta family (Sources/ForecastModels/Theta/):
- "recursions": statsforecast's `thetamodel` (theta.py) of each model type on a few series: the
  fitted parameters, the optimiser's result (value and iteration count), the criterion `mse`, the
  one-step in-sample forecasts and 12 forecasts.
- "automatic": `AutoTheta(season_length=m)` (models.py) on the milk series and bench series
  (training part = all but the last `horizon` points): the model chosen, its parameters, the
  seasonal adjustment, fitted values and forecasts; and `forward` on the whole series with the
  fitted model (statsforecast's `forward_theta`, with the configured decomposition type).

statsforecast adds the seasonal component to its residuals after an additive decomposition, so its
fitted values lack the season there; the fixture stores the fitted values with the season put
back (statsforecast's fitted values plus the seasonal component), which is what the Swift port
gives. For the multiplicative decomposition and non-seasonal series they are statsforecast's own.

Run from the repository root: python3 scripts/make-theta-fixtures.py
"""
import json
import warnings

import numpy as np
import pandas as pd
import statsforecast
import statsmodels
from statsforecast.models import AutoTheta
from statsforecast.theta import auto_theta, forecast_theta, thetamodel
from statsmodels.tsa.seasonal import seasonal_decompose

warnings.filterwarnings("ignore")

BENCH = "/work/shared/bench"
MILK = "/work/shared/data/monthly_milk_production.csv"
OUT = "Tests/ForecastModelsTests/Fixtures/theta.json"
KINDS = ["STM", "OTM", "DSTM", "DOTM"]
BENCH_SERIES = [
    "us_employment/CEU0500000001", "us_employment/CEU1000000001", "us_employment/CEU1021100001",
    "us_employment/CEU4244700001", "us_employment/CEU4349200001", "us_employment/CEU6562300001",
    "aus_accommodation/Tasmania", "aus_accommodation/Northern_Territory", "aus_arrivals/Japan",
    "UKNonDurables", "canadian_gas", "souvenirs", "manaus", "BondYield", "mdbAVtJtoD", "DutchSales",
]


def floats(x):
    return [float(v) for v in np.asarray(x, dtype=np.float64)]


def milk():
    return pd.read_csv(MILK).iloc[:, 1].to_numpy(np.float64)


def bench():
    df = pd.read_csv(f"{BENCH}/dev-series.csv")
    index = {e["series"]: e for e in json.load(open(f"{BENCH}/dev-index.json"))}
    for name in BENCH_SERIES:
        e = index[name]
        yield name, df[df.series == name].value.to_numpy(np.float64), e["period"], e["horizon"]


def recursion(name, y, kind):
    fit = thetamodel(y=y, m=1, modeltype=kind, initial_smoothed=np.nan, alpha=np.nan, theta=np.nan, nmse=3)
    par = fit["par"]
    return {
        "name": f"{name} {kind}", "kind": kind, "y": floats(y),
        "parameters": {k: float(par[k]) for k in ("initial_smoothed", "alpha", "theta")},
        "optimizer_value": float(fit["fit"].fn), "optimizer_iterations": int(fit["fit"].nit),
        "mse": float(fit["mse"]), "fitted": floats(y - fit["residuals"]),
        "forecast": floats(forecast_theta(fit, 12)["mean"]),
    }


def automatic(name, y, period, horizon, model=None, decomposition_type="multiplicative"):
    train = y[:-horizon]
    fitted = AutoTheta(season_length=period, model=model, decomposition_type=decomposition_type).fit(train)
    m = fitted.model_
    used = m["decomposition_type"] if m.get("decompose", False) else None
    fitted_values = m["fitted"]
    after = forward(m, y, period, decomposition_type, horizon)
    if decomposition_type == "multiplicative":
        assert np.array_equal(after, fitted.forward(y=y, h=horizon)["mean"])
    if used == "additive":
        fitted_values = fitted_values + seasonal_decompose(train, model="additive", period=period).seasonal
    return {
        "name": name, "y": floats(train), "period": period, "horizon": horizon, "model": model,
        "decomposition_type": decomposition_type,
        "chosen": m["modeltype"], "used_decomposition": used,
        "parameters": {k: float(m["par"][k]) for k in ("initial_smoothed", "alpha", "theta")},
        "mse": float(m["mse"]),
        "seasonal_indices": floats(m["seas_forecast"]["mean"]) if used else None,
        "fitted": floats(fitted_values),
        "forecast": floats(fitted.predict(horizon)["mean"]),
        "after": floats(y[-horizon:]),
        "forward_forecast": floats(after),
    }


def forward(model, y, period, decomposition_type, horizon):
    """statsforecast's `AutoTheta.forward` (`forward_theta`), but with the decomposition type the
    model was configured with: `forward_theta` does not pass it on and always asks for a
    multiplicative decomposition; the Swift port keeps the configured one. The two agree for the
    default, multiplicative."""
    refit = auto_theta(y=y, m=period, model=model["modeltype"], decomposition_type=decomposition_type,
                       **{k: model["par"][k] for k in ("initial_smoothed", "alpha", "theta")})
    return forecast_theta(refit, horizon)["mean"]


def main():
    y_milk = milk()
    milk_seasonal = seasonal_decompose(y_milk, model="multiplicative", period=12).seasonal
    quarterly = dict((n, (y, p, h)) for n, y, p, h in bench())["aus_accommodation/Tasmania"][0]
    recursions = []
    for name, y in [("milk", y_milk), ("milk deseasonalised", y_milk / milk_seasonal),
                    ("Tasmania", quarterly), ("milk less 700", y_milk - 700)]:
        recursions += [recursion(name, y, kind) for kind in KINDS]

    automatic_fits = [automatic("milk", y_milk, 12, 12)]
    automatic_fits += [automatic(f"milk {kind}", y_milk, 12, 12, model=kind) for kind in KINDS]
    automatic_fits.append(automatic("milk additive", y_milk, 12, 12, decomposition_type="additive"))
    automatic_fits.append(automatic("milk less 800 (not positive)", y_milk - 800, 12, 12))
    # One month a year near zero: a multiplicative seasonal index below 0.01, so additive.
    noise = np.random.default_rng(0).normal(size=96)
    spiky = 100 + 0.5 * np.arange(96) + 3 * noise
    spiky[5::12] = 0.4 + 0.01 * np.arange(8)
    automatic_fits.append(automatic("one month near zero", spiky, 12, 12))
    automatic_fits += [automatic(name, y, p, h) for name, y, p, h in bench()]

    fixture = {
        "generator": "scripts/make-theta-fixtures.py",
        "versions": {"statsforecast": statsforecast.__version__, "statsmodels": statsmodels.__version__,
                     "numpy": np.__version__, "pandas": pd.__version__},
        "recursions": recursions,
        "automatic": automatic_fits,
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(recursions)} recursions, {len(automatic_fits)} automatic fits")


if __name__ == "__main__":
    main()
