#!/usr/bin/env python3
"""Training speed of `forecast bench` against Keras 3 (TensorFlow backend, CPU) in one run.

For each configuration, trains LSTM(U) → Dense(1) with Adam on MSE over N seeded synthetic
sequences of T steps × F features, batch size B, in Keras and in `forecast bench`, and reports
the steady-state seconds per epoch (median of the timed epochs after one warm-up epoch) and the
ratio. The two take turns for several rounds and each side's median round counts, so that a
slow spell of a shared machine does not fall on one side only. Also prints numpy's sgemm
GFLOP/s as the practical limit of this processor.

    python3 -m pip install tensorflow-cpu==2.21.0 keras
    swift build -c release
    python3 scripts/compare-keras.py [--forecast .build/release/forecast] [--epochs 3] [--rounds 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"

CONFIGS = [
    {"name": "reference", "units": 100, "steps": 12, "features": 1, "batch_size": 1, "samples": 144, "target": 50.0},
    {"name": "large", "units": 256, "steps": 48, "features": 16, "batch_size": 64, "samples": 1024, "target": 1.5},
]


def flops_per_epoch(c):
    return 3 * 2 * 4 * c["units"] * (c["features"] + c["units"]) * c["steps"] * c["samples"]


def keras_seconds_per_epoch(c, epochs):
    import numpy as np
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(c["samples"], c["steps"], c["features"])).astype("float32")
    y = x[:, :, 0].mean(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((c["steps"], c["features"])), keras.layers.LSTM(c["units"]), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    times = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    model.fit(x, y, batch_size=c["batch_size"], epochs=epochs + 1, verbose=0, callbacks=[Timer()])
    return statistics.median(times[1:])


def ours_seconds_per_epoch(c, epochs, binary):
    out = subprocess.run([binary, "bench", "--units", str(c["units"]), "--steps", str(c["steps"]), "--features", str(c["features"]),
                          "--batch-size", str(c["batch_size"]), "--samples", str(c["samples"]), "--epochs", str(epochs),
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def numpy_sgemm_gflops():
    """numpy's float32 matrix multiply, run without the OPENBLAS_CORETYPE pinning of this machine."""
    code = ("import numpy as np, time\n"
            "a = np.random.rand(2048, 2048).astype('float32'); b = np.random.rand(2048, 2048).astype('float32')\n"
            "a @ b\n"
            "best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))\n"
            "print(2 * 2048 ** 3 / best / 1e9)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecast", default=".build/release/forecast")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per round in Keras")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for c in CONFIGS:
        # Ours is quick: time more epochs per round so one hiccup cannot decide the median.
        our_epochs = max(args.epochs, int(3.0 / max(flops_per_epoch(c) / 50e9, 1e-3)) // 1)
        our_epochs = min(our_epochs, 25)
        ours_runs, theirs_runs = [], []
        for _ in range(args.rounds):
            ours_runs.append(ours_seconds_per_epoch(c, our_epochs, args.forecast))
            theirs_runs.append(keras_seconds_per_epoch(c, args.epochs))
        ours = sorted(ours_runs, key=lambda r: r["s_per_epoch"])[len(ours_runs) // 2]
        theirs = statistics.median(theirs_runs)
        ratio = theirs / ours["s_per_epoch"]
        rows.append((c, theirs, ours, ratio))
    sgemm = numpy_sgemm_gflops()
    print(f"{'configuration':38s} {'Keras s/epoch':>13s} {'ours s/epoch':>12s} {'Keras GFLOP/s':>13s} {'ours GFLOP/s':>12s} {'speed-up':>9s} {'target':>7s}")
    ok = True
    for c, theirs, ours, ratio in rows:
        label = f"{c['name']}: U {c['units']}, T {c['steps']}, F {c['features']}, B {c['batch_size']}, N {c['samples']}"
        met = ratio >= c["target"]
        ok &= met
        print(f"{label:38s} {theirs:13.4f} {ours['s_per_epoch']:12.4f} {flops_per_epoch(c) / theirs / 1e9:13.1f} "
              f"{ours['gflops']:12.1f} {ratio:8.1f}× {c['target']:6.1f}× {'met' if met else 'NOT met'}")
    print(f"numpy sgemm (2048², float32, both cores): {sgemm:.1f} GFLOP/s — the practical limit")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
