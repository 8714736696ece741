#!/usr/bin/python3
"""Trains a small ResNetE/Bi-Real-style BNN on Fashion-MNIST and exports it as ONNX.

Run by hand (not in CI) with Debian's PyTorch (/usr/bin/python3):

    /usr/bin/python3 tools/train_resnete_fmnist.py --epochs 5 --out configs/nets     # resnete_fmnist
    /usr/bin/python3 tools/train_resnete_fmnist.py --epochs 2 --form where --c1 16 --c2 32 \
        --seed 2 --name resnete_fmnist_where --out configs/nets                       # the second path

(about 30 and 3 minutes on the shared 2-core machine). --reexport redoes the export and the
emulation from the float parameters already written, without training.

Network (ResNetE, Bethge et al. 2019, shrunk; a real-valued residual stream):

    input 1x28x28 raw pixels 0..255, times 2^-8
    stem   conv 1->32 k3 s2 p1 (real weights) -> BN              : x0 32x14x14 (real)
    block1 x1 = x0 + BN(bconv 32->32 k3 p1 (sign(x0)))           : 32x14x14
    block2 x2 = BN(conv1x1 32->64 (avgpool2(x1))) + BN(bconv 32->64 k3 s2 p1 (sign(x1)))
    block3 x3 = x2 + BN(bconv 64->64 k3 p1 (sign(x2)))          : 64x7x7
    head   global avgpool -> fc 64->10 (real weights, bias)      : logits

bconv: +-1 weights (sign of latent weights, straight-through gradient clipped at |w| > 1);
sign(x): x >= 0 -> +1, straight-through (hardtanh) gradient. The stem, the shortcut 1x1
conv and the classifier keep real weights (pimscope quantises them to 8 bits per output
channel). Adam, cosine learning-rate decay.

--form picks the export path: `sign` (torch.sign -> ONNX Sign, Gemm classifier, opset 13)
or `where` (Where(GreaterOrEqual(x, 0), 1, -1) sign, MatMul + Add classifier, opset 17).

Outputs (under --out/--name): model.onnx, the float parameters as .npy, accuracy.json,
expected_test_predictions.npy (int16 [10000]: the prediction of pimscope's fixed-point
deployment of the model, emulated in numpy by tools/fxp_emulation.py, independent of the
C++ code) and float_test_predictions.npy. accuracy.json records the exact command, the
seed, the thread count and both top-1s. BatchNormalization stays a node in the ONNX file
(TrainingMode.PRESERVE: the eval-mode export can fold it into the real-valued convs).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist_bnn_common as common  # noqa: E402
import fxp_emulation as fxp  # noqa: E402
# sign with the hardtanh straight-through gradient; threads, seeds and data loading
from train_fmnist_bnn import SignAct as SignSTE, optimise_step, reproducible_setup, training_schedule  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT_SCALE = 2.0 ** -8   # exact in float32: the input's fixed-point scale is exact too


class BinConv(nn.Conv2d):
    def __init__(self, cin, cout, stride=1):
        super().__init__(cin, cout, 3, stride=stride, padding=1, bias=False)

    def binary_weight(self):
        return SignSTE.apply(self.weight)

    def forward(self, x):
        return F.conv2d(x, self.binary_weight(), stride=self.stride, padding=1)


class Net(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.stem, self.stem_bn = nn.Conv2d(1, c1, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c1)
        self.b1, self.b1_bn = BinConv(c1, c1), nn.BatchNorm2d(c1)
        self.b2, self.b2_bn = BinConv(c1, c2, 2), nn.BatchNorm2d(c2)
        self.sc, self.sc_bn = nn.Conv2d(c1, c2, 1, bias=False), nn.BatchNorm2d(c2)
        self.b3, self.b3_bn = BinConv(c2, c2), nn.BatchNorm2d(c2)
        self.fc = nn.Linear(c2, common.CLASSES)

    def forward(self, x, sign=SignSTE.apply, bconv=None):
        bconv = bconv or (lambda m, v: m(v))
        x0 = self.stem_bn(self.stem(x * INPUT_SCALE))
        x1 = x0 + self.b1_bn(bconv(self.b1, sign(x0)))
        x2 = self.sc_bn(self.sc(F.avg_pool2d(x1, 2))) + self.b2_bn(bconv(self.b2, sign(x1)))
        x3 = x2 + self.b3_bn(bconv(self.b3, sign(x2)))
        return self.head(torch.flatten(F.adaptive_avg_pool2d(x3, 1), 1))

    def head(self, v):
        return self.fc(v)


class ExportNet(nn.Module):
    """The eval model as ONNX sees it: +-1 weights as int8 buffers cast to float (folded
    by the importer), BatchNormalization kept as a node, the chosen sign form."""

    def __init__(self, net, form):
        super().__init__()
        self.net, self.form = net, form
        for name in ("b1", "b2", "b3"):
            w = torch.where(getattr(net, name).weight.detach() >= 0, 1, -1).to(torch.int8)
            self.register_buffer(name + "_w", w)

    def sign(self, z):
        if self.form == "sign":
            return torch.sign(z)
        return torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z))

    def forward(self, x):
        def bconv(m, v):
            w = getattr(self, {id(self.net.b1): "b1_w", id(self.net.b2): "b2_w",
                               id(self.net.b3): "b3_w"}[id(m)]).float()
            return F.conv2d(v, w, stride=m.stride, padding=1)
        n = self.net
        if self.form == "where":
            # MatMul + Add classifier instead of Gemm.
            n.head = lambda v: torch.matmul(v, n.fc.weight.t()) + n.fc.bias
        return n.forward(x, self.sign, bconv)


def float_params(net):
    """Every float tensor the emulation needs, as float32 numpy arrays."""
    p = {}
    for name, t in net.state_dict().items():
        if t.dtype.is_floating_point:
            p[name] = t.detach().numpy().astype(np.float32)
    for name in ("b1", "b2", "b3"):
        p[name + ".weight"] = np.where(p[name + ".weight"] >= 0, 1, -1).astype(np.float32)
    return p


def emulate(p, images, weight_bits, total_bits, frac_bits, eps, batch=500):
    """pimscope's fixed-point deployment (tools/fxp_emulation.py rules) -> int64 logits."""
    def bn(a, b, name):
        return fxp.batchnorm(a, b, p[name + ".weight"], p[name + ".bias"], p[name + ".running_mean"],
                             p[name + ".running_var"], eps)

    def mat(n, ab):
        return fxp.materialise(n, ab[0], ab[1], frac_bits, total_bits)

    def residual(x, y):
        return fxp.clamp(x + y, total_bits)

    def sign(x, ab=None):
        """sign(a * n + b) as integer thresholds; a fixed-point map has a = 2^-F, b = 0."""
        if ab is None:
            return np.where(x >= 0, 1, -1).astype(np.int64)
        thr, d = fxp.sign_threshold(*ab)
        shape = (1, -1, 1, 1)
        return np.where(d.reshape(shape) * x >= thr.reshape(shape), 1, -1).astype(np.int64)

    qstem, sstem = fxp.quantise_weights(p["stem.weight"], weight_bits)
    qsc, ssc = fxp.quantise_weights(p["sc.weight"], weight_bits)
    qfc, sfc = fxp.quantise_weights(p["fc.weight"], weight_bits)
    bw = {k: p[k + ".weight"].astype(np.int64) for k in ("b1", "b2", "b3")}
    q = 2.0 ** -frac_bits
    out = []
    for i in range(0, images.shape[0], batch):
        x = images[i:i + batch].astype(np.int64)[:, None]
        # the input's a = 1 * float32(2^-8), b = 0
        # The stem's BN output is only materialised for the add; its sign is a threshold
        # on the stem's integer sums (exact, as the importer folds it).
        stem_acc, stem_ab = fxp.conv(x, qstem, 2, 1), bn(INPUT_SCALE * sstem, np.zeros(sstem.size), "stem_bn")
        x0 = mat(stem_acc, stem_ab)
        one = lambda c: (np.ones(c), np.zeros(c))
        x1 = residual(x0, mat(fxp.conv(sign(stem_acc, stem_ab), bw["b1"], 1, 1), bn(*one(qstem.shape[0]), "b1_bn")))
        short = mat(fxp.conv(fxp.avgpool(x1, 2), qsc, 1, 0), bn(q * ssc, np.zeros(ssc.size), "sc_bn"))
        main = mat(fxp.conv(sign(x1), bw["b2"], 2, 1), bn(*one(qsc.shape[0]), "b2_bn"))
        x2 = residual(short, main)
        x3 = residual(x2, mat(fxp.conv(sign(x2), bw["b3"], 1, 1), bn(*one(qsc.shape[0]), "b3_bn")))
        g = fxp.global_avgpool(x3)
        acc = g @ qfc.T
        assert np.abs(acc).max() < 2 ** 31
        # The logits: the same requantiser, in an int32 word (no narrower saturation).
        out.append(fxp.materialise(acc, q * sfc, p["fc.bias"].astype(np.float64), frac_bits, 32))
    return np.concatenate(out)


def evaluate_float(model, images, batch=1000):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, images.shape[0], batch):
            out.append(model(torch.from_numpy(images[i:i + batch].astype(np.float32))[:, None]).numpy())
    return np.concatenate(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--out", default=os.path.join(REPO, "configs", "nets"))
    ap.add_argument("--name", default="resnete_fmnist")
    ap.add_argument("--form", choices=("sign", "where"), default="sign")
    ap.add_argument("--opset", type=int, default=0, help="0: 13 for --form sign, 17 for where")
    ap.add_argument("--c1", type=int, default=32)
    ap.add_argument("--c2", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=common.DEFAULT_DATA)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="train batches per epoch (0: all)")
    ap.add_argument("--reexport", action="store_true",
                    help="skip training: reload the float .npy parameters already in --out/--name and "
                         "export again (ONNX, emulated predictions)")
    ap.add_argument("--weight-bits", type=int, default=8)
    ap.add_argument("--residual-bits", type=int, default=16)
    ap.add_argument("--fraction-bits", type=int, default=8)
    args = ap.parse_args()
    opset = args.opset or (13 if args.form == "sign" else 17)

    _, _, test_x, test_y, xt, yt = reproducible_setup(args)

    net = Net(args.c1, args.c2)
    opt, sched, gen, steps = training_schedule(net, args, xt.shape[0])
    latent = [net.b1.weight, net.b2.weight, net.b3.weight]
    t0 = time.time()
    pdir = os.path.join(args.out, args.name)
    if args.reexport:
        state = {k: torch.from_numpy(np.load(os.path.join(pdir, k.replace(".", "_") + ".npy")))
                 for k, t in net.state_dict().items() if t.dtype.is_floating_point}
        net.load_state_dict(state, strict=False)
        with open(os.path.join(pdir, "accuracy.json")) as f:
            old = json.load(f)
        args.epochs = 0
    for epoch in range(args.epochs):
        net.train()
        perm = torch.randperm(xt.shape[0], generator=gen)
        correct = total = 0
        for step in range(steps):
            idx = perm[step * args.batch:(step + 1) * args.batch]
            logits = net(xt[idx])
            loss = F.cross_entropy(logits, yt[idx])
            optimise_step(opt, sched, loss, latent)
            correct += int((logits.argmax(1) == yt[idx]).sum())
            total += idx.numel()
            if (step + 1) % 100 == 0:
                print(f"  epoch {epoch + 1} step {step + 1}/{steps}: train {100 * correct / total:.2f} % "
                      f"({time.time() - t0:.0f} s)", flush=True)
        print(f"epoch {epoch + 1}: train {100 * correct / total:.2f} % ({time.time() - t0:.0f} s)", flush=True)
    train_seconds = old["train_seconds"] if args.reexport else time.time() - t0
    if args.reexport:
        args.epochs = old["epochs"]

    net.eval()
    exp = ExportNet(net, args.form).eval()
    float_logits = evaluate_float(exp, test_x)
    p = float_params(net)
    eps = net.stem_bn.eps
    fx_logits = emulate(p, test_x, args.weight_bits, args.residual_bits, args.fraction_bits, eps)
    pred_f, pred_q = float_logits.argmax(1), fx_logits.argmax(1)
    acc_f, acc_q = float(np.mean(pred_f == test_y)), float(np.mean(pred_q == test_y))
    print(f"float top-1 {100 * acc_f:.2f} %, fixed-point top-1 {100 * acc_q:.2f} %, "
          f"{int(np.sum(pred_f != pred_q))} predictions differ")

    os.makedirs(pdir, exist_ok=True)
    onnx_path = os.path.join(pdir, "model.onnx")
    torch.onnx.export(exp, torch.zeros(1, 1, 28, 28), onnx_path, opset_version=opset,
                      do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["pixels"], output_names=["logits"])
    for name, arr in p.items():
        np.save(os.path.join(pdir, name.replace(".", "_") + ".npy"), arr)
    np.save(os.path.join(pdir, "expected_test_predictions.npy"), pred_q.astype(np.int16))
    np.save(os.path.join(pdir, "float_test_predictions.npy"), pred_f.astype(np.int16))
    command = (f"/usr/bin/python3 tools/train_resnete_fmnist.py --epochs {args.epochs} --form {args.form} "
               f"--opset {opset} --c1 {args.c1} --c2 {args.c2} --seed {args.seed} --batch {args.batch} "
               f"--lr {args.lr} --threads {args.threads} --limit {args.limit} --name {args.name} "
               f"--weight-bits {args.weight_bits} --residual-bits {args.residual_bits} "
               f"--fraction-bits {args.fraction_bits} --out {os.path.relpath(args.out, REPO)}")
    info = {"float_top1": acc_f, "fixed_point_top1": acc_q,
            "predictions_differing_from_float": int(np.sum(pred_f != pred_q)),
            "weight_bits": args.weight_bits, "residual_bits": args.residual_bits,
            "fraction_bits": args.fraction_bits, "epochs": args.epochs, "form": args.form,
            "opset": opset, "seed": args.seed, "threads": args.threads,
            "train_seconds": round(train_seconds, 1), "test_images": int(test_x.shape[0]),
            "command": command}
    with open(os.path.join(pdir, "accuracy.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"wrote {pdir}/ ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
