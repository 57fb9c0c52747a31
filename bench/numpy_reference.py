"""NumPy float64 reference of the benchmark (bench/mnist_bench.ts starts it and talks to it).

A cs231n-style two-layer network, examples in columns as in the library: scores =
W2 max(0, W1 X + b1) + b2, mean softmax cross-entropy plus (reg/2)(|W1|^2 + |W2|^2), plain SGD.
It reads each workload's data, initial weights and minibatch orders from the binary files the
TypeScript side wrote, so both run the same computation.

A fair NumPy: before NumPy is imported, the script makes sure its own process runs with glibc's
malloc keeping freed memory (MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ high: otherwise
every large temporary is mapped and unmapped again, about 13,000 page faults per MNIST epoch) and
without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (which pin OpenBLAS to an older kernel than the CPU's);
if its environment differs it re-executes itself with the corrected one. Only this process and
its children see the change. OpenBLAS keeps its default number of threads.

Protocol: one JSON object per line on stdin, one JSON line back on stdout for each:
  {"load": name}               -> {"loaded": name}
  {"run": name, "round": k}    -> {"epochSeconds": [...], "firstLoss": x}  (the round's epochs)
  {"accuracy": name}           -> {"testAccuracy": x}
  {"about": true}              -> NumPy and OpenBLAS facts
Usage: python3 numpy_reference.py DIR  (DIR holds one folder per workload, see mnist_bench.ts)
"""

import os
import sys

FAIR = {"MALLOC_MMAP_THRESHOLD_": "1073741824", "MALLOC_TRIM_THRESHOLD_": "4294967295"}
PINNING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

if any(os.environ.get(k) != v for k, v in FAIR.items()) or any(k in os.environ for k in PINNING):
    env = {k: v for k, v in os.environ.items() if k not in PINNING}
    env.update(FAIR)
    env["NN_NOTES_REMOVED"] = ",".join(k for k in PINNING if k in os.environ)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import ctypes  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def openblas_facts():
    """Which OpenBLAS library NumPy loaded, its kernel (core name), threads and build config."""
    paths = sorted({line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line})
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return {
                "openblasKernel": lib.openblas_get_corename().decode(),
                "openblasThreads": lib.openblas_get_num_threads(),
                "openblasConfig": lib.openblas_get_config().decode(),
                "openblasLibrary": path,
            }
        except (OSError, AttributeError):
            continue
    return {"openblasKernel": None, "openblasThreads": None, "openblasConfig": None,
            "openblasLibrary": None}


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


class Workload:
    def __init__(self, directory):
        self.dir = directory
        meta = json.load(open(f"{directory}/meta.json"))
        self.meta = meta
        n, h, k = meta["sizes"]
        N, T = meta["train"], meta["test"]
        X = load(directory, "train_x.f64", np.float64, (n, N))
        # The math keeps examples in columns, but a minibatch is cut from a copy with examples in
        # rows (as cs231n stores X): gathering B rows is contiguous, while X[:, idx] gathers B
        # scattered entries from each of n rows.
        self.X_rows = np.ascontiguousarray(X.T)
        self.y = load(directory, "train_y.i32", np.int32, (N,))
        self.Xt = load(directory, "test_x.f64", np.float64, (n, T))
        self.yt = load(directory, "test_y.i32", np.int32, (T,))
        self.params = [
            load(directory, "W1.f64", np.float64, (h, n)).copy(),
            load(directory, "b1.f64", np.float64, (h, 1)).copy(),
            load(directory, "W2.f64", np.float64, (k, h)).copy(),
            load(directory, "b2.f64", np.float64, (k, 1)).copy(),
        ]

    def run(self, round_):
        meta = self.meta
        N, B, E = meta["train"], meta["batchSize"], meta["epochsPerRound"]
        lr, reg = meta["learningRate"], meta["l2"]
        orders = load(self.dir, f"orders_{round_}.i32", np.int32, (E, N))
        X_rows, y, params = self.X_rows, self.y, self.params
        seconds = []
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
            seconds.append(time.perf_counter() - start)
        return {"epochSeconds": seconds, "firstLoss": first_loss}

    def accuracy(self):
        return float(np.mean(predict(self.params, self.Xt) == self.yt))


def main():
    root = sys.argv[1]
    workloads = {}
    for line in sys.stdin:
        request = json.loads(line)
        if "load" in request:
            workloads[request["load"]] = Workload(f"{root}/{request['load']}")
            answer = {"loaded": request["load"]}
        elif "run" in request:
            answer = workloads[request["run"]].run(request["round"])
        elif "accuracy" in request:
            answer = {"testAccuracy": workloads[request["accuracy"]].accuracy()}
        else:
            removed = os.environ.get("NN_NOTES_REMOVED", "")
            answer = {
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "removedVariables": [v for v in removed.split(",") if v],
                "malloc": {k: os.environ.get(k) for k in FAIR},
                **openblas_facts(),
            }
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
