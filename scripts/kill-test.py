#!/usr/bin/env python3
"""Kill and concurrency test of the directories `forecast` writes (issue 15).

Kills: `forecast train --save-model DIR` and `forecast run --output DIR` are SIGKILLed at random
moments while they overwrite a directory holding another model or run; after each kill the
directory must hold the old or the new one whole: `forecast predict` loads it and forecasts
exactly what that model forecast when it was written without interruption (for a run folder,
also the same files, the same forecast CSVs, and metrics.json naming the same method as its
model). Killed writers' leftovers must be gone after the next writer finishes.

Concurrency: pairs of writers started together on one directory, with a reader (`predict`)
running beside them: every writer succeeds (the second waits for the first's lock), the reader
always finds one model whole, and the directory ends as one of the two.

Usage: scripts/kill-test.py [--forecast PATH] [--kills N] [--pairs N] [--seed S] [--kinds train,run]
Exits 1 when any check fails; prints the counts.
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Two writers of each kind whose results differ: (name, arguments after the command).
TRAIN_WRITERS = [
    ("naive", ["train", "--method", "naive", "--quiet"]),
    ("lstm", ["train", "--method", "lstm", "--units", "8", "--epochs", "3", "--batch-size", "16", "--quiet"]),
]
RUN_WRITERS = [
    ("naive", ["run", "--method", "naive", "--quiet"]),
    ("theta", ["run", "--method", "theta", "--quiet"]),
]
# Files of a run folder compared byte for byte (the report and charts hold timings).
RUN_EXACT = ["forecast.csv", "future.csv"]


def predict(forecast, model):
    """The forecast of the model directory `model`, or None when it cannot be loaded."""
    result = subprocess.run([forecast, "predict", "--model", model, "--horizon", "3"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def listing(folder):
    """Every file under `folder`, as relative paths."""
    found = []
    for root, _, files in os.walk(folder):
        found += [os.path.relpath(os.path.join(root, f), folder) for f in files]
    return sorted(found)


def model_method(folder):
    with open(os.path.join(folder, "model.json")) as f:
        text = f.read()
    marker = '"method" : "'
    start = text.find(marker)
    return text[start + len(marker):text.find('"', start + len(marker))] if start >= 0 else None


class Snapshot:
    """What a directory written whole by one writer holds: its prediction, and for a run folder
    its files, forecast CSVs and the method its metrics name."""

    def __init__(self, forecast, directory, run):
        model = os.path.join(directory, "model") if run else directory
        self.prediction = predict(forecast, model)
        self.files = listing(directory) if run else None
        self.exact = {}
        self.method = None
        if run:
            for name in RUN_EXACT:
                with open(os.path.join(directory, name), "rb") as f:
                    self.exact[name] = f.read()
            self.method = model_method(model)

    def matches(self, other):
        return (self.prediction is not None and self.prediction == other.prediction and self.files == other.files
                and self.exact == other.exact and self.method == other.method)


def reference(forecast, writers, work, run):
    """Each writer's snapshot and its duration when it runs uninterrupted into a new directory."""
    references = {}
    for name, arguments in writers:
        target = os.path.join(work, f"reference-{name}")
        start = time.monotonic()
        subprocess.run([forecast] + arguments + [("--output" if run else "--save-model"), target], check=True,
                       stdout=subprocess.DEVNULL)
        duration = time.monotonic() - start
        snapshot = Snapshot(forecast, target, run)
        # The writer must be deterministic for "the new one whole" to be checkable.
        again = os.path.join(work, f"reference-{name}-again")
        subprocess.run([forecast] + arguments + [("--output" if run else "--save-model"), again], check=True,
                       stdout=subprocess.DEVNULL)
        if not snapshot.matches(Snapshot(forecast, again, run)):
            sys.exit(f"{name}: two uninterrupted writes differ; the test needs a deterministic writer")
        references[name] = (snapshot, duration)
    return references


def leftovers(parent, name):
    return [entry for entry in os.listdir(parent) if entry.startswith(f".{name}.")]


def prepare(forecast, writers, work, run, folder):
    """Each writer's reference result, and `work/folder/target` written whole by the first writer;
    returns (references, the folder, the target, the output flag)."""
    references = reference(forecast, writers, work, run)
    parent = os.path.join(work, folder)
    os.makedirs(parent)
    target = os.path.join(parent, "target")
    flag = "--output" if run else "--save-model"
    subprocess.run([forecast] + writers[0][1] + [flag, target], check=True, stdout=subprocess.DEVNULL)
    return references, parent, target, flag


def kills(forecast, writers, work, run, count, rng):
    """Kills `count` overwrites at random moments; returns (passed, failures, killed before the end)."""
    references, parent, target, flag = prepare(forecast, writers, work, run, "kills")
    current = writers[0][0]
    passed, failures, interrupted = 0, [], 0
    for index in range(count):
        name, arguments = next(writer for writer in writers if writer[0] != current)
        snapshot, duration = references[name]
        process = subprocess.Popen([forecast] + arguments + [flag, target], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.1))
        if process.poll() is None:
            interrupted += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = Snapshot(forecast, target, run) if os.path.isdir(target) else None
        old = references[current][0]
        if found is not None and found.matches(snapshot):
            current = name
            passed += 1
        elif found is not None and found.matches(old):
            passed += 1
        else:
            failures.append(f"kill {index + 1} ({current} → {name}): neither whole; prediction {found and found.prediction!r}, "
                            f"files {found and found.files}")
    # The next writer, uninterrupted, removes every leftover.
    name, arguments = writers[0]
    subprocess.run([forecast] + arguments + [flag, target], check=True, stdout=subprocess.DEVNULL)
    left = leftovers(parent, "target")
    if left:
        failures.append(f"leftovers after a complete write: {left}")
    return passed, failures, interrupted


def concurrent(forecast, writers, work, run, pairs):
    """Starts `pairs` pairs of writers at once on one directory with a reader beside them."""
    references, parent, target, flag = prepare(forecast, writers, work, run, "concurrent")
    wholes = [references[name][0] for name, _ in writers]
    model = os.path.join(target, "model") if run else target
    passed, failures, reads = 0, [], 0
    for index in range(pairs):
        processes = [subprocess.Popen([forecast] + arguments + [flag, target], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for _, arguments in writers]
        # Read while they write: every read must find one model whole.
        while any(p.poll() is None for p in processes):
            prediction = predict(forecast, model)
            reads += 1
            if prediction not in [w.prediction for w in wholes]:
                failures.append(f"pair {index + 1}: a reader found {prediction!r}")
                break
        codes = [(p.wait(), p.stderr.read().decode()) for p in processes]
        found = Snapshot(forecast, target, run)
        if all(code == 0 for code, _ in codes) and any(found.matches(w) for w in wholes):
            passed += 1
        else:
            failures.append(f"pair {index + 1}: exits {[c for c, _ in codes]} {[e[:200] for _, e in codes]}; whole: "
                            f"{any(found.matches(w) for w in wholes)}")
    if leftovers(parent, "target"):
        failures.append(f"leftovers after concurrent writers: {leftovers(parent, 'target')}")
    return passed, failures, reads


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forecast", default=".build/release/forecast")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--kinds", default="train,run", help="which writers: train, run or both (comma-separated)")
    options = parser.parse_args()
    forecast = os.path.abspath(options.forecast)
    seed = options.seed if options.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"seed {seed}")
    failed = False
    with tempfile.TemporaryDirectory(prefix="forecast-kill-test-") as work:
        kinds = [("train --save-model", TRAIN_WRITERS, False), ("run --output", RUN_WRITERS, True)]
        for kind, writers, run in [k for k in kinds if k[0].split()[0] in options.kinds.split(",")]:
            folder = os.path.join(work, kind.split()[0])
            os.makedirs(folder)
            start = time.monotonic()
            passed, failures, interrupted = kills(forecast, writers, os.path.join(folder), run, options.kills, rng)
            print(f"{kind}: {passed}/{options.kills} kills left the old or the new whole "
                  f"({interrupted} killed mid-write), {time.monotonic() - start:.0f} s")
            pair_folder = os.path.join(folder, "pairs")
            os.makedirs(pair_folder)
            start = time.monotonic()
            together, pair_failures, reads = concurrent(forecast, writers, pair_folder, run, options.pairs)
            print(f"{kind}: {together}/{options.pairs} concurrent pairs both succeeded and left one whole; "
                  f"{reads} concurrent reads, {time.monotonic() - start:.0f} s")
            for failure in failures + pair_failures:
                print("  FAIL " + failure)
            failed = failed or bool(failures or pair_failures)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
