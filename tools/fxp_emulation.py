"""pimscope's fixed-point deployment of a float BNN (docs/networks.md, "Fixed point"),
emulated with numpy integers, independently of the C++ code. Only numpy is imported.

The rules (the importer, sw/src/onnx_fixed_point.cpp, implements the same ones):
  * A value is an integer map n with a per-channel scale a[c] and offset b[c]: the real
    value it stands for is a[c] * n + b[c]. All constants are float32 read as float64.
  * Multi-bit weights w[k, ...] (float32): per output channel m = max |w| (float64),
    s = m / (2^(B-1) - 1), q = round_half_away(w / s) clamped to +-(2^(B-1) - 1); a
    channel of zeros gets s = 1, q = 0. The layer reads a map with one scale a and
    offset 0 and gives acc = sum q * n exactly, a_out[k] = a * s[k], b_out[k] = bias[k].
  * A binary (+-1) layer gives acc with a = 1, b = bias (0).
  * BatchNormalization: g = gamma / sqrt(var + eps); b <- (b - mean) * g + beta;
    a <- a * g (float64, in this order).
  * A real map is materialised in Q(W, F) (W bits, F fraction bits, two's complement)
    with one shift S per layer: S = the largest in [0, 30] with |M[c]| < 2^30 and
    |A[c]| < 2^30 for every channel, where M[c] = round_half_away(a[c] * 2^(F+S)) and
    A[c] = round_half_away(b[c] * 2^(F+S)) + (2^(S-1) if S > 0 else 0);
    y = clamp(floor((M * n + A) / 2^S), -2^(W-1), 2^(W-1) - 1); then a = 2^-F, b = 0.
  * A residual Add materialises each operand not already in Q(W, F) and adds with the
    same clamp. AvgPool and GlobalAveragePool take floor(sum / count).
  * A sign of (a, b) is the threshold n >= ceil(-b / a) for a > 0, -n >= ceil(b / a) for
    a < 0 (pimscope's sign: +1 at 0), on the integer map the value is tracked over (a BN
    output is not materialised for its sign).
  * The logits are materialised with the same rule in an int32 word (no saturation below
    int32); the prediction is the first maximum.
"""
import math

import numpy as np


def round_half_away(x):
    """std::round on float64 arrays: exact (|x| - floor(|x|) is exact in float64)."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    r = np.floor(ax)
    r = np.where(ax - r >= 0.5, r + 1, r)
    return np.copysign(r, x)


def quantise_weights(w, bits):
    """w: float32 [K, ...]. Returns (int64 q, float64 s[K])."""
    w = np.asarray(w, dtype=np.float32).astype(np.float64)
    k = w.shape[0]
    flat = w.reshape(k, -1)
    top = float(2 ** (bits - 1) - 1)
    m = np.abs(flat).max(axis=1)
    s = np.where(m > 0, m / top, 1.0)
    q = round_half_away(flat / s[:, None])
    q = np.clip(q, -top, top)
    return q.reshape(w.shape).astype(np.int64), s


def batchnorm(a, b, gamma, beta, mean, var, eps):
    f = lambda v: np.asarray(v, dtype=np.float32).astype(np.float64)
    g = f(gamma) / np.sqrt(f(var) + float(np.float32(eps)))
    b = (b - f(mean)) * g + f(beta)
    return a * g, b


def requantiser(a, b, frac_bits):
    """(M, A, S) of the materialisation rule above."""
    a = np.broadcast_to(np.asarray(a, dtype=np.float64), np.shape(b)).copy()
    b = np.asarray(b, dtype=np.float64)
    lim = 2.0 ** 30
    for s in range(30, -1, -1):
        m = round_half_away(np.ldexp(a, frac_bits + s))
        add = round_half_away(np.ldexp(b, frac_bits + s)) + (2.0 ** (s - 1) if s > 0 else 0.0)
        if np.all(np.abs(m) < lim) and np.all(np.abs(add) < lim):
            return m.astype(np.int64), add.astype(np.int64), s
    raise ValueError("scale or offset too large for a fixed-point requantiser")


def clamp(n, total_bits):
    return np.clip(n, -(2 ** (total_bits - 1)), 2 ** (total_bits - 1) - 1)


def materialise(n, a, b, frac_bits, total_bits):
    m, add, s = requantiser(a, b, frac_bits)
    shape = (1, -1) + (1,) * (n.ndim - 2)
    y = (m.reshape(shape) * n + add.reshape(shape)) >> s   # int64: floor
    return clamp(y, total_bits)


def conv(n, q, stride, pad):
    """Exact integer conv (zero padding), NCHW int64 x OIHW int64."""
    bsz, c, h, w = n.shape
    k_out, _, k, _ = q.shape
    xp = np.zeros((bsz, c, h + 2 * pad, w + 2 * pad), dtype=np.int64)
    xp[:, :, pad:pad + h, pad:pad + w] = n
    oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    # float64 BLAS is exact here: every partial sum is an integer below 2^53 (asserted).
    assert np.abs(xp).max(initial=0) * np.abs(q).sum(axis=(1, 2, 3)).max(initial=0) < 2 ** 53
    cols = np.empty((bsz, oh, ow, c, k, k), dtype=np.float64)
    for ky in range(k):
        for kx in range(k):
            cols[:, :, :, :, ky, kx] = xp[:, :, ky:ky + stride * (oh - 1) + 1:stride,
                                          kx:kx + stride * (ow - 1) + 1:stride].transpose(0, 2, 3, 1)
    out = np.rint(cols.reshape(bsz * oh * ow, -1) @ q.reshape(k_out, -1).T.astype(np.float64)).astype(np.int64)
    assert np.abs(out).max(initial=0) < 2 ** 31, "accumulator overflows int32"
    return out.reshape(bsz, oh, ow, k_out).transpose(0, 3, 1, 2)


def avgpool(n, k):
    bsz, c, h, w = n.shape
    oh, ow = (h - k) // k + 1, (w - k) // k + 1
    s = n[:, :, :oh * k, :ow * k].reshape(bsz, c, oh, k, ow, k).sum(axis=(3, 5))
    return s // (k * k)   # floor


def global_avgpool(n):
    return n.sum(axis=(2, 3)) // (n.shape[2] * n.shape[3])


def sign_threshold(a, b):
    """(thr, dir) of sign(a * n + b) >= 0 over integers n: dir * n >= thr.
    a > 0: n >= ceil(-b / a); a < 0: -n >= ceil(b / a); a = 0: constant."""
    thr, d = [], []
    for aa, bb in zip(np.broadcast_to(a, np.shape(b)), b):
        aa, bb = float(aa), float(bb)
        if aa == 0:
            thr.append(-2 ** 31 if bb >= 0 else 2 ** 31 - 1)
            d.append(1)
            continue
        t = -bb / aa
        thr.append(math.ceil(t) if aa > 0 else math.ceil(-t))
        d.append(1 if aa > 0 else -1)
    thr = np.clip(np.array(thr, dtype=np.int64), -2 ** 31, 2 ** 31 - 1)
    return thr, np.array(d, dtype=np.int64)
