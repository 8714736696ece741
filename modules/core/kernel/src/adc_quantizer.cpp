#include "pimscope/kernel/adc_quantizer.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <string>

namespace pimscope::kernel {

namespace {

// The loop of add_slice_values; with Unit the scale is 1 (every 1-bit input).
template <bool Unit>
inline __attribute__((always_inline)) void add_values_body(const int* lut, const uint16_t* counts, int n,
                                                           int64_t active, int64_t scale, int64_t* out) {
    for (int i = 0; i < n; ++i) {
        const int64_t v = 2 * int64_t(lut[counts[i]]) - active;
        out[i] += Unit ? v : scale * v;
    }
}

// (AVX-512 gathers from the table were measured slower than this scalar loop on the
// project's machines: a read converts at most a subarray's columns, too few to hide a
// gather's latency.)
void add_values_generic(const int* lut, const uint16_t* counts, int n, int64_t active, int64_t scale,
                        int64_t* out) {
    if (scale == 1) return add_values_body<true>(lut, counts, n, active, scale, out);
    add_values_body<false>(lut, counts, n, active, scale, out);
}

} // namespace

void add_slice_values(const adc_quantizer& adc, const uint16_t* counts, int n, int active, int64_t scale,
                      int64_t* out) {
    if (active == 0) return;   // no row driven: nothing converted, every value 0 (slice_value)
    add_values_generic(adc.estimates(), counts, n, active, scale, out);
}

adc_quantizer::adc_quantizer(int bits, int full_scale, adc_rounding rounding)
    : adc_quantizer(bits, full_scale, rounding, 0, full_scale) {}

adc_quantizer::adc_quantizer(int bits, int full_scale, adc_rounding rounding, int range_lo,
                             int range_hi)
    : m_bits(bits), m_full_scale(full_scale), m_rounding(rounding), m_lo(range_lo), m_hi(range_hi),
      m_exact(false) {
    if (bits < 1 || bits > 16)
        throw input_error("", "adc.bits", "must be in [1, 16], got " + std::to_string(bits));
    if (full_scale < 1)
        throw input_error("", "adc", "full scale must be >= 1, got " + std::to_string(full_scale));
    if (range_lo < 0 || range_hi > full_scale || range_lo > range_hi)
        throw input_error("", "adc", "range [" + std::to_string(range_lo) + ", " + std::to_string(range_hi) +
                                         "] is not within [0, " + std::to_string(full_scale) + "]");
    const int64_t top = (int64_t(1) << bits) - 1;   // highest code
    m_exact = range_lo == 0 && range_hi == full_scale && top >= full_scale;
    m_lut.resize(std::size_t(full_scale) + 1);
    for (int c = 0; c <= full_scale; ++c) m_lut[std::size_t(c)] = reconstruct(convert(c));
}

// span = hi - lo, step = span / top; integer forms of floor((count-lo)/step),
// floor((count-lo)/step + 1/2) and lo + floor(code*step + 1/2), so the codes do not
// depend on floating-point rounding. With top >= span every count in range has its code.
int adc_quantizer::convert(int count) const {
    const int64_t c = std::clamp(count, m_lo, m_hi) - m_lo;
    const int64_t span = m_hi - m_lo;
    const int64_t top = (int64_t(1) << m_bits) - 1;
    if (top >= span) return int(c);
    int64_t code = m_rounding == adc_rounding::floor ? c * top / span : (2 * c * top + span) / (2 * span);
    return int(std::min(code, top));
}

int adc_quantizer::reconstruct(int code) const {
    const int64_t span = m_hi - m_lo;
    const int64_t top = (int64_t(1) << m_bits) - 1;
    if (top >= span) return m_lo + code;
    return m_lo + int((2 * int64_t(code) * span + top) / (2 * top));
}

} // namespace pimscope::kernel
