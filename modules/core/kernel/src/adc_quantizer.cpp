#include "pimscope/kernel/adc_quantizer.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <string>

namespace pimscope::kernel {

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
