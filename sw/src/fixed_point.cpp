#include "pimscope/sw/fixed_point.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::sw {

std::string fixed_point_format::str() const {
    return "Q" + std::to_string(bits - 1 - fraction) + "." + std::to_string(fraction) + " (" +
           std::to_string(bits) + " b)";
}

double round_half_away(double x) { return std::round(x); }

quantised_weights quantise_per_channel(const std::vector<float>& w, int channels, int bits) {
    quantised_weights out;
    const std::size_t K = std::size_t(channels), row = K == 0 ? 0 : w.size() / K;
    const double top = double((1 << (bits - 1)) - 1);
    out.q.resize(w.size());
    out.scale.assign(K, 1.0);
    out.abs_error.assign(K, 0.0);
    for (std::size_t k = 0; k < K; ++k) {
        const float* r = &w[k * row];
        double m = 0;
        for (std::size_t i = 0; i < row; ++i) m = std::max(m, std::fabs(double(r[i])));
        const double s = m > 0 ? m / top : 1.0;
        out.scale[k] = s;
        for (std::size_t i = 0; i < row; ++i) {
            const double q = std::clamp(round_half_away(double(r[i]) / s), -top, top);
            out.q[k * row + i] = int8_t(q);
            out.abs_error[k] += std::fabs(double(r[i]) - q * s);
        }
    }
    return out;
}

requantiser make_requantiser(const std::vector<double>& a, const std::vector<double>& b, int fraction) {
    // Why the largest shift: mul/2^shift then carries the most bits of a, which is what
    // bounds the error on large n (max_error). 2^30 keeps mul and add in int32 and their
    // sum with mul * n (|n| < 2^31) far inside the int64 the output unit computes in.
    const double limit = std::ldexp(1.0, 30);
    requantiser r;
    for (int shift = 30; shift >= 0; --shift) {
        bool fits = true;
        std::vector<int32_t> mul, add;
        for (std::size_t c = 0; c < a.size() && fits; ++c) {
            const double m = round_half_away(std::ldexp(a[c], fraction + shift));
            const double h = round_half_away(std::ldexp(b[c], fraction + shift)) +
                             (shift > 0 ? std::ldexp(1.0, shift - 1) : 0.0);
            fits = std::isfinite(m) && std::isfinite(h) && std::fabs(m) < limit && std::fabs(h) < limit;
            mul.push_back(int32_t(fits ? m : 0));
            add.push_back(int32_t(fits ? h : 0));
        }
        if (fits) {
            r.mul = std::move(mul);
            r.add = std::move(add);
            r.shift = shift;
            r.ok = true;
            return r;
        }
    }
    return r;
}

double requantiser::max_error(const std::vector<double>& a, const std::vector<double>& b, int fraction,
                              double n_bound) const {
    double worst = 0;
    for (std::size_t c = 0; c < mul.size(); ++c) {
        const double unit = std::ldexp(1.0, -(fraction + shift));
        const double half = shift > 0 ? std::ldexp(1.0, shift - 1) : 0.0;
        const double da = std::fabs(double(mul[c]) * unit - a[c]);
        const double db = std::fabs((double(add[c]) - half) * unit - b[c]);
        // floor((M n + A) / 2^S) with A's half step is round-half-up of (M n + A0) / 2^S:
        // off by at most half an output step (2^-(fraction+1)) when shift > 0, and exact
        // (no rounding at all) when shift is 0.
        const double rounding = shift > 0 ? std::ldexp(1.0, -(fraction + 1)) : 0.0;
        worst = std::max(worst, rounding + da * n_bound + db);
    }
    return worst;
}

} // namespace pimscope::sw
