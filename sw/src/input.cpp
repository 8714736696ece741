// Synthetic images and the input quantiser.
#include "pimscope/sw/input.hpp"

#include "pimscope/common/error.hpp"
#include "prng.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace pimscope::sw {

std::vector<float> synthetic_image(shape3 shape, uint64_t seed) {
    if (shape.c < 1 || shape.h < 1 || shape.w < 1)
        throw input_error("", "image", "shape must be positive in every dimension");
    detail::prng rng(seed, 0x1A6E);
    // A few soft blobs shared by all channels with per-channel colour, a gentle gradient
    // and pixel noise: spatially correlated like a photograph, so binary layers see
    // structure rather than white noise. Only +,*,/ (no libm transcendental functions),
    // so the pixels are bit-identical on every IEEE machine.
    const int blobs = 6;
    struct blob {
        double cy, cx, r2;
        std::vector<double> amp;
    };
    std::vector<blob> bs(blobs);
    const double side = std::min(shape.h, shape.w);
    for (auto& b : bs) {
        b.cy = rng.uniform01() * shape.h;
        b.cx = rng.uniform01() * shape.w;
        const double r = (0.08 + 0.3 * rng.uniform01()) * side + 0.5;
        b.r2 = r * r;
        b.amp.resize(std::size_t(shape.c));
        for (auto& a : b.amp) a = 2.0 * rng.uniform01() - 1.0;
    }
    std::vector<double> gy(std::size_t(shape.c)), gx(std::size_t(shape.c));
    for (int c = 0; c < shape.c; ++c) {
        gy[std::size_t(c)] = 0.4 * (2.0 * rng.uniform01() - 1.0);
        gx[std::size_t(c)] = 0.4 * (2.0 * rng.uniform01() - 1.0);
    }
    std::vector<float> px(shape.size());
    for (int c = 0; c < shape.c; ++c)
        for (int y = 0; y < shape.h; ++y)
            for (int x = 0; x < shape.w; ++x) {
                double v = gy[std::size_t(c)] * (2.0 * y / shape.h - 1.0) +
                           gx[std::size_t(c)] * (2.0 * x / shape.w - 1.0);
                for (const auto& b : bs) {
                    const double dy = y - b.cy, dx = x - b.cx;
                    v += b.amp[std::size_t(c)] / (1.0 + (dy * dy + dx * dx) / b.r2);
                }
                v += 0.15 * (2.0 * rng.uniform01() - 1.0);
                px[(std::size_t(c) * shape.h + y) * shape.w + x] = float(std::clamp(v, -1.0, 1.0));
            }
    return px;
}

tensor quantize_input(const std::vector<float>& pixels, shape3 shape,
                      const kernel::input_encoding& enc, float scale_max_abs) {
    if (pixels.size() != shape.size())
        throw input_error("", "image", std::to_string(pixels.size()) + " pixels for shape " +
                                           std::to_string(shape.c) + "x" + std::to_string(shape.h) +
                                           "x" + std::to_string(shape.w));
    if (enc.bits < 1 || enc.bits > 30)
        throw input_error("", "input.bits", "must be in [1, 30], got " + std::to_string(enc.bits));
    if (!(scale_max_abs >= 0.0f) || std::isinf(scale_max_abs))
        throw input_error("", "input scale", "must be a finite value >= 0");
    double scale = scale_max_abs;
    if (scale == 0.0) {
        for (float p : pixels) {
            if (!std::isfinite(p)) throw input_error("", "image", "pixel is not a finite number");
            scale = std::max(scale, double(std::fabs(p)));
        }
    }
    const int64_t top = enc.max_magnitude();
    const int64_t lo = enc.is_signed ? -top : 0;
    tensor t(shape);
    if (scale == 0.0) return t;   // an all-zero image quantises to zeros
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        if (!std::isfinite(pixels[i])) throw input_error("", "image", "pixel is not a finite number");
        // Round half away from zero, then clamp: pixels beyond a fixed scale saturate.
        const int64_t q = std::llround(double(pixels[i]) / scale * double(top));
        t.v[i] = int32_t(std::clamp(q, lo, top));
    }
    return t;
}

int rescale_first_layer_thresholds(const graph& g, network_params& p, double scale) {
    int changed = 0;
    for (std::size_t i = 0; i < g.nodes.size() && i < p.nodes.size(); ++i) {
        const node& n = g.nodes[i];
        if ((n.kind != op_kind::threshold && n.kind != op_kind::batchnorm) || n.inputs.empty()) continue;
        const int src = n.inputs[0];
        if (src < 0 || std::size_t(src) >= g.nodes.size()) continue;
        const node& c = g.nodes[std::size_t(src)];
        // A multi-bit first layer (real weights, digital) is re-folded like a binary one.
        if (!((c.kind == op_kind::conv || c.kind == op_kind::fc) && g.reads_network_input(src))) continue;
        if (n.kind == op_kind::threshold)
            for (auto& t : p.nodes[i].thr) t = int32_t(std::ceil(double(t) * scale));
        else   // a fixed-point requantiser: the same real value from sums `scale` times smaller
            for (auto& m : p.nodes[i].mul) m = int32_t(std::lround(double(m) / scale));
        ++changed;
    }
    return changed;
}

} // namespace pimscope::sw
