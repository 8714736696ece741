#!/usr/bin/python3
"""Trains a small binary CNN on Fashion-MNIST and exports it in pimscope's integer form.

Run by hand (not in CI) with Debian's PyTorch (apt-get install python3-torch
python3-numpy; use /usr/bin/python3, the interpreter those packages belong to):

    /usr/bin/python3 tools/train_fmnist_bnn.py --epochs 3 --out configs/nets

Network (every conv/fc has +-1 weights; pixels are the raw integers 0..255):

    input 1x28x28 (0..255)
    conv1 1->32 k3 p1  -> threshold -> maxpool 2         : pool1 32x14x14 (+-1)
    conv2 32->32 k3 p1 -> threshold                       : 32x14x14 (+-1)
    concat [pool1, conv2_act] -> maxpool 2                : pool2 64x7x7
    conv3 64->128 k3 p1 -> threshold                      : 128x7x7
    concat [pool2, conv3_act] -> maxpool 2                : pool3 192x3x3
    flatten (CHW) -> fc1 1728->256 -> threshold -> fc2 256->10 (logits = integer sums)

Training: latent real weights, sign() forward (w >= 0 -> +1) with a straight-through
gradient (clipped at |w| > 1; latent weights are clamped to [-1, 1] after each step);
activations BatchNorm -> sign (z >= 0 -> +1) with the hardtanh straight-through gradient.
The loss sees the fc2 sums times a learned positive scalar (argmax does not change, so the
exported logits are the plain integer sums). Adam, cosine learning-rate decay.

Integer export (matches sw/src/golden.cpp exactly):
  * conv/fc weights: sign of the latent weights, int8, OIHW [K, C, kh, kw] for conv and
    [K, N] for fc with N in PyTorch's CHW flatten order.
  * BatchNorm + sign on an integer sum x becomes a threshold node
    y = (dir * x >= thr) ? +1 : -1. With s = sqrt(var + eps) > 0 the float model outputs +1
    iff gamma * (x - mean) / s + beta >= 0, i.e. with t = mean - beta * s / gamma:
      gamma > 0:  x >= t  <=>  x >= ceil(t)                     -> dir = +1, thr = ceil(t)
      gamma < 0:  x <= t  <=>  x <= floor(t) <=> -x >= -floor(t) -> dir = -1, thr = ceil(-t)
      gamma = 0:  constant sign(beta): thr = INT32_MIN (always +1) if beta >= 0 else
                  INT32_MAX (always -1), dir = +1.
    t is computed in float64 from the float32 BN parameters and clamped to int32.
  * Padding of every conv is 0: the raw-pixel border and, on +-1 maps, "no input"
    (pimscope's pad_value 0) -- exactly PyTorch's zero padding.
  * Max pooling of +-1 maps is +-1; concat of +-1 maps is +-1; fc2's sums are the logits.
The reported integer accuracy is that of the exported integer model itself (evaluated
with exact integer arithmetic); the float BN model's accuracy is recorded for reference.
argmax ties are broken towards the first class, like numpy.argmax.

Outputs (under --out): fmnist_bnn.yaml and fmnist_bnn/ with the .npy parameters,
accuracy.json, expected_test_predictions.npy (int16 [10000]),
expected_logits_first100.npy (int32 [100, 10]) and fmnist_bnn.onnx (opset 13; the float
eval model with int8 weight initialisers cast to float, input = raw pixels as float).
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist_bnn_common as common  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1


class SignWeight(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w):
        ctx.save_for_backward(w)
        return (w >= 0).to(w.dtype) * 2 - 1

    @staticmethod
    def backward(ctx, g):
        (w,) = ctx.saved_tensors
        return g * (w.abs() <= 1).to(g.dtype)


class SignAct(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return (z >= 0).to(z.dtype) * 2 - 1

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        return g * (z.abs() <= 1).to(g.dtype)


class BinConv(nn.Conv2d):
    def __init__(self, cin, cout):
        super().__init__(cin, cout, 3, padding=1, bias=False)

    def forward(self, x):
        return F.conv2d(x, SignWeight.apply(self.weight), padding=1)


class BinLinear(nn.Linear):
    def __init__(self, nin, nout):
        super().__init__(nin, nout, bias=False)

    def forward(self, x):
        return F.linear(x, SignWeight.apply(self.weight))


class Net(nn.Module):
    """The float training model; its structure is common.LAYERS."""

    def __init__(self):
        super().__init__()
        C1, C2, C3, H = common.C1, common.C2, common.C3, common.HIDDEN
        self.conv1, self.bn1 = BinConv(1, C1), nn.BatchNorm2d(C1)
        self.conv2, self.bn2 = BinConv(C1, C2), nn.BatchNorm2d(C2)
        self.conv3, self.bn3 = BinConv(C1 + C2, C3), nn.BatchNorm2d(C3)
        self.fc1, self.bn4 = BinLinear((C1 + C2 + C3) * 9, H), nn.BatchNorm1d(H)
        self.fc2 = BinLinear(H, common.CLASSES)
        self.log_scale = nn.Parameter(torch.tensor(math.log(1.0 / math.sqrt(H))))

    def forward(self, x):
        """x: raw pixels 0..255 as float, B x 1 x 28 x 28. Returns the fc2 sums."""
        a = F.max_pool2d(SignAct.apply(self.bn1(self.conv1(x))), 2)
        b = SignAct.apply(self.bn2(self.conv2(a)))
        c = F.max_pool2d(torch.cat([a, b], 1), 2)
        d = SignAct.apply(self.bn3(self.conv3(c)))
        e = F.max_pool2d(torch.cat([c, d], 1), 2)
        f = SignAct.apply(self.bn4(self.fc1(torch.flatten(e, 1))))
        return self.fc2(f)


def bn_layers(net):
    return {"conv1_act": net.bn1, "conv2_act": net.bn2, "conv3_act": net.bn3,
            "fc1_act": net.bn4}


def weight_layers(net):
    return {"conv1": net.conv1, "conv2": net.conv2, "conv3": net.conv3, "fc1": net.fc1,
            "fc2": net.fc2}


def bn_to_threshold(bn):
    """Folds an eval-mode BatchNorm followed by sign (z >= 0 -> +1) into integer
    (thresholds int32 [C], directions int8 [C]); see the module docstring."""
    gamma = bn.weight.detach().double().numpy()
    beta = bn.bias.detach().double().numpy()
    mean = bn.running_mean.detach().double().numpy()
    s = np.sqrt(bn.running_var.detach().double().numpy() + bn.eps)
    thr = np.zeros(gamma.shape, dtype=np.int64)
    d = np.ones(gamma.shape, dtype=np.int64)
    for c in range(gamma.size):
        if gamma[c] == 0:
            thr[c] = INT32_MIN if beta[c] >= 0 else INT32_MAX
            continue
        t = mean[c] - beta[c] * s[c] / gamma[c]
        if gamma[c] > 0:
            v = math.ceil(t) if math.isfinite(t) else (INT32_MAX if t > 0 else INT32_MIN)
        else:
            d[c] = -1
            v = math.ceil(-t) if math.isfinite(t) else (INT32_MAX if -t > 0 else INT32_MIN)
        thr[c] = min(max(v, INT32_MIN), INT32_MAX)
    return thr.astype(np.int32), d.astype(np.int8)


def export_params(net):
    params = {}
    for name, mod in weight_layers(net).items():
        w = mod.weight.detach()
        params[name] = {"weights": torch.where(w >= 0, 1, -1).numpy().astype(np.int8)}
    for name, bn in bn_layers(net).items():
        thr, d = bn_to_threshold(bn)
        params[name] = {"thresholds": thr, "directions": d}
    return params


def yaml_text(acc_int, acc_float, args):
    lines = [
        "# fmnist_bnn: a small binary DenseNet-style CNN trained on Fashion-MNIST with",
        "# tools/train_fmnist_bnn.py (PyTorch, straight-through estimators) and exported in",
        "# integer form: +-1 conv/fc weights, batch-norm + sign folded into thresholds,",
        "# raw 8-bit pixels (0..255) as the input, logits = fc2 integer sums (argmax, first",
        f"# maximum on ties). Test top-1 of this integer model: {100 * acc_int:.2f} % "
        f"(float BN model {100 * acc_float:.2f} %),",
        f"# {args.epochs} epoch(s). Regenerate: /usr/bin/python3 tools/train_fmnist_bnn.py --epochs {args.epochs} "
        f"--augment {args.augment} --threads {args.threads} --seed {args.seed} --out configs/nets",
        "# Parameter files (fmnist_bnn/): conv weights int8 [K, C, kh, kw] (OIHW), fc weights",
        "# int8 [K, N] (N in CHW flatten order), thresholds int32 [C], directions int8 [C].",
        "name: fmnist_bnn",
        "input: {channels: 1, height: 28, width: 28}",
        "pad_value: 0",
        "weights: fmnist_bnn",
        "layers:",
    ]
    for layer in common.LAYERS:
        items = [f"name: {layer['name']}", f"op: {layer['op']}"]
        if "inp" in layer:
            inp = layer["inp"]
            items.append("in: " + (f"[{', '.join(inp)}]" if isinstance(inp, list) else inp))
        for key in ("out_channels", "kernel", "stride", "pad"):
            if key in layer:
                items.append(f"{key}: {layer[key]}")
        for key, fname in common.param_files(layer).items():
            items.append(f"{key}: {fname}")
        lines.append("  - {" + ", ".join(items) + "}")
    return "\n".join(lines) + "\n"


class ExportNet(nn.Module):
    """Float eval model for ONNX: int8 +-1 weights as buffers (cast to float in the graph,
    so the file stays small), BatchNorm + sign, raw-pixel input, integer-valued logits."""

    def __init__(self, net):
        super().__init__()
        for name, mod in weight_layers(net).items():
            w = torch.where(mod.weight.detach() >= 0, 1, -1).to(torch.int8)
            self.register_buffer(name + "_w", w)
        self.bn1, self.bn2, self.bn3, self.bn4 = net.bn1, net.bn2, net.bn3, net.bn4

    @staticmethod
    def sign(z):
        return torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z))

    def forward(self, x):
        a = F.max_pool2d(self.sign(self.bn1(F.conv2d(x, self.conv1_w.float(), padding=1))), 2)
        b = self.sign(self.bn2(F.conv2d(a, self.conv2_w.float(), padding=1)))
        c = F.max_pool2d(torch.cat([a, b], 1), 2)
        d = self.sign(self.bn3(F.conv2d(c, self.conv3_w.float(), padding=1)))
        e = F.max_pool2d(torch.cat([c, d], 1), 2)
        f = self.sign(self.bn4(F.linear(torch.flatten(e, 1), self.fc1_w.float())))
        return F.linear(f, self.fc2_w.float())


def evaluate_float(net, images, batch=1000):
    """Float BN model (eval mode) logits, float32."""
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, images.shape[0], batch):
            x = torch.from_numpy(images[i:i + batch].astype(np.float32))[:, None]
            out.append(net(x).numpy())
    return np.concatenate(out)


def run_integer_torch(params, images, batch=1000):
    """The exported integer model, evaluated with float32 torch ops on integer values:
    every product and partial sum is an integer of magnitude <= fan_in * 255 < 2^24, so
    float32 represents all of them exactly and the result is exact integer arithmetic.
    Cross-checked against the pure-numpy (float64) evaluator after export."""
    def t(a):
        return torch.from_numpy(a.astype(np.float32))

    def thr(x, name):
        p = params[name]
        shape = (1, -1) + (1,) * (x.dim() - 2)
        d = t(p["directions"]).reshape(shape)
        th = t(p["thresholds"]).reshape(shape)
        return (d * x >= th).float() * 2 - 1

    w = {k: t(v["weights"]) for k, v in params.items() if "weights" in v}
    out = []
    with torch.no_grad():
        for i in range(0, images.shape[0], batch):
            x = t(images[i:i + batch])[:, None]
            a = F.max_pool2d(thr(F.conv2d(x, w["conv1"], padding=1), "conv1_act"), 2)
            b = thr(F.conv2d(a, w["conv2"], padding=1), "conv2_act")
            c = F.max_pool2d(torch.cat([a, b], 1), 2)
            d = thr(F.conv2d(c, w["conv3"], padding=1), "conv3_act")
            e = F.max_pool2d(torch.cat([c, d], 1), 2)
            f = thr(F.linear(torch.flatten(e, 1), w["fc1"]), "fc1_act")
            out.append(F.linear(f, w["fc2"]).numpy())
    logits = np.concatenate(out)
    assert np.all(logits == np.rint(logits))
    return np.rint(logits).astype(np.int64)


def augment(x, shift, gen):
    """Per-image random horizontal flip and translation by up to `shift` pixels (zero
    fill, i.e. background): garments keep their class under both."""
    b, _, h, w = x.shape
    flip = torch.rand(b, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    xp = F.pad(x, (shift, shift, shift, shift))
    oy = torch.randint(0, 2 * shift + 1, (b,), generator=gen)
    ox = torch.randint(0, 2 * shift + 1, (b,), generator=gen)
    rows = (oy[:, None] + torch.arange(h))[:, :, None]
    cols = (ox[:, None] + torch.arange(w))[:, None, :]
    return xp[torch.arange(b)[:, None, None], 0, rows, cols][:, None]


def training_schedule(net, args, images):
    """Adam at args.lr with cosine decay over args.epochs, the shuffling generator (seeded
    by args.seed) and the steps per epoch (args.limit caps them)."""
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    steps = (images + args.batch - 1) // args.batch
    if args.limit:
        steps = min(steps, args.limit)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * steps)
    gen = torch.Generator().manual_seed(args.seed)
    return opt, sched, gen, steps


def optimise_step(opt, sched, loss, latent):
    """One step on `loss`, the learning-rate schedule's step, and the latent weights of the
    binary layers clamped to [-1, 1] (beyond it the straight-through gradient is zero)."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    sched.step()
    with torch.no_grad():
        for w in latent:
            w.clamp_(-1.0, 1.0)


def reproducible_setup(args):
    """Threads and seeds from args, then the data: (train_x, train_y, test_x, test_y) as
    numpy and the training images/labels as tensors (xt: B x 1 x 28 x 28 float, yt)."""
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    train_x, train_y = common.load_split(args.data, "train")
    test_x, test_y = common.load_split(args.data, "t10k")
    xt = torch.from_numpy(train_x.astype(np.float32))[:, None]
    yt = torch.from_numpy(train_y.astype(np.int64))
    return train_x, train_y, test_x, test_y, xt, yt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(REPO, "configs", "nets"),
                    help="directory receiving fmnist_bnn.yaml and fmnist_bnn/")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=common.DEFAULT_DATA)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--augment", type=int, default=1,
                    help="random horizontal flips and shifts of up to N pixels (0: none)")
    ap.add_argument("--limit", type=int, default=0, help="train batches per epoch (0: all; for smoke tests)")
    args = ap.parse_args()

    train_x, train_y, test_x, test_y, xt, yt = reproducible_setup(args)

    net = Net()
    opt, sched, gen, steps_per_epoch = training_schedule(net, args, xt.shape[0])
    latent = [m.weight for m in weight_layers(net).values()]

    t0 = time.time()
    for epoch in range(args.epochs):
        net.train()
        perm = torch.randperm(xt.shape[0], generator=gen)
        total, correct, loss_sum = 0, 0, 0.0
        for step in range(steps_per_epoch):
            idx = perm[step * args.batch:(step + 1) * args.batch]
            x, y = xt[idx], yt[idx]
            if args.augment:
                x = augment(x, args.augment, gen)
            logits = net(x)
            loss = F.cross_entropy(logits * net.log_scale.exp(), y)
            optimise_step(opt, sched, loss, latent)
            total += y.shape[0]
            correct += int((logits.argmax(1) == y).sum())
            loss_sum += float(loss) * y.shape[0]
            if (step + 1) % 50 == 0:
                print(f"  epoch {epoch + 1} step {step + 1}/{steps_per_epoch}: "
                      f"train {100 * correct / total:.2f} % ({time.time() - t0:.0f} s)", flush=True)
        params = export_params(net)
        acc_f = float(np.mean(evaluate_float(net, test_x).argmax(1) == test_y))
        acc_i = float(np.mean(run_integer_torch(params, test_x).argmax(1) == test_y))
        print(f"epoch {epoch + 1}/{args.epochs}: loss {loss_sum / total:.4f} train {100 * correct / total:.2f} % "
              f"test float {100 * acc_f:.2f} % integer {100 * acc_i:.2f} % "
              f"({time.time() - t0:.0f} s)", flush=True)
    train_seconds = time.time() - t0

    # Final export.
    params = export_params(net)
    float_logits = evaluate_float(net, test_x)
    int_logits = run_integer_torch(params, test_x)
    pred_f = float_logits.argmax(1)
    pred_i = int_logits.argmax(1)
    acc_f = float(np.mean(pred_f == test_y))
    acc_i = float(np.mean(pred_i == test_y))
    print(f"float BN model top-1 {100 * acc_f:.2f} %, integer model top-1 {100 * acc_i:.2f} %, "
          f"{int(np.sum(pred_f != pred_i))} predictions differ, "
          f"{int(np.sum(float_logits != int_logits))} logits differ")

    pdir = os.path.join(args.out, "fmnist_bnn")
    os.makedirs(pdir, exist_ok=True)
    for layer in common.LAYERS:
        for key, fname in common.param_files(layer).items():
            np.save(os.path.join(pdir, fname), params[layer["name"]][key])
    np.save(os.path.join(pdir, "expected_test_predictions.npy"), pred_i.astype(np.int16))
    np.save(os.path.join(pdir, "expected_logits_first100.npy"), int_logits[:100].astype(np.int32))
    with open(os.path.join(pdir, "accuracy.json"), "w") as f:
        json.dump({"pytorch_float_top1": acc_f, "integer_model_top1": acc_i,
                   "epochs": args.epochs, "augment": args.augment, "threads": args.threads,
                   "seed": args.seed, "train_seconds": round(train_seconds, 1),
                   "test_images": int(test_x.shape[0])}, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.out, "fmnist_bnn.yaml"), "w") as f:
        f.write(yaml_text(acc_i, acc_f, args))

    exp = ExportNet(net).eval()
    with torch.no_grad():
        onnx_check = exp(torch.from_numpy(test_x[:100].astype(np.float32))[:, None]).numpy()
    assert np.array_equal(onnx_check, float_logits[:100])
    torch.onnx.export(exp, torch.zeros(1, 1, 28, 28), os.path.join(pdir, "fmnist_bnn.onnx"),
                      opset_version=13, do_constant_folding=False, input_names=["pixels"], output_names=["logits"],
                      dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}})

    # Independent re-check: reload the files and run the pure-numpy integer evaluator.
    reloaded = common.load_params(pdir)
    np_logits = common.run_integer_numpy(reloaded, test_x)
    assert np.array_equal(np_logits, int_logits), "numpy and torch integer models disagree"
    assert np.array_equal(np_logits.argmax(1), np.load(os.path.join(pdir, "expected_test_predictions.npy")))
    print(f"wrote {args.out}/fmnist_bnn.yaml and {pdir}/ (numpy re-check passed)")


if __name__ == "__main__":
    main()
