#!/usr/bin/env python3
"""A model trained by `forecast train`, rebuilt in Keras from its weights.safetensors, must
forecast the same months as `forecast predict`, for every cell.

For --cell lstm, gru and rnn: trains with the forecast binary, reads model.json and
weights.safetensors with Python's safetensors, builds the same layers in Keras 3, runs the
tutorial's recursive loop with the stored MinMaxScaler and compares with `forecast predict`.

    swift build -c release
    python3 scripts/check-keras-roundtrip.py [--forecast .build/release/forecast] [--epochs 5]
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
import keras
from safetensors.numpy import load_file

LAYERS = {"LSTM": keras.layers.LSTM, "GRU": keras.layers.GRU, "SimpleRNN": keras.layers.SimpleRNN}


def keras_model(manifest, tensors):
    layers = [keras.Input(tuple(manifest["input_shape"]))]
    for config in manifest["layers"]:
        kind = config["type"]
        if kind == "Dense":
            layers.append(keras.layers.Dense(config["units"], activation=config["activation"], use_bias=config["use_bias"]))
        else:
            extra = {"recurrent_activation": config["recurrent_activation"]} if "recurrent_activation" in config else {}
            layers.append(LAYERS[kind](config["units"], activation=config["activation"], use_bias=config["use_bias"],
                                       return_sequences=config.get("return_sequences", False), **extra))
    model = keras.Sequential(layers)
    for index, layer in enumerate(model.layers):
        names = [w.path.split("/")[-1] for w in layer.weights]
        layer.set_weights([tensors[f"layers.{index}.{name}"] for name in names])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecast", default=".build/release/forecast")
    parser.add_argument("--epochs", default="5")
    parser.add_argument("--horizon", type=int, default=12)
    args = parser.parse_args()
    milk = os.path.join(os.path.dirname(__file__), "..", "Sources", "ForecastSeries", "Resources", "monthly_milk_production.csv")
    values = np.array([float(row["Production"]) for row in csv.DictReader(open(milk))])
    worst_all = 0.0
    for cell in ("lstm", "gru", "rnn"):
        with tempfile.TemporaryDirectory() as directory:
            subprocess.run([args.forecast, "train", "--cell", cell, "--epochs", args.epochs, "--save-model", directory, "--quiet"], check=True)
            printed = subprocess.run([args.forecast, "predict", "--model", directory, "--horizon", str(args.horizon)],
                                     check=True, capture_output=True, text=True).stdout
            ours = np.array([float(row["forecast"]) for row in csv.DictReader(io.StringIO(printed))])
            manifest = json.load(open(os.path.join(directory, "model.json")))
            tensors = load_file(os.path.join(directory, "weights.safetensors"))
            model = keras_model(manifest, tensors)
            scaler = manifest["metadata"]["scaler"]
            scale, offset = scaler["scale"][0], scaler["min"][0]
            window = manifest["metadata"]["window"]
            current = list(values[-window:] * scale + offset)
            theirs = []
            for _ in range(args.horizon):
                batch = np.array(current[-window:], dtype=np.float32).reshape(1, window, 1)
                nxt = float(model(batch, training=False).numpy()[0, 0])
                theirs.append(nxt)
                current.append(nxt)
            theirs = (np.array(theirs) - offset) / scale
            worst = float(np.max(np.abs(ours - theirs) / np.abs(theirs)))
            worst_all = max(worst_all, worst)
            print(f"{cell:5s} {sum(t.size for t in tensors.values()):6d} parameters  largest relative difference {worst:.2e}  "
                  f"first months ours {ours[:2].round(3).tolist()} keras {theirs[:2].round(3).tolist()}")
    ok = worst_all < 1e-4
    print(("PASS" if ok else "FAIL") + f": largest relative difference {worst_all:.2e} (limit 1e-4)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
