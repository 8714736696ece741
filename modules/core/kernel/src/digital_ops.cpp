#include "pimscope/kernel/digital_ops.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <climits>
#include <limits>

namespace pimscope::kernel {

namespace {

[[noreturn]] void fail(const digital_op& op, const std::string& what) {
    throw input_error("", "node '" + op.name + "'", what);
}

// floor(a / b) for b > 0; C++ division truncates toward zero, which would bias negative
// averages upward.
int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && (a < 0)) --q;
    return q;
}

int32_t saturate(int64_t v) {
    // Values never approach int32 in a sane network; saturating keeps a broken one defined.
    return int32_t(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                       std::numeric_limits<int32_t>::max()));
}

// The element-wise loops that run over every element of most maps (twice: the chip's
// output units and the golden reference), as plain spans so that they vectorise; with
// AVX-512 (64-bit multiply, shift and clamp in vectors) they take eight elements a step.
#define PIMSCOPE_SPAN inline __attribute__((always_inline))
// [lo, hi] is the output's fixed-point range (digital_op::bits): a real datapath of that
// width saturates, and the golden reference must do what the chip does.
struct range32 {
    int64_t lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
};
range32 range_of(const digital_op& op) {
    if (op.bits <= 0 || op.bits >= 32) return {};
    return {-(int64_t(1) << (op.bits - 1)), (int64_t(1) << (op.bits - 1)) - 1};
}
PIMSCOPE_SPAN void batchnorm_span(const int32_t* x, int32_t* y, std::size_t b, std::size_t e, int64_t m, int64_t a,
                                  int shift, range32 r) {
    for (std::size_t j = b; j < e; ++j) y[j] = int32_t(std::clamp<int64_t>((m * x[j] + a) >> shift, r.lo, r.hi));
}
PIMSCOPE_SPAN void add_span(const int32_t* x, const int32_t* x2, int32_t* y, std::size_t b, std::size_t e,
                            range32 r) {
    for (std::size_t j = b; j < e; ++j) y[j] = int32_t(std::clamp<int64_t>(int64_t(x[j]) + x2[j], r.lo, r.hi));
}
void batchnorm_generic(const int32_t* x, int32_t* y, std::size_t b, std::size_t e, int64_t m, int64_t a,
                       int shift, range32 r) {
    batchnorm_span(x, y, b, e, m, a, shift, r);
}
void add_generic(const int32_t* x, const int32_t* x2, int32_t* y, std::size_t b, std::size_t e, range32 r) {
    add_span(x, x2, y, b, e, r);
}
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define PIMSCOPE_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
PIMSCOPE_TARGET_AVX512 void batchnorm_avx512(const int32_t* x, int32_t* y, std::size_t b, std::size_t e, int64_t m,
                                             int64_t a, int shift, range32 r) {
    batchnorm_span(x, y, b, e, m, a, shift, r);
}
PIMSCOPE_TARGET_AVX512 void add_avx512(const int32_t* x, const int32_t* x2, int32_t* y, std::size_t b,
                                       std::size_t e, range32 r) {
    add_span(x, x2, y, b, e, r);
}
bool cpu_has_avx512() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    }();
    return has;
}
#else
bool cpu_has_avx512() { return false; }
void batchnorm_avx512(const int32_t* x, int32_t* y, std::size_t b, std::size_t e, int64_t m, int64_t a, int shift,
                      range32 r) {
    batchnorm_span(x, y, b, e, m, a, shift, r);
}
void add_avx512(const int32_t* x, const int32_t* x2, int32_t* y, std::size_t b, std::size_t e, range32 r) {
    add_span(x, x2, y, b, e, r);
}
#endif

template <typename T>
void need(const digital_op& op, const std::vector<T>* v, int want, const char* what) {
    const std::size_t have = v ? v->size() : 0;
    if (have != std::size_t(want))
        fail(op, std::string(what) + ": expected " + std::to_string(want) + " values, have " +
                     std::to_string(have));
}

void pool_rows(const digital_op& op, const tensor& in, bool is_max, tensor& out, int rb, int re) {
    if (is_max && op.kernel == 2 && op.stride == 2 && op.pad == 0 && 2 * out.shape.h <= in.shape.h &&
        2 * out.shape.w <= in.shape.w) {
        // The common 2x2/2 max pool without padding: every window is inside the map.
        const int W = in.shape.w;
        for (int c = 0; c < in.shape.c; ++c)
            for (int oy = rb; oy < re; ++oy) {
                const int32_t* r0 = &in.v[(std::size_t(c) * in.shape.h + 2 * oy) * W];
                const int32_t* r1 = r0 + W;
                int32_t* o = &out.v[(std::size_t(c) * out.shape.h + oy) * out.shape.w];
                for (int ox = 0; ox < out.shape.w; ++ox)
                    o[ox] = std::max(std::max(r0[2 * ox], r0[2 * ox + 1]), std::max(r1[2 * ox], r1[2 * ox + 1]));
            }
        return;
    }
    // The taps of a window that fall inside the map, found once per window (not tested
    // tap by tap), then read row by row in the same order.
    const int k = op.kernel, H = in.shape.h, W = in.shape.w;
    // Windows whose taps are all inside the map (every one but the borders'): no bounds,
    // and a 3x3 max pool (a ResNet stem's) with its taps unrolled; the same values.
    const int s = op.stride;
    const int ox_in_begin = std::min(out.shape.w, (op.pad + s - 1) / s);   // ix0 >= 0
    const int span = W - k + op.pad;   // ix0 + k <= W while ox * s <= span
    const int ox_in_end = span < 0 ? ox_in_begin : std::max(ox_in_begin, std::min(out.shape.w, span / s + 1));
    for (int c = 0; c < in.shape.c; ++c)
        for (int oy = rb; oy < re; ++oy) {
            const int iy0 = oy * op.stride - op.pad;
            const int ky0 = std::max(0, -iy0), ky1 = std::min(k, H - iy0);
            const bool rows_in = ky0 == 0 && ky1 == k;
            for (int ox = 0; ox < out.shape.w; ++ox) {
                if (rows_in && ox == ox_in_begin && ox_in_end > ox_in_begin) {
                    const int32_t* top = &in.v[(std::size_t(c) * H + std::size_t(iy0)) * W];
                    int32_t* o = &out.v[(std::size_t(c) * out.shape.h + oy) * out.shape.w];
                    for (; ox < ox_in_end; ++ox) {
                        const int32_t* p = top + (ox * s - op.pad);
                        if (is_max && k == 3) {
                            const int32_t r0 = std::max(std::max(p[0], p[1]), p[2]);
                            const int32_t r1 = std::max(std::max(p[W], p[W + 1]), p[W + 2]);
                            const int32_t r2 = std::max(std::max(p[2 * W], p[2 * W + 1]), p[2 * W + 2]);
                            o[ox] = std::max(std::max(r0, r1), r2);
                        } else if (is_max) {
                            int32_t m = p[0];
                            for (int ky = 0; ky < k; ++ky)
                                for (int kx = 0; kx < k; ++kx) m = std::max(m, p[ky * W + kx]);
                            o[ox] = m;
                        } else {
                            int64_t acc = 0;
                            for (int ky = 0; ky < k; ++ky)
                                for (int kx = 0; kx < k; ++kx) acc += p[ky * W + kx];
                            o[ox] = saturate(floor_div(acc, k * k));
                        }
                    }
                    if (ox >= out.shape.w) break;
                }
                const int ix0 = ox * op.stride - op.pad;
                const int kx0 = std::max(0, -ix0), kx1 = std::min(k, W - ix0);
                int64_t acc = is_max ? std::numeric_limits<int64_t>::min() : 0;
                const int taps = kx1 - kx0;   // per row
                for (int ky = ky0; ky < ky1 && taps > 0; ++ky) {
                    const std::size_t y = std::size_t(c) * H + std::size_t(iy0 + ky);
                    const int32_t* row = &in.v[y * W + std::size_t(ix0 + kx0)];
                    for (int kx = 0; kx < taps; ++kx) acc = is_max ? std::max<int64_t>(acc, row[kx]) : acc + row[kx];
                }
                const int count = std::max(0, ky1 - ky0) * std::max(0, kx1 - kx0);
                // Padding is -inf for max and excluded from the average (count_include_pad
                // = false), so a window always has at least one real element when pad < k.
                if (count == 0) fail(op, "a pooling window lies entirely in the padding");
                out.at(c, oy, ox) = saturate(is_max ? acc : floor_div(acc, count));
            }
        }
}

// Integer conv/fc by direct summation (zero padding): the arithmetic of the golden
// reference's multi-bit layers, written separately so that a run checks one against the
// other.
void conv_rows(const digital_op& op, const tensor& in, tensor& out, int rb, int re) {
    const int K = op.out_channels;
    if (op.fc) {
        const std::size_t fan_in = in.v.size();
        need(op, op.weights, int(fan_in * std::size_t(K)), "conv weights");
        for (int k = 0; k < K; ++k) {
            int64_t acc = 0;
            for (std::size_t s = 0; s < fan_in; ++s) acc += int64_t((*op.weights)[std::size_t(k) * fan_in + s]) * in.v[s];
            out.v[std::size_t(k)] = saturate(acc);
        }
        return;
    }
    const int k = op.kernel, C = in.shape.c, H = in.shape.h, W = in.shape.w;
    need(op, op.weights, K * k * k * C, "conv weights");
    const int8_t* w = op.weights->data();
    for (int oy = rb; oy < re; ++oy)
        for (int ox = 0; ox < out.shape.w; ++ox)
            for (int kk = 0; kk < K; ++kk) {
                int64_t acc = 0;
                for (int ky = 0; ky < k; ++ky) {
                    const int iy = oy * op.stride - op.pad + ky;
                    if (iy < 0 || iy >= H) continue;
                    for (int kx = 0; kx < k; ++kx) {
                        const int ix = ox * op.stride - op.pad + kx;
                        if (ix < 0 || ix >= W) continue;
                        const int8_t* wk = w + ((std::size_t(kk) * k + ky) * k + kx) * C;
                        for (int c = 0; c < C; ++c) acc += int64_t(wk[c]) * in.at(c, iy, ix);
                    }
                }
                out.at(kk, oy, ox) = saturate(acc);
            }
}

void threshold_rows(const digital_op& op, const tensor& in, tensor& out, std::size_t area, int rb, int re) {
    need(op, op.thr, in.shape.c, "threshold thr");
    need(op, op.dir, in.shape.c, "threshold dir");
    // y = +1 iff dir_c * x >= thr_c, channel by channel (the common dir = +-1 as plain
    // comparisons, so the loop vectorises).
    for (int c = 0; c < out.shape.c; ++c) {
        const int64_t d = (*op.dir)[std::size_t(c)], t = (*op.thr)[std::size_t(c)];
        const std::size_t b = c * area + std::size_t(rb) * out.shape.w, e = c * area + std::size_t(re) * out.shape.w;
        const int32_t* x = in.v.data();
        int32_t* y = out.v.data();
        if (d == 1 && t >= INT32_MIN && t <= INT32_MAX) {
            const int32_t t32 = int32_t(t);
            for (std::size_t j = b; j < e; ++j) y[j] = x[j] >= t32 ? 1 : -1;
        } else if (d == -1 && -t >= INT32_MIN && -t <= INT32_MAX) {
            const int32_t nt = int32_t(-t);   // -x >= t  <=>  x <= -t
            for (std::size_t j = b; j < e; ++j) y[j] = x[j] <= nt ? 1 : -1;
        } else {
            for (std::size_t j = b; j < e; ++j) y[j] = d * x[j] >= t ? 1 : -1;
        }
    }
}

} // namespace

row_range input_rows(const digital_op& op, int in_h, int out_row) {
    switch (op.kind) {
    case digital_kind::maxpool:
    case digital_kind::avgpool: {
        const int first = out_row * op.stride - op.pad;
        return {std::max(0, first), std::min(in_h - 1, first + op.kernel - 1)};
    }
    case digital_kind::conv: {
        if (op.fc) return {0, in_h - 1};
        const int first = out_row * op.stride - op.pad;
        return {std::max(0, first), std::min(in_h - 1, first + op.kernel - 1)};
    }
    case digital_kind::global_avgpool:
    case digital_kind::flatten:
        return {0, in_h - 1};
    default:
        return {out_row, out_row};
    }
}

void digital_rows(const digital_op& op, const std::vector<const tensor*>& inputs, tensor& out,
                  int row_begin, int row_end) {
    const shape3 os = out.shape;
    const int rb = std::max(row_begin, 0), re = std::min(row_end, os.h);
    if (rb >= re) return;
    const tensor& in = *inputs.at(0);
    const std::size_t area = std::size_t(os.h) * os.w;
    // Element (c, y, x) of rows [rb, re): same index in input and output for the
    // elementwise operators. f(c) gives the loop body of channel c, so that per-channel
    // constants are read once and the inner loop over plain pointers can vectorise (these
    // operators run on every element of every map, twice: chip and golden reference).
    auto each = [&](auto&& f) {
        for (int c = 0; c < os.c; ++c) {
            auto body = f(c);
            const std::size_t e = c * area + std::size_t(re) * os.w;
            for (std::size_t j = c * area + std::size_t(rb) * os.w; j < e; ++j) body(j);
        }
    };
    const bool avx512 = cpu_has_avx512();
    const int32_t* x = in.v.data();
    int32_t* y = out.v.data();
    switch (op.kind) {
    case digital_kind::maxpool:
    case digital_kind::avgpool:
        pool_rows(op, in, op.kind == digital_kind::maxpool, out, rb, re);
        break;
    case digital_kind::global_avgpool: {
        const int64_t a = int64_t(in.shape.h) * in.shape.w;
        for (int c = 0; c < in.shape.c; ++c) {
            int64_t acc = 0;
            for (std::size_t i = 0; i < std::size_t(a); ++i) acc += in.v[c * std::size_t(a) + i];
            out.v[std::size_t(c)] = saturate(floor_div(acc, a));
        }
        break;
    }
    case digital_kind::add: {
        const int32_t* x2 = inputs.at(1)->v.data();
        for (int c = 0; c < os.c; ++c) {
            const std::size_t b = c * area + std::size_t(rb) * os.w, e = c * area + std::size_t(re) * os.w;
            avx512 ? add_avx512(x, x2, y, b, e, range_of(op)) : add_generic(x, x2, y, b, e, range_of(op));
        }
        break;
    }
    case digital_kind::concat: {
        int c0 = 0;   // CHW: each input is a block of channels
        for (const tensor* t : inputs) {
            for (int c = 0; c < t->shape.c; ++c)
                std::copy(t->v.begin() + std::ptrdiff_t(c * area + std::size_t(rb) * os.w),
                          t->v.begin() + std::ptrdiff_t(c * area + std::size_t(re) * os.w),
                          out.v.begin() + std::ptrdiff_t((c0 + c) * area + std::size_t(rb) * os.w));
            c0 += t->shape.c;
        }
        break;
    }
    case digital_kind::batchnorm:
        need(op, op.mul, in.shape.c, "batchnorm mul");
        need(op, op.add, in.shape.c, "batchnorm add");
        if (op.shift < 0 || op.shift > 62) fail(op, "batchnorm shift must be in [0, 62]");
        // >> on a negative int64 is an arithmetic shift (floor) on every compiler we
        // target, and guaranteed from C++20.
        for (int c = 0; c < os.c; ++c) {
            const int64_t m = (*op.mul)[std::size_t(c)], a = (*op.add)[std::size_t(c)];
            const std::size_t b = c * area + std::size_t(rb) * os.w, e = c * area + std::size_t(re) * os.w;
            avx512 ? batchnorm_avx512(x, y, b, e, m, a, op.shift, range_of(op))
                   : batchnorm_generic(x, y, b, e, m, a, op.shift, range_of(op));
        }
        break;
    case digital_kind::threshold:
        threshold_rows(op, in, out, area, rb, re);
        break;
    case digital_kind::sign:
        each([&](int) { return [=](std::size_t j) { y[j] = x[j] >= 0 ? 1 : -1; }; });
        break;
    case digital_kind::relu:
        each([&](int) { return [=](std::size_t j) { y[j] = std::max(x[j], 0); }; });
        break;
    case digital_kind::flatten:
        out.v = in.v;
        break;
    case digital_kind::conv:
        conv_rows(op, in, out, rb, re);
        break;
    }
}

} // namespace pimscope::kernel
