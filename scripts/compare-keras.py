#!/usr/bin/env python3
"""Training speed of `forecast bench` against Keras 3 (TensorFlow backend, CPU) in one run.

For each configuration, trains LSTM(U) → Dense(1) with Adam on MSE over N seeded synthetic
sequences of T steps × F features, batch size B, in Keras and in `forecast bench`, and reports
seconds per epoch. A round of either side is one training run whose value is the median of its
timed epochs (after one warm-up epoch). The two sides take turns, round after round, so that a
slow spell of a shared machine does not fall on one side only, and the ratio that counts is each
side's fastest round against the other's: a busy machine slows rounds down, never up, so the
fastest round is the best estimate of each side's speed on a quiet machine (medians are printed
too, but they skew toward whichever side the busy spells fell on). Each of our rounds also says
what share of its timed steps that could run on two threads the thread choice put on one
(`forecast bench`'s `steps_on_one_thread` against `steps_on_two_threads`; "-" where every step
was too small to split): on a machine whose two vCPUs only sometimes work well together, a round
on one thread is a round in a spell where they did not. Also prints numpy's sgemm GFLOP/s as the
practical limit of this processor and the load average before and after.

The configurations: the reference (the Keras tutorial's network: U 100, T 12, B 1), the small
networks `auto` trains (U 16, 32, 64 × B 1, 16 × T 12, 24) and a large one.

With --predict, compares inference instead: one-step predictions per second of one window (batch
1) by the reference and small networks (B does not apply), Keras' `model(x, training=False)` and
`model.predict_on_batch(x)` (the faster of the two counts) against `forecast bench --predict`'s
Predictor; rounds take turns as for training, and fastest round is compared with fastest round.

    python3 -m pip install tensorflow-cpu==2.21.0 keras
    swift build -c release
    python3 scripts/compare-keras.py [--forecast .build/release/forecast] [--rounds 3] [--only small] [--predict]
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


def config(name, units, steps, batch_size, samples, target, features=1):
    return {"name": name, "units": units, "steps": steps, "features": features, "batch_size": batch_size,
            "samples": samples, "target": target}


CONFIGS = (
    [config("reference", 100, 12, 1, 144, 50.0)]
    + [config("small", units, steps, batch, 256, 10.0) for units in (16, 32, 64) for batch in (1, 16) for steps in (12, 24)]
    + [config("large", 256, 48, 64, 1024, 2.0, features=16)]
)


def flops_per_epoch(c):
    return 3 * 2 * 4 * c["units"] * (c["features"] + c["units"]) * c["steps"] * c["samples"]


def label(c):
    return f"{c['name']}: U {c['units']}, T {c['steps']}, F {c['features']}, B {c['batch_size']}, N {c['samples']}"


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


def keras_predictions_per_second(c, seconds=0.5):
    """One-step predictions of one window per second: by `model(x, training=False)` and by
    `model.predict_on_batch(x)`, each timed for about `seconds` after a warm-up."""
    import numpy as np
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(1, c["steps"], c["features"])).astype("float32")
    model = keras.Sequential([keras.Input((c["steps"], c["features"])), keras.layers.LSTM(c["units"]), keras.layers.Dense(1)])
    rates = {}
    for name, call in (("call", lambda: model(x, training=False)), ("predict_on_batch", lambda: model.predict_on_batch(x))):
        for _ in range(10):
            call()
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            call()
            calls += 1
        rates[name] = calls / (time.perf_counter() - start)
    return rates


def ours_predictions_per_second(c, binary):
    out = subprocess.run([binary, "bench", "--predict", "--horizon", "0", "--rounds", "3", "--units", str(c["units"]),
                          "--steps", str(c["steps"]), "--features", str(c["features"]), "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["predictor_per_second"]


def compare_predictions(configs, args):
    """--predict: one-step predictions per second, ours against Keras', fastest round against fastest round."""
    load_before = os.getloadavg()
    rows = []
    for c in configs:
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(ours_predictions_per_second(c, args.forecast))
            theirs.append(keras_predictions_per_second(c))
        rows.append((c, theirs, ours))
        print(f"  U {c['units']}, T {c['steps']}: Keras {' '.join(f'{max(t.values()):.0f}' for t in theirs)}/s, "
              f"ours {' '.join(f'{o:.0f}' for o in ours)}/s", file=sys.stderr, flush=True)
    load_after = os.getloadavg()
    print(f"{'configuration':30s} {'Keras call/s':>12s} {'Keras predict_on_batch/s':>24s} {'ours/s':>9s} {'speed-up':>9s} {'medians':>8s}")
    for c, theirs, ours in rows:
        call, on_batch = max(t["call"] for t in theirs), max(t["predict_on_batch"] for t in theirs)
        best = [max(t.values()) for t in theirs]
        print(f"{'U ' + str(c['units']) + ', T ' + str(c['steps']) + ', F ' + str(c['features']) + ', one window':30s} "
              f"{call:12.0f} {on_batch:24.0f} {max(ours):9.0f} {max(ours) / max(best):8.1f}× "
              f"{statistics.median(ours) / statistics.median(best):7.1f}×")
    print(f"per second: each side's fastest of {args.rounds} rounds (Keras: the faster of its two calls); medians: median "
          f"round against median round.")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 minute)")


def ours_seconds_per_epoch(c, epochs, binary):
    """Our round: its median epoch's seconds and the share of its timed steps that could run on two
    threads which ran on one (None where none could: too small to split, or trained layer by
    layer)."""
    out = subprocess.run([binary, "bench", "--units", str(c["units"]), "--steps", str(c["steps"]), "--features", str(c["features"]),
                          "--batch-size", str(c["batch_size"]), "--samples", str(c["samples"]), "--epochs", str(epochs),
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    m = json.loads(out)
    one, two = m.get("steps_on_one_thread", 0), m.get("steps_on_two_threads", 0)
    return m["s_per_epoch"], (one / (one + two) if one + two else None)


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
    parser.add_argument("--only", default=None, help="run only the configurations of this name (reference, small, large)")
    parser.add_argument("--predict", action="store_true", help="compare one-step predictions of one window instead of training")
    args = parser.parse_args()
    configs = [c for c in CONFIGS if args.only in (None, c["name"])]
    if args.predict:
        compare_predictions([c for c in configs if c["name"] != "large" and c["batch_size"] == 1], args)
        return
    load_before = os.getloadavg()
    rows = []
    for c in configs:
        # Ours is quick: time more epochs per round (about 3 s of work), so one hiccup cannot decide its median.
        our_epochs = min(max(args.epochs, int(3.0 / max(flops_per_epoch(c) / 50e9, 1e-3))), 25)
        ours, theirs, one_thread = [], [], []
        for _ in range(args.rounds):
            seconds, share = ours_seconds_per_epoch(c, our_epochs, args.forecast)
            ours.append(seconds)
            one_thread.append(share)
            theirs.append(keras_seconds_per_epoch(c, args.epochs))
        rows.append((c, theirs, ours))
        shares = " ".join("-" if share is None else f"{100 * share:.0f}%" for share in one_thread)
        print(f"  {label(c)}: Keras {' '.join(f'{t:.4f}' for t in theirs)} s, ours {' '.join(f'{t:.5f}' for t in ours)} s "
              f"(steps on one thread: {shares})",
              file=sys.stderr, flush=True)
    sgemm = numpy_sgemm_gflops()
    load_after = os.getloadavg()
    print(f"{'configuration':42s} {'Keras s/epoch':>13s} {'ours s/epoch':>12s} {'Keras GFLOP/s':>13s} {'ours GFLOP/s':>12s} "
          f"{'speed-up':>9s} {'medians':>8s} {'target':>7s}")
    ok = True
    for c, theirs, ours in rows:
        fastest = min(theirs) / min(ours)
        medians = statistics.median(theirs) / statistics.median(ours)
        met = fastest >= c["target"]
        ok &= met
        print(f"{label(c):42s} {min(theirs):13.4f} {min(ours):12.5f} {flops_per_epoch(c) / min(theirs) / 1e9:13.1f} "
              f"{flops_per_epoch(c) / min(ours) / 1e9:12.1f} {fastest:8.1f}× {medians:7.1f}× {c['target']:6.1f}× "
              f"{'met' if met else 'NOT met'}")
    print(f"s/epoch, GFLOP/s and speed-up: each side's fastest of {args.rounds} rounds (a round: the median of its timed "
          f"epochs); medians: median round against median round.")
    print(f"numpy sgemm (2048², float32, both cores): {sgemm:.1f} GFLOP/s — the practical limit")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 minute)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
