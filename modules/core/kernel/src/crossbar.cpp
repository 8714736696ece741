// The crossbar reads: programming the weights, the ideal popcount path (the functional
// mode's hot loop), and whole windows through the ADC, ideal or analog.
#include "pimscope/kernel/crossbar.hpp"

#include "detail.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace pimscope::kernel {

using detail::ceil_div;
using detail::fail;

namespace {

// Popcount: with -mpopcnt unavailable at compile time __builtin_popcountll is a libgcc
// call several times slower than the instruction, so the hot loops are compiled twice and
// the popcnt version is chosen at run time when the CPU has it.
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(__POPCNT__)
#define PIMSCOPE_POPCNT_DISPATCH 1
#define PIMSCOPE_TARGET_POPCNT __attribute__((target("popcnt")))
#else
#define PIMSCOPE_POPCNT_DISPATCH 0
#define PIMSCOPE_TARGET_POPCNT
#endif

#define PIMSCOPE_INLINE inline __attribute__((always_inline))

PIMSCOPE_INLINE int popcount64(uint64_t x) { return __builtin_popcountll(x); }

PIMSCOPE_INLINE void counts_body(const crossbar_layer& layer, int slice, const packed_vector& x,
                                 int col_begin, int col_end, uint16_t* counts) {
    const int wps = layer.words_per_slice;
    const uint64_t* p = x.pos_words(slice);
    const uint64_t* a = x.active_words(slice);
    if (wps == 1) {
        // A slice in one word (subarrays of up to 128 rows): the columns' words are
        // consecutive, and the loop vectorises where the CPU counts bits in vectors.
        const uint64_t a0 = a[0], p0 = p[0];
        const uint64_t* w = layer.column_words(slice, col_begin);
        const int n = col_end - col_begin;
        for (int i = 0; i < n; ++i) counts[i] = uint16_t(popcount64(a0 & ~(p0 ^ w[i])));
        return;
    }
    for (int col = col_begin; col < col_end; ++col) {
        const uint64_t* w = layer.column_words(slice, col);
        int c = 0;
        for (int i = 0; i < wps; ++i) c += popcount64(a[i] & ~(p[i] ^ w[i]));
        counts[col - col_begin] = uint16_t(c);
    }
}

// acc[col] += sum over slices of slice_value(adc, count, active) for one plane; with
// Record, also counts each (non-idle) column count into hist.
template <bool Record>
PIMSCOPE_INLINE void accumulate_body(const crossbar_layer& layer, const adc_quantizer& adc,
                                     const packed_vector& x, int32_t* acc, uint64_t* hist) {
    const int wps = layer.words_per_slice;
    const int cols = layer.columns;
    for (int s = 0; s < layer.slices; ++s) {
        const uint64_t* p = x.pos_words(s);
        const uint64_t* a = x.active_words(s);
        int act = 0;
        for (int i = 0; i < wps; ++i) act += popcount64(a[i]);
        if (act == 0) continue;   // an all-padding slice draws no current: every count is 0
        const uint64_t* w = layer.column_words(s, 0);
        if (wps == 1) {
            const uint64_t a0 = a[0], p0 = p[0];
            for (int col = 0; col < cols; ++col) {
                const int c = popcount64(a0 & ~(p0 ^ w[col]));
                if (Record) ++hist[c];
                acc[col] += 2 * adc.estimate(c) - act;
            }
        } else {
            for (int col = 0; col < cols; ++col, w += wps) {
                int c = 0;
                for (int i = 0; i < wps; ++i) c += popcount64(a[i] & ~(p[i] ^ w[i]));
                if (Record) ++hist[c];
                acc[col] += 2 * adc.estimate(c) - act;
            }
        }
    }
}

void counts_generic(const crossbar_layer& l, int s, const packed_vector& x, int b, int e, uint16_t* c) {
    counts_body(l, s, x, b, e, c);
}
void accumulate_generic(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x,
                        int32_t* acc) {
    accumulate_body<false>(l, adc, x, acc, nullptr);
}
void recording_generic(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x, int32_t* acc,
                       uint64_t* hist) {
    accumulate_body<true>(l, adc, x, acc, hist);
}
#if PIMSCOPE_POPCNT_DISPATCH
// The range pass of the study and calibrated ADC policies runs every image through this
// (as long as the evaluation itself): the popcount instruction, not the library call.
PIMSCOPE_TARGET_POPCNT void recording_popcnt(const crossbar_layer& l, const adc_quantizer& adc,
                                             const packed_vector& x, int32_t* acc, uint64_t* hist) {
    accumulate_body<true>(l, adc, x, acc, hist);
}
PIMSCOPE_TARGET_POPCNT void counts_popcnt(const crossbar_layer& l, int s, const packed_vector& x,
                                          int b, int e, uint16_t* c) {
    counts_body(l, s, x, b, e, c);
}
PIMSCOPE_TARGET_POPCNT void accumulate_popcnt(const crossbar_layer& l, const adc_quantizer& adc,
                                              const packed_vector& x, int32_t* acc) {
    accumulate_body<false>(l, adc, x, acc, nullptr);
}
// Vector popcount (AVX-512 VPOPCNTDQ): the one-word-slice loop counts eight columns per
// instruction.
__attribute__((target("popcnt,avx512f,avx512vl,avx512bw,avx512vpopcntdq"))) void counts_vpopcnt(
    const crossbar_layer& l, int s, const packed_vector& x, int b, int e, uint16_t* c) {
    counts_body(l, s, x, b, e, c);
}
// The fast functional mode's plane of one-word slices with AVX-512 VPOPCNTDQ and VBMI:
// sixteen columns per step, counted in vectors and looked up in the ADC's byte table
// (adc_quantizer::byte_estimates) by one byte permute. The same integers as
// accumulate_body.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"   // GCC 12's AVX-512 headers (bug 105593)
#define PIMSCOPE_TARGET_VBMI __attribute__((target("popcnt,avx512f,avx512vl,avx512bw,avx512vpopcntdq,avx512vbmi")))
// The sixteen columns' 2 * estimate(count) - act of one one-word slice (input a, p, act
// broadcast), the columns' weights at w; lo, hi: the ADC's byte table.
PIMSCOPE_TARGET_VBMI PIMSCOPE_INLINE __m512i slice_values16(__m512i lo, __m512i hi, __m512i va, __m512i vp,
                                                            __m512i vact, const uint64_t* w,
                                                            uint64_t* hist = nullptr) {
    // a & ~(p ^ w): the agreeing driven synapses of each column
    const __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 8);
    const __m512i c0 = _mm512_popcnt_epi64(_mm512_andnot_si512(_mm512_xor_si512(vp, w0), va));
    const __m512i c1 = _mm512_popcnt_epi64(_mm512_andnot_si512(_mm512_xor_si512(vp, w1), va));
    const __m128i idx = _mm_unpacklo_epi64(_mm512_cvtepi64_epi8(c0), _mm512_cvtepi64_epi8(c1));
    if (hist) {   // the sixteen counts, each into its bin
        alignas(16) uint8_t counts[16];
        _mm_store_si128(reinterpret_cast<__m128i*>(counts), idx);
        for (const uint8_t c : counts) ++hist[c];
    }
    const __m512i looked_up = _mm512_permutex2var_epi8(lo, _mm512_zextsi128_si512(idx), hi);
    const __m128i est = _mm512_castsi512_si128(looked_up);
    return _mm512_sub_epi32(_mm512_slli_epi32(_mm512_cvtepu8_epi32(est), 1), vact);
}
// With Record, also counts each column count into hist (the range pass of the study and
// calibrated ADC policies), as accumulate_body does.
template <bool Record>
PIMSCOPE_TARGET_VBMI PIMSCOPE_INLINE void accumulate_vbmi_body(const crossbar_layer& layer, const adc_quantizer& adc,
                                                               const packed_vector& x, int32_t* acc, uint64_t* hist) {
    const uint8_t* lut8 = adc.byte_estimates();
    const __m512i lo = _mm512_loadu_si512(lut8), hi = _mm512_loadu_si512(lut8 + 64);
    const int cols = layer.columns;
    for (int s = 0; s < layer.slices; ++s) {
        const uint64_t a0 = x.active_words(s)[0], p0 = x.pos_words(s)[0];
        const int act = popcount64(a0);
        if (act == 0) continue;   // an all-padding slice draws no current: every count is 0
        const uint64_t* w = layer.column_words(s, 0);
        const __m512i va = _mm512_set1_epi64(int64_t(a0)), vp = _mm512_set1_epi64(int64_t(p0));
        const __m512i vact = _mm512_set1_epi32(act);
        int col = 0;
        for (; col + 16 <= cols; col += 16) {
            const __m512i v = slice_values16(lo, hi, va, vp, vact, w + col, Record ? hist : nullptr);
            _mm512_storeu_si512(acc + col, _mm512_add_epi32(_mm512_loadu_si512(acc + col), v));
        }
        for (; col < cols; ++col) {
            const int c = popcount64(a0 & ~(p0 ^ w[col]));
            if (Record) ++hist[c];
            acc[col] += 2 * adc.estimate(c) - act;
        }
    }
}
PIMSCOPE_TARGET_VBMI void accumulate_vbmi(const crossbar_layer& layer, const adc_quantizer& adc,
                                          const packed_vector& x, int32_t* acc) {
    accumulate_vbmi_body<false>(layer, adc, x, acc, nullptr);
}
PIMSCOPE_TARGET_VBMI void recording_vbmi(const crossbar_layer& layer, const adc_quantizer& adc,
                                         const packed_vector& x, int32_t* acc, uint64_t* hist) {
    accumulate_vbmi_body<true>(layer, adc, x, acc, hist);
}
// A whole window of a layer of one one-word slice (a multi-bit first layer: window_fits_word),
// every plane at once, out[col] = sum over planes of plane_scale * slice value: the planes
// summed in 32-bit lanes (planes <= small_window_planes keeps |sum| < 2^31: a slice value
// is within +-510) and widened once, instead of a pass over the columns per plane.
constexpr int small_window_planes = 16;
// With Record, also counts each column count into hist, as accumulate_body does.
template <bool Record>
PIMSCOPE_TARGET_VBMI PIMSCOPE_INLINE void small_window_body(const crossbar_layer& layer, const adc_quantizer& adc,
                                                            const uint64_t* pos, const uint64_t* active, int planes,
                                                            int64_t* out, uint64_t* hist) {
    const uint8_t* lut8 = adc.byte_estimates();
    const __m512i lo = _mm512_loadu_si512(lut8), hi = _mm512_loadu_si512(lut8 + 64);
    const int cols = layer.columns;
    const uint64_t* w = layer.column_words(0, 0);
    int col = 0;
    for (; col + 16 <= cols; col += 16) {
        __m512i sum = _mm512_setzero_si512();
        for (int b = 0; b < planes; ++b) {
            const int act = popcount64(active[b]);
            if (act == 0) continue;   // an all-padding slice draws no current: every count is 0
            const __m512i v = slice_values16(lo, hi, _mm512_set1_epi64(int64_t(active[b])),
                                             _mm512_set1_epi64(int64_t(pos[b])), _mm512_set1_epi32(act), w + col,
                                             Record ? hist : nullptr);
            sum = _mm512_add_epi32(sum, _mm512_sll_epi32(v, _mm_cvtsi32_si128(b)));
        }
        _mm512_storeu_si512(out + col, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(sum)));
        _mm512_storeu_si512(out + col + 8, _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(sum, 1)));
    }
    for (; col < cols; ++col) {
        int64_t sum = 0;
        for (int b = 0; b < planes; ++b) {
            const int act = popcount64(active[b]);
            if (act == 0) continue;
            const int c = popcount64(active[b] & ~(pos[b] ^ w[col]));
            if (Record) ++hist[c];
            sum += plane_scale(b) * (2 * adc.estimate(c) - act);
        }
        out[col] = sum;
    }
}
PIMSCOPE_TARGET_VBMI void small_window_vbmi(const crossbar_layer& layer, const adc_quantizer& adc, const uint64_t* pos,
                                            const uint64_t* active, int planes, int64_t* out, uint64_t* hist) {
    if (hist)
        small_window_body<true>(layer, adc, pos, active, planes, out, hist);
    else
        small_window_body<false>(layer, adc, pos, active, planes, out, nullptr);
}
#pragma GCC diagnostic pop
bool cpu_has_vbmi() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vpopcntdq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("popcnt");
    }();
    return has;
}
bool cpu_has_vpopcnt() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512vpopcntdq") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("popcnt");
    }();
    return has;
}
PIMSCOPE_TARGET_POPCNT int active_count_popcnt(const uint64_t* a, int words) {
    int c = 0;
    for (int i = 0; i < words; ++i) c += popcount64(a[i]);
    return c;
}
bool cpu_has_popcnt() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("popcnt") != 0;
    }();
    return has;
}
#endif

// out[i] += plane_scale(plane) * acc[i]: once per plane of every window, for every column.
PIMSCOPE_INLINE void add_plane_body(int64_t* out, const int32_t* acc, int n, int plane) {
    // As unsigned (modular) arithmetic: a shift, where a signed multiply by 2^plane would
    // need AVX-512 DQ to vectorise; the same integers.
    for (int i = 0; i < n; ++i) out[i] = int64_t(uint64_t(out[i]) + (uint64_t(int64_t(acc[i])) << plane));
}
void add_plane_generic(int64_t* out, const int32_t* acc, int n, int plane) { add_plane_body(out, acc, n, plane); }
#if PIMSCOPE_POPCNT_DISPATCH
// Eight columns per step where the CPU has 512-bit vectors (a multi-bit first layer with few
// columns spent as long here as in its popcounts with the baseline's two).
__attribute__((target("avx512f,avx512vl"))) void add_plane_avx512(int64_t* out, const int32_t* acc, int n,
                                                                    int plane) {
    add_plane_body(out, acc, n, plane);
}
#endif
void add_plane(int64_t* out, const int32_t* acc, int n, int plane) {
#if PIMSCOPE_POPCNT_DISPATCH
    if (cpu_has_vpopcnt()) return add_plane_avx512(out, acc, n, plane);
#endif
    add_plane_generic(out, acc, n, plane);
}

void accumulate_recording(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x,
                          int32_t* acc, uint64_t* hist) {
#if PIMSCOPE_POPCNT_DISPATCH
    if (l.words_per_slice == 1 && adc.byte_estimates() && cpu_has_vbmi()) return recording_vbmi(l, adc, x, acc, hist);
    if (cpu_has_popcnt()) return recording_popcnt(l, adc, x, acc, hist);
#endif
    recording_generic(l, adc, x, acc, hist);
}

void accumulate_plane(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x,
                      int32_t* acc) {
#if PIMSCOPE_POPCNT_DISPATCH
    if (l.words_per_slice == 1 && adc.byte_estimates() && cpu_has_vbmi()) return accumulate_vbmi(l, adc, x, acc);
    if (cpu_has_popcnt()) return accumulate_popcnt(l, adc, x, acc);
#endif
    accumulate_generic(l, adc, x, acc);
}

void check_adc(const crossbar_layer& layer, const adc_quantizer& adc) {
    if (adc.full_scale() < layer.slice_synapses)
        throw input_error("", "", "ADC full scale " + std::to_string(adc.full_scale()) +
                                      " is below the slice size " +
                                      std::to_string(layer.slice_synapses));
}

// The analog twin of accumulate_plane: the same sums from the sensed counts.
void accumulate_analog(const crossbar_layer& layer, const adc_quantizer& adc, const packed_vector& x,
                       const read_id& id, int32_t* acc, uint64_t* hist) {
    thread_local std::vector<uint16_t> counts;
    counts.resize(std::size_t(layer.columns));
    for (int s = 0; s < layer.slices; ++s) {
        const int act = active_count(x, s);
        if (act == 0) continue;   // an all-padding slice draws no current and is not read
        analog_column_counts(layer, s, x, 0, layer.columns, id, counts.data());
        for (int col = 0; col < layer.columns; ++col) {
            const int c = counts[std::size_t(col)];
            if (hist) ++hist[c];
            acc[col] += 2 * adc.estimate(c) - act;
        }
    }
}

} // namespace

crossbar_layer program_crossbar(const conv_geometry& g, const std::vector<int8_t>& weights,
                                int slice_synapses) {
    if (slice_synapses < 1) fail(g, "slice size must be >= 1 synapse");
    if (g.out_channels < 1 || weights.empty() || weights.size() % std::size_t(g.out_channels) != 0)
        fail(g, "weights do not divide into " + std::to_string(g.out_channels) + " output channels");
    crossbar_layer l;
    l.columns = g.out_channels;
    l.synapses = int(weights.size() / std::size_t(g.out_channels));
    l.slice_synapses = slice_synapses;
    l.slices = ceil_div(l.synapses, slice_synapses);
    l.words_per_slice = ceil_div(slice_synapses, 64);
    // A word at a time: a large layer has millions of synapses and every run programs
    // them (a division per synapse made this a tenth of a run). First one branch-free
    // check that every weight is -1/+1 (it vectorises), then eight synapses per step.
    constexpr bool little_endian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;   // byte k of a load = synapse k
    uint8_t bad = 0;
    for (const int8_t v : weights) bad |= uint8_t(uint8_t(v + 1) & 0xFD);   // 0 for -1 and +1 only
    if (bad != 0)
        for (const int8_t v : weights)
            if (v != 1 && v != -1) fail(g, "binary weight " + std::to_string(v) + " is not -1/+1");
    l.w.assign(std::size_t(l.slices) * l.columns * l.words_per_slice, 0);
    for (int col = 0; col < l.columns; ++col) {
        const int8_t* column = &weights[std::size_t(col) * l.synapses];
        for (int slice = 0; slice < l.slices; ++slice) {
            const int first = slice * slice_synapses;
            const int n = std::min(slice_synapses, l.synapses - first);
            uint64_t* out = &l.w[(std::size_t(slice) * l.columns + col) * l.words_per_slice];
            for (int r0 = 0; r0 < n; r0 += 64) {
                const int8_t* v = column + first + r0;
                const int m = std::min(64, n - r0);
                uint64_t bits = 0;
                int r = 0;
                for (; little_endian && r + 8 <= m; r += 8) {
                    // +1 has its sign bit (bit 7 of the byte) clear: the complemented sign
                    // bits of eight bytes, brought together into one byte by a multiply
                    // whose partial products land at distinct bit positions.
                    uint64_t eight;
                    std::memcpy(&eight, v + r, 8);
                    const uint64_t plus = (~eight >> 7) & 0x0101010101010101ull;
                    bits |= ((plus * 0x0102040810204080ull) >> 56) << r;
                }
                for (; r < m; ++r) bits |= uint64_t(v[r] > 0) << r;
                out[r0 / 64] = bits;
            }
        }
    }
    return l;
}

void column_counts(const crossbar_layer& layer, int slice, const packed_vector& x, int col_begin,
                   int col_end, uint16_t* counts, const read_id& id) {
    if (layer.analog) return analog_column_counts(layer, slice, x, col_begin, col_end, id, counts);
#if PIMSCOPE_POPCNT_DISPATCH
    if (cpu_has_vpopcnt()) return counts_vpopcnt(layer, slice, x, col_begin, col_end, counts);
    if (cpu_has_popcnt()) return counts_popcnt(layer, slice, x, col_begin, col_end, counts);
#endif
    counts_generic(layer, slice, x, col_begin, col_end, counts);
}

int active_count(const packed_vector& x, int slice) {
    const uint64_t* a = x.active_words(slice);
#if PIMSCOPE_POPCNT_DISPATCH
    // Every subarray read asks; without the instruction this is a library call per word.
    if (cpu_has_popcnt()) return active_count_popcnt(a, x.words_per_slice);
#endif
    int c = 0;
    for (int i = 0; i < x.words_per_slice; ++i) c += __builtin_popcountll(a[i]);
    return c;
}

void window_outputs(const conv_geometry& g, const crossbar_layer& layer, const adc_quantizer& adc,
                    const tensor& in, int oy, int ox, bool multi_bit_input, int planes,
                    packed_vector& scratch, std::vector<uint16_t>& count_scratch,
                    int64_t* out_per_column, count_histogram* hist, int64_t image) {
    check_adc(layer, adc);
    if (hist) hist->resize(std::size_t(layer.slice_synapses) + 1);
    std::fill(out_per_column, out_per_column + layer.columns, int64_t(0));
    count_scratch.resize(std::size_t(layer.columns));
    for (int b = 0; b < planes; ++b) {
        gather_window(g, in, oy, ox, b, multi_bit_input, layer, scratch);
        for (int s = 0; s < layer.slices; ++s) {
            const int act = active_count(scratch, s);
            if (act == 0) continue;   // idle slice: contributes 0 (slice_value), no read
            column_counts(layer, s, scratch, 0, layer.columns, count_scratch.data(),
                          read_id{image, oy, ox, b});
            if (hist && act > 0)
                for (int col = 0; col < layer.columns; ++col) ++(*hist)[count_scratch[col]];
            for (int col = 0; col < layer.columns; ++col)
                out_per_column[col] += plane_scale(b) * slice_value(adc, count_scratch[col], act);
        }
    }
}

void window_outputs(const conv_geometry& g, const crossbar_layer& layer, const adc_quantizer& adc,
                    const std::vector<packed_map>& planes, int oy, int ox, packed_vector& scratch,
                    std::vector<int32_t>& acc_scratch, int64_t* out_per_column,
                    count_histogram* hist, int64_t image) {
    check_adc(layer, adc);
    if (hist) hist->resize(std::size_t(layer.slice_synapses) + 1);
    std::fill(out_per_column, out_per_column + layer.columns, int64_t(0));
    acc_scratch.resize(std::size_t(layer.columns));
    // A small window: every plane gathered in one pass (packing.hpp).
    constexpr std::size_t max_planes = 31;
    uint64_t small_pos[max_planes], small_active[max_planes];
    // (gather_window reports a window that does not match the programmed layer)
    const bool small = !planes.empty() && planes.size() <= max_planes && window_fits_word(g, planes[0]) &&
                       g.kernel * g.kernel * planes[0].c == layer.synapses;
    if (small) gather_small_windows(g, planes.data(), int(planes.size()), oy, ox, small_pos, small_active);
#if PIMSCOPE_POPCNT_DISPATCH
    if (small && layer.slices == 1 && layer.words_per_slice == 1 && !layer.analog &&
        planes.size() <= std::size_t(small_window_planes) && adc.byte_estimates() && cpu_has_vbmi())
        return small_window_vbmi(layer, adc, small_pos, small_active, int(planes.size()), out_per_column,
                                 hist ? hist->data() : nullptr);
#endif
    for (std::size_t b = 0; b < planes.size(); ++b) {
        if (small)
            cut_window_word(layer, small_pos[b], small_active[b], scratch);
        else
            gather_window(g, planes[b], oy, ox, layer, scratch);
        std::fill(acc_scratch.begin(), acc_scratch.end(), 0);
        if (layer.analog)   // non-ideal cells: one branch per window, the ideal loop is untouched
            accumulate_analog(layer, adc, scratch, read_id{image, oy, ox, int(b)}, acc_scratch.data(),
                              hist ? hist->data() : nullptr);
        else if (hist)
            accumulate_recording(layer, adc, scratch, acc_scratch.data(), hist->data());
        else
            accumulate_plane(layer, adc, scratch, acc_scratch.data());
        add_plane(out_per_column, acc_scratch.data(), layer.columns, int(b));
    }
}

} // namespace pimscope::kernel
