"""Shared pieces of the Fashion-MNIST binary CNN tools (train_fmnist_bnn.py and
check_fmnist_export.py): the IDX reader, the network description and a pure-numpy
evaluator of pimscope's integer operator semantics (sw/src/golden.cpp).

Only numpy and the Python standard library are imported here, so the checker does not
need PyTorch.
"""
import gzip
import os

import numpy as np

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"

# Channel widths of the network (see train_fmnist_bnn.py for the architecture).
C1, C2, C3, HIDDEN, CLASSES = 32, 32, 128, 256, 10


def load_idx(path):
    """Reads a gzip IDX file: magic 0x803 (images, uint8 N x H x W) or 0x801 (labels)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic == 0x803:
        n, h, w = (int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        data = np.frombuffer(raw, dtype=np.uint8, offset=16)
        if data.size != n * h * w:
            raise ValueError(f"{path}: expected {n * h * w} pixels, found {data.size}")
        return data.reshape(n, h, w)
    if magic == 0x801:
        n = int.from_bytes(raw[4:8], "big")
        data = np.frombuffer(raw, dtype=np.uint8, offset=8)
        if data.size != n:
            raise ValueError(f"{path}: expected {n} labels, found {data.size}")
        return data
    raise ValueError(f"{path}: unknown IDX magic 0x{magic:x}")


def load_split(data_dir, split):
    """split: 'train' or 't10k'. Returns (uint8 N x 28 x 28 images, uint8 N labels)."""
    images = load_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    labels = load_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{split}: {images.shape[0]} images but {labels.shape[0]} labels")
    return images, labels


# The integer graph, in pimscope's YAML vocabulary. Parameter files are named after the
# layer: <name>.npy for conv/fc weights, <name>_thr.npy / <name>_dir.npy for thresholds.
LAYERS = [
    dict(name="conv1", op="conv", inp="input", out_channels=C1, kernel=3, pad=1),
    dict(name="conv1_act", op="threshold"),
    dict(name="pool1", op="maxpool", kernel=2, stride=2),
    dict(name="conv2", op="conv", out_channels=C2, kernel=3, pad=1),
    dict(name="conv2_act", op="threshold"),
    dict(name="cat2", op="concat", inp=["pool1", "conv2_act"]),
    dict(name="pool2", op="maxpool", kernel=2, stride=2),
    dict(name="conv3", op="conv", out_channels=C3, kernel=3, pad=1),
    dict(name="conv3_act", op="threshold"),
    dict(name="cat3", op="concat", inp=["pool2", "conv3_act"]),
    dict(name="pool3", op="maxpool", kernel=2, stride=2),
    dict(name="flatten", op="flatten"),
    dict(name="fc1", op="fc", out_channels=HIDDEN),
    dict(name="fc1_act", op="threshold"),
    dict(name="fc2", op="fc", out_channels=CLASSES),
]


def param_files(layer):
    """Parameter keys and file names of one layer, as written in the YAML."""
    if layer["op"] in ("conv", "fc"):
        return {"weights": layer["name"] + ".npy"}
    if layer["op"] == "threshold":
        return {"thresholds": layer["name"] + "_thr.npy",
                "directions": layer["name"] + "_dir.npy"}
    return {}


def load_params(param_dir):
    """Loads every parameter file of LAYERS from param_dir, checking dtypes."""
    want = {"weights": np.int8, "thresholds": np.int32, "directions": np.int8}
    params = {}
    for layer in LAYERS:
        p = {}
        for key, fname in param_files(layer).items():
            arr = np.load(os.path.join(param_dir, fname))
            if arr.dtype != want[key]:
                raise ValueError(f"{fname}: dtype {arr.dtype}, expected {np.dtype(want[key])}")
            p[key] = arr
        params[layer["name"]] = p
    return params


def _conv_numpy(x, w, pad):
    """Binary/integer conv, stride 1, zero padding (pimscope pad_value 0).
    x: int64 B x C x H x W, w: int8 K x C x k x k (OIHW). Exact: the products are
    accumulated in float64, where every partial sum is an integer far below 2^53."""
    b, c, h, wd = x.shape
    k_out, c_w, k, _ = w.shape
    assert c_w == c, (c_w, c)
    xp = np.zeros((b, c, h + 2 * pad, wd + 2 * pad), dtype=np.float64)
    xp[:, :, pad:pad + h, pad:pad + wd] = x
    oh, ow = h + 2 * pad - k + 1, wd + 2 * pad - k + 1
    # im2col: B*oh*ow rows, C*k*k columns in (c, ky, kx) order = OIHW flattening.
    cols = np.empty((b, oh, ow, c, k, k), dtype=np.float64)
    for ky in range(k):
        for kx in range(k):
            cols[:, :, :, :, ky, kx] = xp[:, :, ky:ky + oh, kx:kx + ow].transpose(0, 2, 3, 1)
    out = cols.reshape(b * oh * ow, c * k * k) @ w.reshape(k_out, -1).T.astype(np.float64)
    out = out.reshape(b, oh, ow, k_out).transpose(0, 3, 1, 2)
    assert np.abs(out).max() < 2.0 ** 52
    return np.rint(out).astype(np.int64)


def _maxpool(x, k, s):
    b, c, h, w = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    out = None
    for ky in range(k):
        for kx in range(k):
            v = x[:, :, ky:ky + s * (oh - 1) + 1:s, kx:kx + s * (ow - 1) + 1:s]
            out = v if out is None else np.maximum(out, v)
    return out


def run_integer_numpy(params, images, batch=250):
    """pimscope golden semantics on uint8 images N x 28 x 28 -> int64 logits N x 10."""
    logits = []
    for i in range(0, images.shape[0], batch):
        x = images[i:i + batch].astype(np.int64)[:, None, :, :]
        vals = {"input": x}
        prev = "input"
        for layer in LAYERS:
            name, op = layer["name"], layer["op"]
            inp = layer.get("inp", prev)
            ins = [vals[n] for n in (inp if isinstance(inp, list) else [inp])]
            p = params.get(name, {})
            if op == "conv":
                y = _conv_numpy(ins[0], p["weights"], layer.get("pad", 0))
            elif op == "fc":
                flat = ins[0].reshape(ins[0].shape[0], -1).astype(np.float64)
                y = flat @ p["weights"].astype(np.float64).T
                y = np.rint(y).astype(np.int64)
            elif op == "threshold":
                shape = (1, -1) + (1,) * (ins[0].ndim - 2)
                d = p["directions"].astype(np.int64).reshape(shape)
                t = p["thresholds"].astype(np.int64).reshape(shape)
                y = np.where(d * ins[0] >= t, 1, -1).astype(np.int64)
            elif op == "maxpool":
                y = _maxpool(ins[0], layer["kernel"], layer.get("stride", layer["kernel"]))
            elif op == "concat":
                y = np.concatenate(ins, axis=1)
            elif op == "flatten":
                y = ins[0].reshape(ins[0].shape[0], -1)
            else:
                raise ValueError(op)
            vals[name] = y
            prev = name
        logits.append(vals[prev].reshape(-1, CLASSES))
    return np.concatenate(logits)
