"""Fixtures for Keras' EarlyStopping: stopped and best epochs, and which epoch's weights are restored,
for scripted sequences of losses. Drives keras.callbacks.EarlyStopping with a stand-in model whose
weights are the epoch number, so the restored weights name the epoch they came from.

    python3 scripts/make-callback-fixtures.py   # writes Tests/ForecastNNTests/Fixtures/early-stopping.json
"""
import json
from pathlib import Path

import keras
import numpy as np


class StandIn:
    """What EarlyStopping touches of a model: get_weights, set_weights, stop_training."""

    def __init__(self):
        self.weights = [np.array([-1.0])]
        self.stop_training = False

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def run(val_losses, **settings):
    callback = keras.callbacks.EarlyStopping(**settings)
    model = StandIn()
    callback.set_model(model)
    callback.on_train_begin()
    epochs_run = 0
    for epoch, value in enumerate(val_losses):
        model.weights = [np.array([float(epoch)])]  # the weights after this epoch
        epochs_run = epoch + 1
        callback.on_epoch_end(epoch, {"val_loss": value, "loss": value})
        if model.stop_training:
            break
    callback.on_train_end()
    return {
        "val_losses": val_losses,
        "settings": settings,
        "epochs_run": epochs_run,
        "stopped_epoch": int(callback.stopped_epoch),
        "best_epoch": int(callback.best_epoch),
        "final_weights_epoch": float(model.weights[0][0]),
    }


sequences = [
    [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.6],
    [1.0, 1.1, 1.2, 1.3, 1.4],
    [0.5, 0.4, 0.3, 0.2, 0.1],
    [0.5, 0.493, 0.481, 0.478, 0.4779, 0.3],
    [2.0, 2.0, 2.0, 1.0],
]
cases = []
for values in sequences:
    for patience in [0, 1, 2, 3]:
        for restore in [False, True]:
            for min_delta in [0.0, 0.01]:
                cases.append(run(values, monitor="val_loss", patience=patience, restore_best_weights=restore, min_delta=min_delta))
    cases.append(run(values, monitor="val_loss", patience=1, restore_best_weights=True, start_from_epoch=2))

out = Path(__file__).resolve().parent.parent / "Tests/ForecastNNTests/Fixtures/early-stopping.json"
out.write_text(json.dumps({"versions": {"keras": keras.__version__}, "cases": cases}))
print(f"wrote {len(cases)} cases to {out}")
