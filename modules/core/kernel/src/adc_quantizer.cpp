#include "pimscope/kernel/adc_quantizer.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <string>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#endif

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

void add_values_generic(const int* lut, const uint16_t* counts, int n, int64_t active, int64_t scale,
                        int64_t* out) {
    if (scale == 1) return add_values_body<true>(lut, counts, n, active, scale, out);
    add_values_body<false>(lut, counts, n, active, scale, out);
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
// GCC 12's AVX-512 headers set up their "undefined" vectors in a way its own
// -Wmaybe-uninitialized flags (GCC bug 105593): silenced for this function only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// With AVX-512 the look-ups are gathers, sixteen columns per step (the compiler's generic
// tuning would not emit gathers by itself). The same integer arithmetic as the loop above.
__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"))) void add_values_avx512(
    const int* lut, const uint16_t* counts, int n, int64_t active, int64_t scale, int64_t* out) {
    const __m512i act = _mm512_set1_epi64(active), sc = _mm512_set1_epi64(scale);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i c16 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(counts + i));
        const __m512i idx = _mm512_cvtepu16_epi32(c16);
        const __m512i est = _mm512_i32gather_epi32(idx, lut, 4);
        __m512i lo = _mm512_sub_epi64(_mm512_slli_epi64(_mm512_cvtepi32_epi64(_mm512_castsi512_si256(est)), 1), act);
        __m512i hi = _mm512_sub_epi64(_mm512_slli_epi64(_mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(est, 1)), 1), act);
        if (scale != 1) {
            lo = _mm512_mullo_epi64(lo, sc);
            hi = _mm512_mullo_epi64(hi, sc);
        }
        _mm512_storeu_si512(out + i, _mm512_add_epi64(_mm512_loadu_si512(out + i), lo));
        _mm512_storeu_si512(out + i + 8, _mm512_add_epi64(_mm512_loadu_si512(out + i + 8), hi));
    }
    add_values_generic(lut, counts + i, n - i, active, scale, out + i);
}
#pragma GCC diagnostic pop
bool cpu_has_avx512() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    }();
    return has;
}
#define PIMSCOPE_ADC_AVX512 1
#else
#define PIMSCOPE_ADC_AVX512 0
#endif

} // namespace

void add_slice_values(const adc_quantizer& adc, const uint16_t* counts, int n, int active, int64_t scale,
                      int64_t* out) {
    if (active == 0) return;   // no row driven: nothing converted, every value 0 (slice_value)
#if PIMSCOPE_ADC_AVX512
    if (cpu_has_avx512()) return add_values_avx512(adc.estimates(), counts, n, active, scale, out);
#endif
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
