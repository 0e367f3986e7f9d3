#!/usr/bin/env python3
"""Writes Tests/ForecastModelsTests/Fixtures/ets.json from the real statsforecast.

What the Swift ETS tests compare against (statsforecast 2.1.1, R forecast's ets() in Python):

- filters: models fitted by statsforecast's `ets_f` on milk and three accuracy-set series, with
  their parameters, initial states, fitted values, final states, statistics, forecasts and
  (on milk) the 80/95% prediction intervals; our recursions run from the same parameters must
  reproduce them.
- optimizations: the Nelder-Mead runs inside those fits, recorded at statsforecast's
  `optimize_ets_target_fn` (start, bounds, point found, value, iterations); our optimiser started
  from the same point must find the same one.
- selections: AutoETS(season_length=m) on milk, 17 accuracy-set series and three variants (no
  season; under three seasons of data): the model chosen, its AICc, the forecasts and the 80/95%
  intervals.
- forwards: AutoETS fitted on all but the last 12 (or 8) values, then `forward` on the whole series.

Run from the repository root: python3 scripts/make-ets-fixtures.py
"""
import json
import pathlib
import warnings

import numpy as np
import pandas as pd
import statsforecast
import statsmodels
from statsforecast import ets as sf_ets
from statsforecast.models import AutoETS

warnings.filterwarnings("ignore")
ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
if not BENCH.exists():
    BENCH = pathlib.Path("/work/shared/bench")
OUT = ROOT / "Tests" / "ForecastModelsTests" / "Fixtures" / "ets.json"
LEVELS = [80, 95]
ALL_MODELS = ["ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA", "MNN", "MAN", "MAdN", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM"]
BENCH_MODELS = ["ANN", "AAN", "AAdN", "AAA", "AAdA", "MNN", "MNM", "MAM", "MAdM"]
FILTER_SERIES = ["us_employment/CEU1000000001", "aus_arrivals/Japan", "BondYield"]
SELECTION_SERIES = [
    "us_employment/CEU0500000001", "us_employment/CEU1000000001", "us_employment/CEU1021300001",
    "us_employment/CEU2023610001", "us_employment/CEU2023800001", "us_employment/CEU3133600101",
    "us_employment/CEU4142500001", "us_employment/CEU4244400001", "us_employment/CEU4348600001",
    "us_employment/CEU5552100001", "aus_accommodation/Northern_Territory", "aus_accommodation/Queensland",
    "aus_arrivals/Japan", "aus_arrivals/US", "souvenirs", "BondYield", "UKNonDurables",
]


# Variants that reach other rules: no season (m = 1), and series under three seasons, whose
# seasonal starting states come from a Fourier regression: (name, series, first values, m, h).
VARIANTS = [
    ("milk (m=1)", "milk", None, 1, 12),
    ("milk[:30]", "milk", 30, 12, 6),
    ("aus_arrivals/Japan[:14]", "aus_arrivals/Japan", 14, 4, 4),
]


def floats(values):
    """A JSON list: NaN as null."""
    return [None if np.isnan(v) else float(v) for v in np.asarray(values, dtype=float)]


def load_series():
    milk = pd.read_csv(ROOT / "Sources" / "ForecastSeries" / "Resources" / "monthly_milk_production.csv")
    index = {s["series"]: s for s in json.load(open(BENCH / "dev-index.json"))}
    frame = pd.read_csv(BENCH / "dev-series.csv")
    series = {"milk": (milk.iloc[:, 1].to_numpy(dtype=float), 12, 12)}
    for name in sorted(set(FILTER_SERIES + SELECTION_SERIES)):
        entry = index[name]
        values = frame[frame.series == name].value.to_numpy(dtype=float)
        series[name] = (values, entry["period"], entry["horizon"])
    for name, base, length, m, h in VARIANTS:
        series[name] = (series[base][0][:length], m, h)
    return series


def record_optimizations():
    """Wraps statsforecast's optimiser call to keep what goes in and what comes out."""
    calls = []
    original = sf_ets.optimize_ets_target_fn

    def wrapper(**kwargs):
        result = original(**kwargs)
        # The smoothing parameters' bounds; the initial states' are infinite.
        lower, upper = np.asarray(kwargs["lowerb"]), np.asarray(kwargs["upperb"])
        finite = int(np.isfinite(lower).sum())
        assert np.isinf(lower[finite:]).all() and np.isinf(upper[finite:]).all()
        calls.append(dict(x0=floats(kwargs["x0"]), lower=floats(lower[:finite]), upper=floats(upper[:finite]),
                          x=floats(result.x), fn=float(result.fn), nit=int(result.nit)))
        return result

    sf_ets.optimize_ets_target_fn = wrapper
    return calls


def fitted_model(y, m, h, model, with_intervals):
    damped = "d" in model
    fit = sf_ets.ets_f(y, m, model=model.replace("d", ""), damped=damped)
    forecast = sf_ets.forecast_ets(fit, h=h, level=LEVELS if with_intervals else None)
    entry = dict(
        model=model, m=int(fit["m"]), components=fit["components"], par=floats(fit["par"]),
        fitted=floats(fit["fitted"]), residuals=floats(fit["residuals"]), final_state=floats(fit["states"][-1]),
        loglik=float(fit["loglik"]), aic=float(fit["aic"]), aicc=float(fit["aicc"]), bic=float(fit["bic"]),
        sigma2=float(fit["sigma2"]), mse=float(fit["mse"]), amse=float(fit["amse"]), n_params=int(fit["n_params"]),
        forecast=floats(forecast["mean"]),
    )
    if with_intervals:
        entry["intervals"] = {str(lv): dict(lower=floats(forecast[f"lo-{lv}"]), upper=floats(forecast[f"hi-{lv}"])) for lv in LEVELS}
    return entry


def main():
    series = load_series()
    calls = record_optimizations()
    filters, optimizations = [], []
    for name in ["milk"] + FILTER_SERIES:
        values, m, h = series[name]
        train = values[:-h]
        for model in (ALL_MODELS if name == "milk" else BENCH_MODELS):
            calls.clear()
            entry = fitted_model(train, m, h, model, with_intervals=name == "milk")
            entry["series"] = name
            filters.append(entry)
            optimizations.append(dict(series=name, model=model, m=m, **calls[0]))

    selections = []
    for name in ["milk"] + SELECTION_SERIES + [v[0] for v in VARIANTS]:
        values, m, h = series[name]
        train = values[:-h]
        auto = AutoETS(season_length=m).fit(train)
        forecast = auto.predict(h, level=LEVELS)
        selections.append(dict(
            series=name, m=m, h=h, components=auto.model_["components"], aicc=float(auto.model_["aicc"]),
            par=floats(auto.model_["par"]), forecast=floats(forecast["mean"]),
            intervals={str(lv): dict(lower=floats(forecast[f"lo-{lv}"]), upper=floats(forecast[f"hi-{lv}"])) for lv in LEVELS},
        ))

    forwards = []
    for name in ["milk", "aus_arrivals/Japan"]:
        values, m, h = series[name]
        auto = AutoETS(season_length=m).fit(values[:-h])
        forward = auto.forward(values, h=h, level=LEVELS)
        forwards.append(dict(
            series=name, m=m, h=h, components=auto.model_["components"], forecast=floats(forward["mean"]),
            intervals={str(lv): dict(lower=floats(forward[f"lo-{lv}"]), upper=floats(forward[f"hi-{lv}"])) for lv in LEVELS},
        ))

    fixture = dict(
        versions=dict(statsforecast=statsforecast.__version__, statsmodels=statsmodels.__version__,
                      numpy=np.__version__, pandas=pd.__version__),
        series={name: dict(values=floats(values), m=m, h=h) for name, (values, m, h) in series.items()},
        filters=filters, optimizations=optimizations, selections=selections, forwards=forwards,
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, separators=(",", ":"), allow_nan=False))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB): {len(filters)} filters, "
          f"{len(optimizations)} optimizations, {len(selections)} selections, {len(forwards)} forwards")


if __name__ == "__main__":
    main()
