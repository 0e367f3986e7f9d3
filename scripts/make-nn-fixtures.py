#!/usr/bin/env python3
"""Writes Tests/ForecastNNTests/Fixtures/keras-*.json from Keras 3 itself.

For LSTM, GRU and SimpleRNN, with tanh and relu, single and stacked (return_sequences): given
weights and inputs -> outputs, the MSE loss, the gradient of every weight, and the weights after
3 steps of each optimizer (Adam, SGD with momentum, RMSprop). Also MAE and Huber losses with
their gradients with respect to the predictions.

    python3 -m pip install tensorflow-cpu==2.21.0 keras safetensors
    python3 scripts/make-nn-fixtures.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
import tensorflow as tf
import keras

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "ForecastNNTests", "Fixtures")
BATCH, STEPS, FEATURES, UNITS, UNITS2 = 2, 5, 3, 4, 3

LAYERS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}


def build(cell, activation, stacked):
    recurrent = LAYERS[cell]
    layers = [keras.Input((STEPS, FEATURES))]
    if stacked:
        layers.append(recurrent(UNITS, activation=activation, return_sequences=True))
        layers.append(recurrent(UNITS2, activation=activation))
    else:
        layers.append(recurrent(UNITS, activation=activation))
    layers.append(keras.layers.Dense(1))
    return keras.Sequential(layers)


def named_weights(model):
    out = []
    for index, layer in enumerate(model.layers):
        for variable in layer.weights:
            name = variable.path.split("/")[-1]  # kernel, recurrent_kernel, bias
            value = np.asarray(variable.numpy(), dtype=np.float32)
            out.append({"name": f"layers.{index}.{name}", "shape": list(value.shape),
                        "values": value.ravel().tolist()})
    return out


def gradients(model, x, y, loss_fn):
    with tf.GradientTape() as tape:
        prediction = model(x, training=True)
        loss = loss_fn(y, prediction)
    grads = tape.gradient(loss, model.trainable_variables)
    return float(loss.numpy()), grads, prediction.numpy()


def after_steps(make_model, weights, optimizer, x, y, steps=3):
    model = make_model()
    model.set_weights(weights)
    loss_fn = keras.losses.MeanSquaredError()
    for _ in range(steps):
        _, grads, _ = gradients(model, x, y, loss_fn)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return named_weights(model)


def case(cell, activation, stacked, rng):
    make = lambda: build(cell, activation, stacked)
    model = make()
    # Weights drawn here (not Keras' initialisers) so biases are non-zero and relu units both
    # fire and stay dark.
    weights = [rng.normal(0, 0.5, w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    x = rng.normal(0, 1, (BATCH, STEPS, FEATURES)).astype(np.float32)
    y = rng.normal(0, 1, (BATCH, 1)).astype(np.float32)
    loss, grads, prediction = gradients(model, x, y, keras.losses.MeanSquaredError())
    names = [w["name"] for w in named_weights(model)]
    optimizers = {
        "adam": keras.optimizers.Adam(),
        "sgd_momentum": keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
        "rmsprop": keras.optimizers.RMSprop(),
    }
    return {
        "name": f"{cell}-{activation}-{'stacked' if stacked else 'single'}",
        "cell": cell, "activation": activation, "stacked": stacked,
        "input_shape": [STEPS, FEATURES],
        "layers": [layer.get_config() | {"class_name": type(layer).__name__} for layer in model.layers],
        "x": x.ravel().tolist(), "x_shape": list(x.shape),
        "y": y.ravel().tolist(), "y_shape": list(y.shape),
        "weights": named_weights(model),
        "output": prediction.ravel().tolist(),
        "mse": loss,
        "gradients": [{"name": n, "shape": list(g.shape), "values": g.numpy().ravel().tolist()}
                      for n, g in zip(names, grads)],
        "after_3_steps": {k: after_steps(make, weights, opt, x, y) for k, opt in optimizers.items()},
    }


def losses(rng):
    prediction = rng.normal(0, 2, (4, 3)).astype(np.float32)
    target = rng.normal(0, 2, (4, 3)).astype(np.float32)
    prediction[0, 0] = target[0, 0]  # |e| = 0: the sign convention at zero
    out = {"prediction": prediction.ravel().tolist(), "target": target.ravel().tolist(),
           "shape": list(prediction.shape)}
    for name, fn in {"mse": keras.losses.MeanSquaredError(), "mae": keras.losses.MeanAbsoluteError(),
                     "huber": keras.losses.Huber(delta=1.0)}.items():
        p = tf.Variable(prediction)
        with tf.GradientTape() as tape:
            value = fn(target, p)
        out[name] = {"value": float(value.numpy()), "gradient": tape.gradient(value, p).numpy().ravel().tolist()}
    return out


def main():
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(20261129)
    os.makedirs(OUT, exist_ok=True)
    cases = [case(c, a, s, rng) for c in ("lstm", "gru", "rnn") for a in ("tanh", "relu") for s in (False, True)]
    meta = {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__}
    with open(os.path.join(OUT, "keras-layers.json"), "w") as f:
        json.dump({"versions": meta, "cases": cases}, f)
    # A weights file written by Python's safetensors, for the reader's compatibility test.
    from safetensors.numpy import save_file
    first = cases[0]
    save_file({w["name"]: np.asarray(w["values"], dtype=np.float32).reshape(w["shape"]) for w in first["weights"]},
              os.path.join(OUT, "python-lstm-tanh-single.safetensors"))
    with open(os.path.join(OUT, "keras-losses.json"), "w") as f:
        json.dump({"versions": meta} | losses(rng), f)
    print(f"wrote {len(cases)} layer cases and the loss fixture to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
