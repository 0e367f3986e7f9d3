#!/usr/bin/env python3
"""Writes Tests/ForecastModelsTests/Fixtures/arima.json from statsforecast's ARIMA and AutoARIMA
(and statsmodels' SARIMAX likelihood as an independent check), the numbers ForecastModels' ARIMA
must reproduce.

    python3 -m pip install statsforecast==2.1.1 statsmodels pandas
    python3 scripts/make-arima-fixtures.py [path/to/bench]

The bench folder (default ../shared/bench beside the repository) holds dev-series.csv and
dev-index.json; the training parts of the series used are copied into the fixture.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import statsforecast
import statsmodels
import statsmodels.api as sm
from statsforecast.arima import arima as sf_arima
from statsforecast.arima import arima_string, getQ0, nsdiffs, ndiffs, seas_heuristic
from scipy.optimize import minimize
from statsforecast.models import ARIMA, AutoARIMA

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "ForecastModelsTests", "Fixtures", "arima.json")
MILK = os.path.join(HERE, "..", "Sources", "ForecastSeries", "Resources", "monthly_milk_production.csv")
BENCH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "bench")
LEVELS = [80, 95]
HORIZON = 12

# Fixed orders: (series, (p, d, q), (P, D, Q), period, include_mean, include_drift).
FIXED = [
    ("milk", (1, 1, 1), (0, 0, 0), 12, True, False),
    ("milk", (0, 1, 1), (0, 1, 1), 12, True, False),
    ("milk", (2, 0, 0), (0, 0, 0), 12, True, False),
    ("milk", (0, 1, 1), (0, 0, 0), 12, True, True),
    ("aus_accommodation/Queensland", (1, 0, 0), (0, 1, 1), 4, True, True),
    ("us_employment/CEU4300000001", (2, 1, 2), (0, 1, 1), 12, True, False),
    ("BondYield", (1, 1, 0), (0, 0, 0), 12, True, True),
    ("simulated-quarterly", (1, 0, 1), (1, 0, 0), 4, True, False),
    ("mdbAVtJtoD", (2, 0, 0), (0, 0, 0), 12, True, False),
    ("manaus", (1, 0, 1), (0, 0, 0), 12, True, False),
    ("manaus", (2, 0, 0), (1, 0, 0), 12, True, False),
    ("manaus", (0, 0, 2), (0, 0, 0), 12, True, False),
]

# Fixed orders whose likelihood is nearly flat in some direction — a mean of 10^5 that the
# finite-difference gradient (step 1.5e-8) cannot resolve, or an AR polynomial at the unit
# circle — so that scipy's BFGS ends wherever rounding steers it: the Swift port, rounding
# differently (numpy's BLAS fuses multiply-adds), ends elsewhere on the same plateau.
FLAT = [
    ("milk", (1, 0, 0), (1, 0, 0), 12, True, False),
    ("aus_arrivals/Japan", (1, 0, 1), (1, 0, 0), 4, True, False),
    ("aus_arrivals/Japan", (0, 0, 2), (0, 0, 0), 4, True, False),
]

# Other estimation methods on milk: (order, method). statsforecast's CSS forecasts are zero (it
# never filters the state), so only the estimates are kept.
METHODS = [((1, 1, 1), "CSS"), ((2, 0, 0), "CSS"), ((1, 1, 1), "ML"), ((2, 0, 0), "ML")]

# Polynomials whose stationary covariance (Gardner et al.'s getQ0) is compared exactly.
Q0_CASES = [
    ([0.5, -0.2], [0.4]),
    ([0.6] + [0.0] * 10 + [0.3, -0.18], [0.2, 0.0, 0.1]),
    ([], [0.5, 0.25, 0.0, -0.3]),
    ([0.9], []),
]

# Automatic choices: series whose search is quick in a debug build (quarterly, or monthly
# without seasonal differences); the whole accuracy set is compared by a benchmark instead.
AUTO = [
    "aus_accommodation/Australian_Capital_Territory",
    "aus_accommodation/New_South_Wales",
    "aus_accommodation/Northern_Territory",
    "aus_accommodation/Queensland",
    "aus_accommodation/South_Australia",
    "aus_accommodation/Tasmania",
    "aus_accommodation/Victoria",
    "aus_accommodation/Western_Australia",
    "aus_arrivals/Japan",
    "BondYield",
    "us_employment/CEU9091100001",
    "us_employment/CEU3133410001",
]


def floats(values):
    return [float(v) for v in values]


def simulated_quarterly():
    """An ARMA(1,1)×SAR(1)[4] series around 50, seeded: a well-posed undifferenced model."""
    rng = np.random.default_rng(2024)
    n, phi, theta, sphi = 160, 0.6, 0.3, 0.5
    e = rng.normal(0, 2, n + 100)
    u = np.zeros(n + 100)
    for t in range(5, n + 100):
        u[t] = phi * u[t - 1] + sphi * u[t - 4] - phi * sphi * u[t - 5] + e[t] + theta * e[t - 1]
    return 50 + u[100:]


def load_bench():
    index = {e["series"]: e for e in json.load(open(os.path.join(BENCH, "dev-index.json")))}
    frame = pd.read_csv(os.path.join(BENCH, "dev-series.csv"))
    series = {}
    for name, group in frame.groupby("series", sort=False):
        values = group.value.to_numpy(dtype=float)
        series[name] = values[: len(values) - index[name]["horizon"]]
    return series


def intervals(forecast):
    return {str(level): {"lower": floats(forecast[f"lo-{level}"]), "upper": floats(forecast[f"hi-{level}"])}
            for level in LEVELS}


def statsmodels_loglik(y, coef, order, seasonal, period, include_mean, sigma2):
    """SARIMAX's exact log likelihood at statsforecast's coefficients (undifferenced models)."""
    exog = np.ones((len(y), 1)) if include_mean else None
    model = sm.tsa.SARIMAX(y, exog=exog, order=order, seasonal_order=(*seasonal, period))
    values = list(coef.values())
    narma = order[0] + order[2] + seasonal[0] + seasonal[2]
    params = ([values[narma]] if include_mean else []) + values[:narma] + [sigma2]
    return float(model.loglike(np.array(params)))


def fixed_case(name, y, order, seasonal, period, include_mean, include_drift):
    model = ARIMA(order=order, seasonal_order=seasonal, season_length=period, include_mean=include_mean,
                  include_drift=include_drift).fit(y)
    fitted = model.model_
    forecast = model.predict(HORIZON, level=LEVELS)
    case = {
        "series": name, "order": list(order), "seasonal_order": list(seasonal), "period": period,
        "include_mean": include_mean, "include_drift": include_drift, "description": arima_string(fitted).strip(),
        "coefficient_names": list(fitted["coef"].keys()), "coefficients": floats(fitted["coef"].values()),
        "sigma2": float(fitted["sigma2"]), "loglik": float(fitted["loglik"]), "aic": float(fitted["aic"]),
        "aicc": float(fitted["aicc"]), "bic": float(fitted["bic"]), "mean": floats(forecast["mean"]),
        "intervals": intervals(forecast),
    }
    if order[1] == 0 and seasonal[1] == 0 and (name, order, seasonal) not in [(f[0], f[1], f[2]) for f in FLAT]:
        # arima()'s own variance is the concentrated one, Σv²/F over n; statsmodels evaluates the
        # exact likelihood there.
        raw = sf_arima(y, order=order, seasonal={"order": seasonal, "period": period}, include_mean=include_mean,
                       method="CSS-ML")
        case["statsmodels_loglik"] = statsmodels_loglik(y, fitted["coef"], order, seasonal, period, include_mean,
                                                        float(raw["sigma2"]))
    # statsforecast's forward: the fitted coefficients run over a longer history.
    longer = np.concatenate([y, y[-period:] + (y[-1] - y[-period - 1])])
    forward = model.forward(longer, HORIZON, level=LEVELS)
    case["forward_values"] = floats(longer[len(y):])
    case["forward_mean"] = floats(forward["mean"])
    case["forward_intervals"] = intervals(forward)
    return case


def auto_case(name, y, period, approximation):
    model = AutoARIMA(season_length=period, approximation=approximation).fit(y)
    fitted = model.model_
    forecast = model.predict(HORIZON, level=LEVELS)
    return {
        "series": name, "period": period, "approximation": approximation, "description": arima_string(fitted).strip(),
        "arma": [int(v) for v in fitted["arma"]],
        "coefficient_names": list(fitted["coef"].keys()), "coefficients": floats(fitted["coef"].values()),
        "sigma2": float(fitted["sigma2"]), "mean": floats(forecast["mean"]), "intervals": intervals(forecast),
        "ndiffs": int(ndiffs(y)), "nsdiffs": int(nsdiffs(y, period=period)),
        "seasonal_strength": float(seas_heuristic(y, period)),
    }


def method_cases(milk):
    cases = []
    for order, method in METHODS:
        fitted = ARIMA(order=order, season_length=12, method=method).fit(milk).model_
        cases.append({"order": list(order), "method": method, "coefficients": floats(fitted["coef"].values()),
                      "sigma2": float(fitted["sigma2"]), "loglik": float(fitted["loglik"])})
    return cases


def q0_cases():
    return [{"phi": phi, "theta": theta,
             "q0": floats(getQ0(np.array(phi, dtype=float), np.array(theta, dtype=float)).ravel())}
            for phi, theta in Q0_CASES]


def bfgs_cases():
    """scipy's BFGS with statsforecast's settings (finite-difference gradients, tol=1e-8, maxiter=100)."""
    problems = {
        "rosenbrock": (lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1.0]),
        "quartic": (lambda x: (x[0] - 3) ** 4 + (x[1] + 1) ** 2 + x[0] * x[1] + math.exp(0.1 * x[2]) - 0.1 * x[2],
                    [0.0, 0.0, 5.0]),
    }
    cases = []
    for name, (function, x0) in problems.items():
        result = minimize(function, np.array(x0), method="BFGS", tol=1e-8, options={"maxiter": 100})
        cases.append({"function": name, "x0": x0, "x": floats(result.x), "fun": float(result.fun),
                      "status": int(result.status), "iterations": int(result.nit),
                      "hess_inv": floats(np.asarray(result.hess_inv).ravel())})
    return cases


def stl_case(milk):
    """statsmodels' STL as statsforecast's mstl runs it for the seasonal-strength test."""
    fit = sm.tsa.STL(milk, period=12, seasonal=11, seasonal_deg=0).fit()
    return {"period": 12, "seasonal_window": 11, "seasonal": floats(fit.seasonal), "trend": floats(fit.trend)}


def main():
    milk = pd.read_csv(MILK).iloc[:, 1].to_numpy(dtype=float)
    bench = load_bench()
    index = {e["series"]: e for e in json.load(open(os.path.join(BENCH, "dev-index.json")))}
    series = {"milk": milk, "simulated-quarterly": simulated_quarterly(), **bench}
    used = sorted({case[0] for case in FIXED + FLAT if case[0] != "milk"} | set(AUTO))
    fixture = {
        "versions": {"statsforecast": statsforecast.__version__, "statsmodels": statsmodels.__version__,
                     "scipy": scipy.__version__, "numpy": np.__version__},
        "levels": LEVELS,
        "horizon": HORIZON,
        "series": {name: floats(series[name]) for name in used},
        "fixed": [fixed_case(name, series[name], *rest) for name, *rest in FIXED],
        "flat": [fixed_case(name, series[name], *rest) for name, *rest in FLAT],
        # The exact search (statsforecast's AutoARIMA default) and the approximate one (R's auto.arima
        # default for long series) on every series.
        "auto": [auto_case(name, series[name], index[name]["period"], approximation)
                 for approximation in (False, True) for name in AUTO],
        "bfgs": bfgs_cases(),
        "stl": stl_case(milk),
        "q0": q0_cases(),
        "methods": method_cases(milk),
    }
    with open(OUT, "w") as file:
        json.dump(fixture, file, indent=1)
        file.write("\n")
    print(f"wrote {OUT}: {len(fixture['fixed'])} fixed-order cases, {len(fixture['auto'])} automatic ones")


if __name__ == "__main__":
    main()
