#pragma once
// The arithmetic of pimscope's fixed-point deployment of a float network (docs/networks.md,
// "Fixed point"; docs/models.md, "Multi-bit weights and fixed-point maps"): per-channel
// weight quantisation and the requantiser that turns a real map a[c] * n + b[c] over an
// integer map n into a signed fixed-point word. Plain functions, so that the importer and
// the tests share one definition; tools/fxp_emulation.py restates it independently.
#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::sw {

// A signed two's-complement word of `bits` bits, `fraction` of them after the point:
// Q(bits - 1 - fraction).(fraction), step 2^-fraction.
struct fixed_point_format {
    int bits = 16;
    int fraction = 8;
    std::string str() const;   // "Q7.8 (16 b)"
    int64_t lo() const { return -(int64_t(1) << (bits - 1)); }
    int64_t hi() const { return (int64_t(1) << (bits - 1)) - 1; }
};

// std::round: half away from zero (the stated rounding of every quantisation step).
double round_half_away(double x);

// Symmetric per-output-channel quantisation of real weights w (channels rows, in any
// order within a row) to `bits`-bit integers: s[k] = max_i |w[k][i]| / (2^(bits-1) - 1)
// in double from the float32 values, q = round_half_away(w / s[k]) clamped to the range;
// an all-zero row gets s = 1. abs_error[k] = sum_i |w[k][i] - q[k][i] * s[k]|.
struct quantised_weights {
    std::vector<int8_t> q;
    std::vector<double> scale, abs_error;
};
quantised_weights quantise_per_channel(const std::vector<float>& w, int channels, int bits);

// y = clamp(floor((mul[c] * n + add[c]) / 2^shift)) ~ round((a[c] * n + b[c]) * 2^fraction):
// mul = round_half_away(a * 2^(fraction + shift)), add = round_half_away(b * 2^(fraction +
// shift)) + 2^(shift - 1) (0 for shift 0), with the largest shift in [0, 30] that keeps
// every |mul| and |add| below 2^30. ok = false when even shift 0 does not.
struct requantiser {
    std::vector<int32_t> mul, add;
    int shift = 0;
    bool ok = false;
    // Worst-case |y * 2^-fraction - (a * n + b)| over |n| <= n_bound, before saturation:
    // half a step of the output plus the error of mul and add.
    double max_error(const std::vector<double>& a, const std::vector<double>& b, int fraction,
                     double n_bound) const;
};
requantiser make_requantiser(const std::vector<double>& a, const std::vector<double>& b, int fraction);

} // namespace pimscope::sw
