#!/usr/bin/env python3
"""Which ARIMA model `forecast` and statsforecast 2.1.1's AutoARIMA choose on the training part of
every accuracy-set series (all but the last horizon): statsforecast with R's approximation rule
(approximation for series over 150 observations or seasons over 12, as `--method arima`) and with
its exact search (its `AutoARIMA` default), beside ours. Prints the series where they differ and
the counts.

    python3 -m pip install statsforecast==2.1.1 pandas
    swift build -c release
    python3 scripts/compare-arima-orders.py [--forecast .build/release/forecast] [--bench ../shared/bench]
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import warnings

import pandas as pd
from statsforecast.arima import arima_string
from statsforecast.models import AutoARIMA

warnings.filterwarnings("ignore")


def orders(description):
    """(p, d, q, P, D, Q) and the constant of an `ARIMA(p,d,q)(P,D,Q)[m] with drift` description."""
    groups = re.findall(r"\((\d+),(\d+),(\d+)\)", description)
    seasonal = groups[1] if len(groups) > 1 else ("0", "0", "0")
    return tuple(int(v) for v in groups[0] + seasonal), "drift" in description or "non-zero mean" in description


def ours(binary, frame, folder):
    csv, model = os.path.join(folder, "series.csv"), os.path.join(folder, "model")
    frame.to_csv(csv, index=False)
    subprocess.run([binary, "train", "--csv", csv, "--method", "arima", "--test-size", "0", "--save-model", model,
                    "--quiet"], check=True, capture_output=True)
    fitted = json.load(open(os.path.join(model, "model.json")))["model"]["fitted_model"]
    o, s = fitted["order"], fitted["seasonal_order"]
    return (o["p"], o["d"], o["q"], s["p"], s["d"], s["q"]), fitted.get("regressor", "none") != "none"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecast", default=".build/release/forecast")
    parser.add_argument("--bench", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench"))
    args = parser.parse_args()
    index = json.load(open(os.path.join(args.bench, "dev-index.json")))
    data = pd.read_csv(os.path.join(args.bench, "dev-series.csv"))
    same_rule = same_exact = approximated = 0
    with tempfile.TemporaryDirectory() as folder:
        for entry in index:
            rows = data[data.series == entry["series"]].iloc[:-entry["horizon"]]
            y = rows.value.to_numpy(dtype=float)
            rule = len(y) > 150 or entry["period"] > 12
            approximated += rule
            theirs = {approximation: orders(arima_string(
                AutoARIMA(season_length=entry["period"], approximation=approximation).fit(y).model_))
                for approximation in {rule, False}}
            mine = ours(args.forecast, rows[["date", "value"]], folder)
            same_rule += mine == theirs[rule]
            same_exact += mine == theirs[False]
            if mine != theirs[rule]:
                print(f"{entry['series']} ({len(y)} observations): ours {mine}, statsforecast {theirs[rule]}")
    print(f"R's approximation rule applies to {approximated} of {len(index)} training parts.")
    print(f"Same model (orders and constant) as statsforecast with the rule: {same_rule} of {len(index)}; "
          f"as its exact search: {same_exact} of {len(index)}.")


if __name__ == "__main__":
    main()
