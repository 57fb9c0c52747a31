"""NumPy float64 reference of the MNIST benchmark (bench/mnist_bench.ts starts it).

A cs231n-style two-layer network, examples in columns as in the library: scores =
W2 max(0, W1 X + b1) + b2, mean softmax cross-entropy plus (reg/2)(|W1|^2 + |W2|^2), plain SGD.
It reads the data, the initial weights and every epoch's minibatch order from the binary files
the TypeScript side wrote, so both run the same computation; it prints one JSON line.

Usage: python3 numpy_reference.py DIR  (DIR holds meta.json and the .f64/.i32 files)
"""

import json
import sys
import time

import numpy as np


def load(directory, name, dtype, shape):
    return np.fromfile(f"{directory}/{name}", dtype=dtype).reshape(shape)


def loss_and_grads(params, X, y, reg):
    W1, b1, W2, b2 = params
    m = X.shape[1]
    H = np.maximum(0.0, W1 @ X + b1)  # hidden activations, h x m
    S = W2 @ H + b2  # scores, k x m
    S = S - S.max(axis=0, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=0, keepdims=True)
    cols = np.arange(m)
    loss = -np.log(P[y, cols]).mean() + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dS = P
    dS[y, cols] -= 1.0
    dS /= m  # (p - q) / m
    dW2 = dS @ H.T
    dW2 += reg * W2
    db2 = dS.sum(axis=1, keepdims=True)
    dH = W2.T @ dS
    dH[H <= 0] = 0.0  # ReLU, subgradient 0 at the kink
    dW1 = dH @ X.T
    dW1 += reg * W1
    db1 = dH.sum(axis=1, keepdims=True)
    return loss, (dW1, db1, dW2, db2)


def predict(params, X):
    W1, b1, W2, b2 = params
    return np.argmax(W2 @ np.maximum(0.0, W1 @ X + b1) + b2, axis=0)


def main():
    d = sys.argv[1]
    meta = json.load(open(f"{d}/meta.json"))
    n, h, k = meta["sizes"]
    N, T, E, B = meta["train"], meta["test"], meta["epochs"], meta["batchSize"]
    lr, reg = meta["learningRate"], meta["l2"]
    X = load(d, "train_x.f64", np.float64, (n, N))
    y = load(d, "train_y.i32", np.int32, (N,))
    Xt = load(d, "test_x.f64", np.float64, (n, T))
    yt = load(d, "test_y.i32", np.int32, (T,))
    params = [
        load(d, "W1.f64", np.float64, (h, n)).copy(),
        load(d, "b1.f64", np.float64, (h, 1)).copy(),
        load(d, "W2.f64", np.float64, (k, h)).copy(),
        load(d, "b2.f64", np.float64, (k, 1)).copy(),
    ]
    orders = load(d, "orders.i32", np.int32, (E, N))
    # The math keeps examples in columns, but a minibatch is cut from a copy with examples in rows
    # (as cs231n stores X): gathering 64 rows is contiguous, while X[:, idx] gathers 64 scattered
    # entries from each of 784 rows and cost NumPy about 0.03 s per epoch.
    X_rows = np.ascontiguousarray(X.T)
    epoch_seconds = []
    first_loss = None
    for e in range(E):
        start = time.perf_counter()
        order = orders[e]
        for s in range(0, N, B):
            idx = order[s : s + B]
            loss, grads = loss_and_grads(params, X_rows[idx].T, y[idx], reg)
            if first_loss is None:
                first_loss = float(loss)
            for p, g in zip(params, grads):
                p -= lr * g
        epoch_seconds.append(time.perf_counter() - start)
    accuracy = float(np.mean(predict(params, Xt) == yt))
    print(json.dumps({
        "epochSeconds": epoch_seconds,
        "testAccuracy": accuracy,
        "firstLoss": first_loss,
        "lastLoss": float(loss),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
