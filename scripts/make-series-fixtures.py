#!/usr/bin/env python3
"""Writes Tests/ForecastSeriesTests/Fixtures/*.json from pandas, scikit-learn, statsmodels and
tf-keras' TimeseriesGenerator, the libraries whose numbers ForecastSeries must reproduce.

    python3 -m pip install pandas scikit-learn statsmodels tf-keras==2.21.0
    python3 scripts/make-series-fixtures.py
"""
import json
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pandas as pd
import sklearn
import statsmodels
from sklearn.metrics import mean_absolute_error, mean_absolute_percentage_error, mean_squared_error
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from statsmodels.tsa.seasonal import seasonal_decompose
from tf_keras.preprocessing.sequence import TimeseriesGenerator

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "Tests", "ForecastSeriesTests", "Fixtures")
MILK = os.path.join(HERE, "..", "Sources", "ForecastSeries", "Resources", "monthly_milk_production.csv")


def clean(values):
    """NaN as null, so the JSON is standard."""
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def decompositions(milk):
    rng = np.random.default_rng(7)
    days = 7 * 12
    daily = 50 + 0.1 * np.arange(days) + 5 * np.sin(2 * np.pi * np.arange(days) / 7) + rng.normal(0, 1, days)
    quarterly = 100 + np.arange(20) * 2.0 + np.tile([5, -3, 8, -10], 5) + rng.normal(0, 0.5, 20)
    series = {"milk": (milk, 12), "daily-synthetic": (daily, 7), "quarterly-synthetic": (quarterly, 4),
              "milk-period-5": (milk, 5)}
    cases = []
    for name, (values, period) in series.items():
        for model in ("additive", "multiplicative"):
            for extrapolate in (0, 1, period - 1):
                result = seasonal_decompose(np.asarray(values, dtype=float), model=model, period=period,
                                            extrapolate_trend=extrapolate)
                cases.append({"name": name, "period": period, "model": model, "extrapolate_trend": extrapolate,
                              "observed": clean(values), "trend": clean(result.trend),
                              "seasonal": clean(result.seasonal), "resid": clean(result.resid)})
    return cases


def scalers(milk):
    train, test = milk[:156].reshape(-1, 1), milk[156:].reshape(-1, 1)
    out = {"train": train.ravel().tolist(), "test": test.ravel().tolist(), "minmax": []}
    for feature_range in ((0, 1), (-1, 1)):
        scaler = MinMaxScaler(feature_range=feature_range).fit(train)
        out["minmax"].append({
            "feature_range": list(feature_range), "data_min": scaler.data_min_.tolist(),
            "data_max": scaler.data_max_.tolist(), "scale": scaler.scale_.tolist(), "min": scaler.min_.tolist(),
            "train_scaled": scaler.transform(train).ravel().tolist(),
            "test_scaled": scaler.transform(test).ravel().tolist(),
            "inverse_of_test_scaled": scaler.inverse_transform(scaler.transform(test)).ravel().tolist(),
        })
    standard = StandardScaler().fit(train)
    out["standard"] = {"mean": standard.mean_.tolist(), "scale": standard.scale_.tolist(),
                       "test_scaled": standard.transform(test).ravel().tolist()}
    return out


def generators(milk):
    scaled = MinMaxScaler().fit(milk[:156].reshape(-1, 1)).transform(milk[:156].reshape(-1, 1))
    configs = [
        {"length": 12, "batch_size": 1},
        {"length": 5, "sampling_rate": 2, "stride": 3, "start_index": 4, "end_index": 100, "batch_size": 7},
        {"length": 6, "reverse": True, "batch_size": 32},
        {"length": 3, "stride": 2, "batch_size": 5, "end_index": 40},
    ]
    out = []
    for config in configs:
        generator = TimeseriesGenerator(scaled, scaled, **config)
        batches = [generator[i] for i in range(len(generator))]
        out.append({"config": config, "count": len(generator),
                    "samples": [b[0].tolist() for b in batches], "targets": [b[1].tolist() for b in batches]})
    return {"data": scaled.ravel().tolist(), "generators": out}


def frequencies():
    ranges = [
        ("1962-01-01", 30, "MS"), ("2000-01-31", 30, "ME"), ("2000-01-01", 10, "QS"), ("2000-02-01", 10, "QS-NOV"),
        ("2000-03-31", 10, "QE"), ("1990-01-01", 8, "YS"), ("1990-12-31", 8, "YE"), ("2020-03-01", 40, "D"),
        ("2020-03-01", 40, "2D"), ("2021-01-03", 20, "W-SUN"), ("2021-01-06", 20, "W-WED"),
        ("2021-05-01 00:00", 72, "h"), ("2021-05-01 00:00", 30, "6h"), ("1962-01-01", 24, "2MS"),
        ("2000-07-01", 9, "QS-JAN"),
    ]
    out = []
    for start, periods, freq in ranges:
        index = pd.date_range(start, periods=periods, freq=freq)
        out.append({"dates": [d.isoformat() for d in index], "inferred": pd.infer_freq(index)})
    irregular = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-04", "2020-01-05"])
    out.append({"dates": [d.isoformat() for d in irregular], "inferred": pd.infer_freq(irregular)})
    return out


def metrics(milk):
    rng = np.random.default_rng(3)
    train, actual = milk[:156], milk[156:]
    forecast = actual + rng.normal(0, 15, actual.shape)
    seasonal_errors = np.abs(train[12:] - train[:-12])
    return {"train": train.tolist(), "actual": actual.tolist(), "forecast": forecast.tolist(), "seasonality": 12,
            "rmse": math.sqrt(mean_squared_error(actual, forecast)),
            "mae": mean_absolute_error(actual, forecast),
            "mape": 100 * mean_absolute_percentage_error(actual, forecast),
            # darts' definitions, written out (darts is not among the reference packages).
            "smape": float(200 * np.mean(np.abs(actual - forecast) / (np.abs(actual) + np.abs(forecast)))),
            "mase": float(mean_absolute_error(actual, forecast) / np.mean(seasonal_errors))}


def tables(df):
    described = df.describe()
    return {"head": df.head().to_string(), "describe": {k: float(v) for k, v in described["Production"].items()}}


def main():
    df = pd.read_csv(MILK, index_col="Date", parse_dates=True)
    milk = df["Production"].to_numpy(dtype=float)
    os.makedirs(OUT, exist_ok=True)
    versions = {"pandas": pd.__version__, "statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__,
                "numpy": np.__version__}
    fixtures = {"decomposition": {"cases": decompositions(milk)}, "scalers": scalers(milk),
                "timeseries-generator": generators(milk), "frequencies": {"cases": frequencies()},
                "metrics": metrics(milk), "tables": tables(df)}
    for name, content in fixtures.items():
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump({"versions": versions} | content, f)
    print(f"wrote {len(fixtures)} fixtures to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
