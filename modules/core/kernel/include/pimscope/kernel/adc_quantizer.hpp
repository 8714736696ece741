#pragma once
// The ADC of a column: count -> code -> the count the digital side believes.
#include <cstdint>
#include <vector>

namespace pimscope::kernel {

// Declared here, not with the arch config, so that the kernel needs nothing above it;
// arch_config.hpp includes this header for its adc.rounding key.
enum class adc_rounding { floor, nearest };

// ADC: converts a column count (0..full_scale) to a code and back to the count the
// digital side believes. The input range [range_lo, range_hi] (default [0, full_scale])
// is spread over the 2^bits codes; counts outside it clip. Exact when the range is the
// whole [0, full_scale] and 2^bits - 1 >= full_scale.
class adc_quantizer {
public:
    adc_quantizer(int bits, int full_scale, adc_rounding rounding);
    adc_quantizer(int bits, int full_scale, adc_rounding rounding, int range_lo, int range_hi);
    int convert(int count) const;            // code in [0, 2^bits - 1]
    int reconstruct(int code) const;         // estimated count
    int estimate(int count) const { return m_lut[count]; }   // reconstruct(convert(count))
    const int* estimates() const { return m_lut.data(); }    // estimate(c) for c in [0, full_scale]
    // The same table as bytes, padded to 128 entries, when it fits (full scale < 128);
    // null otherwise. Vector code looks a whole read's columns up in it at once.
    const uint8_t* byte_estimates() const { return m_lut8.empty() ? nullptr : m_lut8.data(); }
    bool exact() const { return m_exact; }
    int bits() const { return m_bits; }
    int full_scale() const { return m_full_scale; }
    int range_lo() const { return m_lo; }
    int range_hi() const { return m_hi; }
    adc_rounding rounding() const { return m_rounding; }

private:
    int m_bits, m_full_scale;
    adc_rounding m_rounding;
    int m_lo, m_hi;
    bool m_exact;
    std::vector<int> m_lut;
    std::vector<uint8_t> m_lut8;
};

// What one slice adds to a column's sum: the signed dot product rebuilt from the ADC's
// estimate, 2 * estimate(count) - active. A slice with no row driven (all padding) draws
// no current and is not converted: it adds 0 whatever the ADC's range. The functional
// mode and the SystemC subarray both go through this.
inline int64_t slice_value(const adc_quantizer& adc, int count, int active) {
    return active == 0 ? 0 : 2 * int64_t(adc.estimate(count)) - active;
}

// out[i] += scale * slice_value(adc, counts[i], active) for i in [0, n): the conversions
// of one read's columns (the ADC bank's inner loop).
void add_slice_values(const adc_quantizer& adc, const uint16_t* counts, int n, int active, int64_t scale,
                      int64_t* out);

} // namespace pimscope::kernel
