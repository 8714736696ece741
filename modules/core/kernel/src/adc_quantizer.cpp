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

// (AVX-512 gathers from the int table were measured slower than this scalar loop on the
// project's machines: a read converts at most a subarray's columns, too few to hide a
// gather's latency; the byte-table permute below is faster.)
void add_values_generic(const int* lut, const uint16_t* counts, int n, int64_t active, int64_t scale,
                        int64_t* out) {
    if (scale == 1) return add_values_body<true>(lut, counts, n, active, scale, out);
    add_values_body<false>(lut, counts, n, active, scale, out);
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
// With AVX-512 VBMI a byte permute looks 64 columns up in the byte table at once (the
// counts are below 128 there); the values are then widened to 64 bits eight at a time.
// The same integer arithmetic as add_values_body.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"   // GCC 12's AVX-512 headers (bug 105593)
__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512vbmi"))) void add_values_vbmi(
    const uint8_t* lut8, const int* lut, const uint16_t* counts, int n, int64_t active, int64_t scale,
    int64_t* out) {
    const __m512i lo = _mm512_loadu_si512(lut8), hi = _mm512_loadu_si512(lut8 + 64);
    const __m512i act = _mm512_set1_epi64(active), sc = _mm512_set1_epi64(scale);
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        const __m256i a = _mm512_cvtepi16_epi8(_mm512_loadu_si512(counts + i));
        const __m256i b = _mm512_cvtepi16_epi8(_mm512_loadu_si512(counts + i + 32));
        const __m512i idx = _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1);
        alignas(64) uint8_t est[64];
        _mm512_store_si512(est, _mm512_permutex2var_epi8(lo, idx, hi));
        for (int j = 0; j < 64; j += 8) {
            const __m128i e8 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(est + j));
            __m512i v = _mm512_sub_epi64(_mm512_slli_epi64(_mm512_cvtepu8_epi64(e8), 1), act);
            if (scale != 1) v = _mm512_mullo_epi64(v, sc);
            _mm512_storeu_si512(out + i + j, _mm512_add_epi64(_mm512_loadu_si512(out + i + j), v));
        }
    }
    add_values_generic(lut, counts + i, n - i, active, scale, out + i);
}
#pragma GCC diagnostic pop
bool cpu_has_vbmi() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vbmi");
    }();
    return has;
}
#define PIMSCOPE_ADC_VBMI 1
#else
#define PIMSCOPE_ADC_VBMI 0
#endif

} // namespace

void add_slice_values(const adc_quantizer& adc, const uint16_t* counts, int n, int active, int64_t scale,
                      int64_t* out) {
    if (active == 0) return;   // no row driven: nothing converted, every value 0 (slice_value)
#if PIMSCOPE_ADC_VBMI
    if (n >= 64 && adc.byte_estimates() && cpu_has_vbmi())
        return add_values_vbmi(adc.byte_estimates(), adc.estimates(), counts, n, active, scale, out);
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
    if (full_scale < 128 && *std::min_element(m_lut.begin(), m_lut.end()) >= 0 &&
        *std::max_element(m_lut.begin(), m_lut.end()) <= 255) {
        m_lut8.assign(128, 0);
        for (int c = 0; c <= full_scale; ++c) m_lut8[std::size_t(c)] = uint8_t(m_lut[std::size_t(c)]);
    }
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
