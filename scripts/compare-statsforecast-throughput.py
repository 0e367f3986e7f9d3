"""Throughput on many series, side by side in one run: our `forecast backtest --method ets` and
statsforecast's AutoETS on the same generated monthly series, each fitted on all but the last 12
months of every series and forecasting those 12 (point forecasts; both on every core). Each side
runs `--rounds` times, taking turns; the fastest round of each is compared. Per core means per
CPU-second (user + system time of the process and its children), so the two compare fairly even
when one side uses the cores less fully. Both sides are timed from outside, start to end: reading
the CSV and (for statsforecast) importing its packages count.

    python3 scripts/compare-statsforecast-throughput.py .build/release/forecast [--series 10000] [--rounds 2]

Prints series per second (wall), series per CPU-second, ours' peak memory, and both sides' mean
MASE on the held-out months (they should agree: our ETS follows statsforecast's).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("forecast")
parser.add_argument("--series", type=int, default=10_000)
parser.add_argument("--rounds", type=int, default=2)
args = parser.parse_args()
root = Path(__file__).resolve().parent.parent

# statsforecast in its own process, so its CPU time and memory are measured like ours.
STATSFORECAST = r"""
import json, sys
import numpy as np, pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS
df = pd.read_csv(sys.argv[1], parse_dates=["date"]).rename(columns={"series": "unique_id", "date": "ds", "value": "y"})
test = df.groupby("unique_id").tail(12)
train = df.drop(test.index)
sf = StatsForecast(models=[AutoETS(season_length=12)], freq="MS", n_jobs=-1)
forecast = sf.forecast(df=train, h=12)
merged = test.merge(forecast, on=["unique_id", "ds"])
scale = train.groupby("unique_id")["y"].apply(lambda y: np.mean(np.abs(y.values[12:] - y.values[:-12])))
mae = merged.assign(e=(merged.y - merged.AutoETS).abs()).groupby("unique_id")["e"].mean()
print(json.dumps({"mase": float((mae / scale).mean())}))
"""


def timed(command):
    """Runs `command`; its wall seconds, CPU seconds, peak resident MB (of the process or its
    largest child) and standard output."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout = out.read()
        if process.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{stdout}{err.read()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


with tempfile.TemporaryDirectory() as temporary:
    csv = Path(temporary) / "series.csv"
    subprocess.run([sys.executable, str(root / "scripts/make-many-series.py"), str(args.series), str(csv)], check=True, capture_output=True)
    script = Path(temporary) / "statsforecast_ets.py"
    script.write_text(STATSFORECAST)
    ours_command = [args.forecast, "backtest", "--csv", str(csv), "--id-column", "series", "--method", "ets",
                    "--test-size", "12", "--point-only", "--format", "json"]
    theirs_command = [sys.executable, str(script), str(csv)]
    rounds = {"ours": [], "statsforecast": []}
    for turn in range(args.rounds):
        for name, command in (("ours", ours_command), ("statsforecast", theirs_command)):
            wall, cpu, peak, out = timed(command)
            if name == "ours":
                summary = json.loads(out)["summary"][0]
                mase, failures = summary["mean"]["mase"], summary["failures"]
            else:
                mase, failures = json.loads(out)["mase"], 0
            rounds[name].append((wall, cpu, peak, mase, failures))
            print(f"round {turn + 1} {name}: {wall:.1f} s wall, {cpu:.1f} CPU-s, peak {peak:.0f} MB, mean MASE {mase:.4f}, failures {failures}", flush=True)
    print(f"\n{args.series} monthly series, horizon 12, {os.cpu_count()} cores; fastest round of {args.rounds} per side:")
    print(f"{'':15} {'wall s':>8} {'series/s':>9} {'CPU-s':>8} {'series/CPU-s':>13} {'peak MB':>8} {'mean MASE':>10}")
    best = {}
    for name, values in rounds.items():
        wall, cpu, peak, mase, _ = min(values)
        best[name] = (wall, cpu)
        print(f"{name:15} {wall:8.1f} {args.series / wall:9.0f} {cpu:8.1f} {args.series / cpu:13.1f} {peak:8.0f} {mase:10.4f}")
    print(f"ours per core: {best['statsforecast'][1] / best['ours'][1]:.2f}x statsforecast's series per CPU-second; "
          f"wall: {best['statsforecast'][0] / best['ours'][0]:.2f}x")
