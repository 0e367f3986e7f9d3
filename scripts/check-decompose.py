#!/usr/bin/env python3
"""`forecast decompose --format csv` against statsmodels' seasonal_decompose on series the test
fixtures were not written from: monthly CO2 at Mauna Loa and the monthly El Niño sea-surface
temperatures (statsmodels' bundled data sets), and a daily series made from the CO2 record
(interpolated to days, with a seeded day-of-week pattern and noise). Additive and multiplicative,
even and odd periods, with and without trend extrapolation.

    swift build -c release
    python3 scripts/check-decompose.py [--forecast .build/release/forecast]
"""
import argparse
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from statsmodels.datasets import co2, elnino
from statsmodels.tsa.seasonal import seasonal_decompose


def series():
    weekly = co2.load_pandas().data["co2"]
    monthly_co2 = weekly.resample("MS").mean().interpolate()
    nino = elnino.load_pandas().data
    temperatures = nino.drop(columns="YEAR").to_numpy().ravel()
    monthly_nino = pd.Series(temperatures, index=pd.date_range(f"{int(nino.YEAR.iloc[0])}-01-01", periods=temperatures.size, freq="MS"))
    days = weekly.interpolate().resample("D").interpolate()["1990":"1995"]
    rng = np.random.default_rng(11)
    daily = days + np.tile([0.3, -0.1, 0.2, 0.0, -0.4, 0.5, -0.5], days.size // 7 + 1)[: days.size] + rng.normal(0, 0.1, days.size)
    return {"co2-monthly": monthly_co2, "elnino-monthly": monthly_nino, "co2-daily": daily}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecast", default=".build/release/forecast")
    args = parser.parse_args()
    cases = [("co2-monthly", 12), ("co2-monthly", 5), ("elnino-monthly", 12), ("elnino-monthly", 9),
             ("co2-daily", 7), ("co2-daily", 14)]
    data = series()
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as directory:
        for name, period in cases:
            values = data[name]
            path = os.path.join(directory, f"{name}.csv")
            values.rename("value").to_frame().to_csv(path, index_label="date")
            for model in ("additive", "multiplicative"):
                for extrapolate in (0, period - 1):
                    printed = subprocess.run(
                        [args.forecast, "decompose", "--csv", path, "--period", str(period), "--model", model,
                         "--extrapolate-trend", str(extrapolate), "--format", "csv"],
                        check=True, capture_output=True, text=True).stdout
                    ours = pd.read_csv(io.StringIO(printed), index_col="date", parse_dates=True)
                    reference = seasonal_decompose(values.to_numpy(), model=model, period=period, extrapolate_trend=extrapolate)
                    worst = 0.0
                    for component, theirs in (("trend", reference.trend), ("seasonal", reference.seasonal), ("resid", reference.resid)):
                        mine = ours[component].to_numpy()
                        assert np.array_equal(np.isnan(mine), np.isnan(theirs)), f"{name} {component}: NaN positions differ"
                        defined = ~np.isnan(theirs)
                        difference = np.abs(mine[defined] - theirs[defined]) / np.maximum(np.abs(theirs[defined]), 1)
                        worst = max(worst, float(difference.max()))
                    worst_all = max(worst_all, worst)
                    print(f"{name:15s} n={len(values):4d} period {period:2d} {model:14s} extrapolate {extrapolate:2d}: largest relative difference {worst:.2e}")
    ok = worst_all <= 1e-9
    print(("PASS" if ok else "FAIL") + f": largest relative difference {worst_all:.2e} (limit 1e-9)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
