// The crossbar kernel. Two ways to build an input vector: element by element from the
// tensor (simple, the reference), and word by word from a map packed once per layer (the
// hot path of the functional mode). Both feed the same column-count code.
#include "pimscope/sw/crossbar.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace pimscope::sw {
namespace {

[[noreturn]] void fail(const node& n, const std::string& what) {
    throw input_error("", "node '" + n.name + "'", what);
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

// Drive of one input element in one plane. Multi-bit: sign(v) * bit_plane(|v|); this is
// also right for the unsigned scheme, whose values are >= 0. Binary maps must be +-1 —
// anything else means the graph feeds a non-binarised map to a crossbar.
struct drive {
    bool active, pos;
};
inline drive element_drive(const node& n, int32_t v, int plane, bool multi_bit_input) {
    if (multi_bit_input) {
        const uint32_t mag = v < 0 ? uint32_t(-int64_t(v)) : uint32_t(v);
        return {((mag >> plane) & 1u) != 0, v > 0};
    }
    if (v != 1 && v != -1)
        fail(n, "crossbar input holds " + std::to_string(v) +
                    "; a binary layer needs a -1/+1 map (add a threshold or sign before it)");
    return {true, v > 0};
}

drive pad_drive(const node& n, int plane, bool multi_bit_input) {
    if (n.pad_value < -1 || n.pad_value > 1) fail(n, "pad_value must be -1, 0 or +1");
    if (n.pad_value == 0) return {false, false};   // neither row driven
    return element_drive(n, n.pad_value, plane, true);
}

void check_plane(const node& n, int plane, bool multi_bit_input) {
    if (plane < 0 || plane > 30 || (!multi_bit_input && plane != 0))
        fail(n, "input plane " + std::to_string(plane) + " out of range");
}

// Synapses of node n's window given its input map, cross-checked with the programmed
// weights: a mismatch means the crossbar was programmed for another input shape.
void check_window_size(const node& n, std::size_t synapses, const crossbar_layer& layer) {
    if (synapses != std::size_t(layer.synapses))
        fail(n, "input window has " + std::to_string(synapses) + " synapses, the crossbar holds " +
                    std::to_string(layer.synapses));
}

void prepare_vector(const crossbar_layer& layer, packed_vector& out) {
    const std::size_t words = std::size_t(layer.slices) * layer.words_per_slice;
    out.words_per_slice = layer.words_per_slice;
    out.pos.assign(words, 0);
    out.active.assign(words, 0);
}

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
// Calibration passes only: not worth a popcnt twin.
void accumulate_recording(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x,
                          int32_t* acc, uint64_t* hist) {
    accumulate_body<true>(l, adc, x, acc, hist);
}
#if PIMSCOPE_POPCNT_DISPATCH
PIMSCOPE_TARGET_POPCNT void counts_popcnt(const crossbar_layer& l, int s, const packed_vector& x,
                                          int b, int e, uint16_t* c) {
    counts_body(l, s, x, b, e, c);
}
PIMSCOPE_TARGET_POPCNT void accumulate_popcnt(const crossbar_layer& l, const adc_quantizer& adc,
                                              const packed_vector& x, int32_t* acc) {
    accumulate_body<false>(l, adc, x, acc, nullptr);
}
bool cpu_has_popcnt() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("popcnt") != 0;
    }();
    return has;
}
#endif

void accumulate_plane(const crossbar_layer& l, const adc_quantizer& adc, const packed_vector& x,
                      int32_t* acc) {
#if PIMSCOPE_POPCNT_DISPATCH
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

// Copies bits [bit_off, bit_off + nbits) of `src` to dst[0..] (dst words beyond nbits
// are left as they are; bits above nbits in the last word are cleared). src must have one
// readable word past the last bit.
void extract_bits(const uint64_t* src, std::size_t bit_off, int nbits, uint64_t* dst) {
    for (int i = 0; nbits > 0; ++i, nbits -= 64, bit_off += 64) {
        const std::size_t wi = bit_off >> 6;
        const int sh = int(bit_off & 63);
        uint64_t v = src[wi] >> sh;
        if (sh != 0) v |= src[wi + 1] << (64 - sh);
        if (nbits < 64) v &= (uint64_t(1) << nbits) - 1;
        dst[i] = v;
    }
}


// ---- Analog path helpers. Counter-based draws: every random number is a hash of what it
// belongs to, so nothing depends on the order the draws are made in.
inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
inline uint64_t combine(uint64_t h, uint64_t v) { return mix64(h + 0x9E3779B97F4A7C15ull + mix64(v)); }

// Uniform in (0, 1) from 53 bits of h.
inline double unit_open(uint64_t h) { return (double(h >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

// Read noise, drawn for every column of every read, needs to be cheap: the standardised
// sum of eight 16-bit uniforms from two hashes (Irwin-Hall, mean 0, variance 1, tails cut
// at +-4.9 sigma).
inline double normal_fast(uint64_t h1, uint64_t h2) {
    double s = 0;
    for (int i = 0; i < 4; ++i) {
        s += double((h1 >> (16 * i)) & 0xFFFF);
        s += double((h2 >> (16 * i)) & 0xFFFF);
    }
    // each term (k + 1/2)/65536 has mean 1/2 and variance ~1/12
    return ((s + 4.0) / 65536.0 - 4.0) * 1.2247448713915890491;   // sqrt(12/8)
}

enum : uint64_t { draw_stuck = 1, draw_variation = 2, draw_noise = 4 };

// Key of the draws `what` for the cells of one (layer, slice, column); a cell's draw is
// combine(key, row) (with a sub-index where one row needs several numbers).
uint64_t column_key(uint64_t seed, uint64_t what, int layer, int slice, int col) {
    uint64_t h = combine(seed, what);
    h = combine(h, uint64_t(layer));
    h = combine(h, uint64_t(slice));
    return combine(h, uint64_t(col));
}

// Synapses actually held by slice s (the last slice may be partial).
inline int slice_rows(const crossbar_layer& l, int s) {
    return std::min(l.slice_synapses, l.synapses - s * l.slice_synapses);
}

} // namespace

device_nonideality nonideality_of(const arch_config& arch) {
    device_nonideality d;
    d.on_off_ratio = arch.on_off_ratio;
    d.variation_sigma = arch.variation_sigma;
    d.read_noise_sigma = arch.read_noise_sigma;
    d.stuck_on_rate = arch.stuck_on_rate;
    d.stuck_off_rate = arch.stuck_off_rate;
    d.seed = arch.nonideal_seed;
    return d;
}

void program_analog(crossbar_layer& layer, const device_nonideality& dev, int layer_id) {
    if (!(dev.on_off_ratio > 1))
        throw input_error("", "device.on_off_ratio", "must be greater than 1");
    auto cells = std::make_shared<analog_cells>();
    cells->layer_id = layer_id;
    cells->stride = (layer.slice_synapses + 7) / 8 * 8;
    cells->g_off = 1.0 / dev.on_off_ratio;
    cells->read_noise_sigma = dev.read_noise_sigma;
    cells->seed = dev.seed;
    const std::size_t n = std::size_t(layer.slices) * layer.columns * cells->stride;
    cells->g_neg.assign(n, 0.0f);
    cells->g_diff.assign(n, 0.0f);
    for (int s = 0; s < layer.slices; ++s)
        for (int col = 0; col < layer.columns; ++col) {
            const uint64_t* w = layer.column_words(s, col);
            float* gn = &cells->g_neg[(std::size_t(s) * layer.columns + col) * cells->stride];
            float* gd = &cells->g_diff[(std::size_t(s) * layer.columns + col) * cells->stride];
            const uint64_t stuck_key = column_key(dev.seed, draw_stuck, layer_id, s, col);
            const uint64_t var_key = column_key(dev.seed, draw_variation, layer_id, s, col);
            for (int r = 0; r < slice_rows(layer, s); ++r) {
                const bool plus = ((w[r / 64] >> (r % 64)) & 1u) != 0;
                // One Box-Muller pair per synapse: z[0] for its "+" cell, z[1] for its "-" cell.
                double z[2] = {0, 0};
                if (dev.variation_sigma > 0) {
                    constexpr double two_pi = 6.283185307179586476925286766559;
                    const double radius = std::sqrt(-2.0 * std::log(unit_open(combine(var_key, 2 * uint64_t(r)))));
                    const double angle = two_pi * unit_open(combine(var_key, 2 * uint64_t(r) + 1));
                    z[0] = radius * std::cos(angle);
                    z[1] = radius * std::sin(angle);
                }
                double g[2];   // cell 0 on the "+" row, cell 1 on the "-" row
                for (int c = 0; c < 2; ++c) {
                    bool on = (c == 0) == plus;   // programmed state
                    const double u = unit_open(combine(stuck_key, 2 * uint64_t(r) + uint64_t(c)));
                    if (u < dev.stuck_on_rate) {
                        on = true;
                        ++cells->stuck_on;
                    } else if (u < dev.stuck_on_rate + dev.stuck_off_rate) {
                        on = false;
                        ++cells->stuck_off;
                    }
                    g[c] = (on ? 1.0 : cells->g_off) * (dev.variation_sigma > 0 ? std::exp(dev.variation_sigma * z[c]) : 1.0);
                }
                gn[r] = float(g[1]);
                gd[r] = float(g[0] - g[1]);
            }
        }
    layer.analog = std::move(cells);
}

void analog_column_counts(const crossbar_layer& layer, int slice, const packed_vector& x,
                          int col_begin, int col_end, const read_id& id, uint16_t* counts) {
    const analog_cells& ac = *layer.analog;
    const int stride = ac.stride, rows = slice_rows(layer, slice);
    const uint64_t* p = x.pos_words(slice);
    const uint64_t* a = x.active_words(slice);
    // The driven rows as 0/1 floats, shared by every column of the read.
    thread_local std::vector<float> fa, fp;
    fa.assign(std::size_t(stride), 0.0f);
    fp.assign(std::size_t(stride), 0.0f);
    int act = 0;
    for (int r = 0; r < rows; ++r) {
        const uint64_t bit = uint64_t(1) << (r % 64);
        if (a[r / 64] & bit) {
            fa[std::size_t(r)] = 1.0f;
            ++act;
            if (p[r / 64] & bit) fp[std::size_t(r)] = 1.0f;
        }
    }
    const double ref = act * ac.g_off, gain = 1.0 / (1.0 - ac.g_off);
    const int full = layer.slice_synapses;
    uint64_t read_key = 0;
    if (ac.read_noise_sigma > 0) {
        read_key = combine(ac.seed, draw_noise);
        read_key = combine(read_key, uint64_t(ac.layer_id));
        read_key = combine(read_key, uint64_t(id.image));
        read_key = combine(read_key, uint64_t(uint32_t(id.row)) << 32 | uint32_t(id.x));
        read_key = combine(read_key, uint64_t(uint32_t(id.plane)) << 32 | uint32_t(slice));
    }
    for (int col = col_begin; col < col_end; ++col) {
        const std::size_t base = (std::size_t(slice) * layer.columns + col) * std::size_t(stride);
        const float* gn = &ac.g_neg[base];
        const float* gd = &ac.g_diff[base];
        // Eight independent lanes, summed in a fixed order: the compiler may vectorise the
        // lanes without changing the result.
        float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (int r = 0; r < stride; r += 8)
            for (int j = 0; j < 8; ++j) lane[j] += fa[std::size_t(r + j)] * gn[r + j] + fp[std::size_t(r + j)] * gd[r + j];
        double current = double((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                         double((lane[4] + lane[5]) + (lane[6] + lane[7]));
        if (ac.read_noise_sigma > 0) {
            const uint64_t h = combine(read_key, uint64_t(col));
            current += ac.read_noise_sigma * normal_fast(h, mix64(h ^ 0xA5A5A5A5A5A5A5A5ull));
        }
        const double sensed = std::floor((current - ref) * gain + 0.5);
        counts[col - col_begin] = uint16_t(std::clamp(sensed, 0.0, double(full)));
    }
}

namespace {

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

crossbar_layer program_crossbar(const node& n, const node_params& p, int slice_synapses) {
    if (n.kind != op_kind::conv && n.kind != op_kind::fc) fail(n, "only conv/fc layers use crossbars");
    if (!n.binary) fail(n, "a full-precision layer is not mapped on crossbars");
    if (slice_synapses < 1) fail(n, "slice size must be >= 1 synapse");
    if (n.out_channels < 1 || p.weights.empty() || p.weights.size() % std::size_t(n.out_channels) != 0)
        fail(n, "weights do not divide into " + std::to_string(n.out_channels) + " output channels");
    crossbar_layer l;
    l.columns = n.out_channels;
    l.synapses = int(p.weights.size() / std::size_t(n.out_channels));
    l.slice_synapses = slice_synapses;
    l.slices = ceil_div(l.synapses, slice_synapses);
    l.words_per_slice = ceil_div(slice_synapses, 64);
    l.w.assign(std::size_t(l.slices) * l.columns * l.words_per_slice, 0);
    for (int col = 0; col < l.columns; ++col)
        for (int s = 0; s < l.synapses; ++s) {
            const int8_t v = p.weights[std::size_t(col) * l.synapses + s];
            if (v != 1 && v != -1) fail(n, "binary weight " + std::to_string(v) + " is not -1/+1");
            if (v < 0) continue;
            const int slice = s / slice_synapses, r = s % slice_synapses;
            l.w[(std::size_t(slice) * l.columns + col) * l.words_per_slice + r / 64] |= uint64_t(1) << (r % 64);
        }
    return l;
}

void gather_window(const node& n, const tensor& in, int oy, int ox, int plane, bool multi_bit_input,
                   const crossbar_layer& layer, packed_vector& out) {
    check_plane(n, plane, multi_bit_input);
    prepare_vector(layer, out);
    const int S = layer.slice_synapses;
    auto put = [&](int s, drive d) {
        if (!d.active) return;
        const std::size_t word = std::size_t(s / S) * layer.words_per_slice + (s % S) / 64;
        const uint64_t bit = uint64_t(1) << ((s % S) % 64);
        out.active[word] |= bit;
        if (d.pos) out.pos[word] |= bit;
    };
    if (n.kind == op_kind::fc) {
        // Synapse order of fc = flattened CHW index of its input (see golden.hpp).
        check_window_size(n, in.v.size(), layer);
        // Slice and bit advance incrementally (this runs once per fc read).
        int slice = 0, r = 0;
        for (std::size_t s = 0; s < in.v.size(); ++s) {
            const drive d = element_drive(n, in.v[s], plane, multi_bit_input);
            if (d.active) {
                const std::size_t word = std::size_t(slice) * layer.words_per_slice + (r >> 6);
                const uint64_t bit = uint64_t(1) << (r & 63);
                out.active[word] |= bit;
                if (d.pos) out.pos[word] |= bit;
            }
            if (++r == S) {
                r = 0;
                ++slice;
            }
        }
        return;
    }
    const int k = n.kernel, C = in.shape.c;
    check_window_size(n, std::size_t(k) * k * C, layer);
    const drive pad = pad_drive(n, plane, multi_bit_input);
    int s = 0;   // synapse s = (ky*k + kx)*C + c
    for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * n.stride + ky - n.pad;
        for (int kx = 0; kx < k; ++kx) {
            const int ix = ox * n.stride + kx - n.pad;
            const bool inside = iy >= 0 && iy < in.shape.h && ix >= 0 && ix < in.shape.w;
            for (int c = 0; c < C; ++c, ++s)
                put(s, inside ? element_drive(n, in.at(c, iy, ix), plane, multi_bit_input) : pad);
        }
    }
}

void column_counts(const crossbar_layer& layer, int slice, const packed_vector& x, int col_begin,
                   int col_end, uint16_t* counts, const read_id& id) {
    if (layer.analog) return analog_column_counts(layer, slice, x, col_begin, col_end, id, counts);
#if PIMSCOPE_POPCNT_DISPATCH
    if (cpu_has_popcnt()) return counts_popcnt(layer, slice, x, col_begin, col_end, counts);
#endif
    counts_generic(layer, slice, x, col_begin, col_end, counts);
}

int active_count(const packed_vector& x, int slice) {
    const uint64_t* a = x.active_words(slice);
    int c = 0;
    for (int i = 0; i < x.words_per_slice; ++i) c += __builtin_popcountll(a[i]);
    return c;
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

void window_outputs(const node& n, const crossbar_layer& layer, const adc_quantizer& adc,
                    const tensor& in, int oy, int ox, bool multi_bit_input, int planes,
                    packed_vector& scratch, std::vector<uint16_t>& count_scratch,
                    int64_t* out_per_column, count_histogram* hist, int64_t image) {
    check_adc(layer, adc);
    if (hist) hist->resize(std::size_t(layer.slice_synapses) + 1);
    std::fill(out_per_column, out_per_column + layer.columns, int64_t(0));
    count_scratch.resize(std::size_t(layer.columns));
    for (int b = 0; b < planes; ++b) {
        gather_window(n, in, oy, ox, b, multi_bit_input, layer, scratch);
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

void pack_map(const node& n, const tensor& in, int plane, bool multi_bit_input, packed_map& out) {
    check_plane(n, plane, multi_bit_input);
    out.c = in.shape.c;
    out.h = in.shape.h;
    out.w = in.shape.w;
    out.words_per_pixel = ceil_div(out.c, 64);
    const std::size_t area = std::size_t(out.h) * out.w;
    const std::size_t words = (area + 1) * out.words_per_pixel;
    out.pos.assign(words, 0);
    out.active.assign(words, 0);
    auto put = [&](std::size_t pixel, int c, drive d) {
        if (!d.active) return;
        const std::size_t word = pixel * out.words_per_pixel + c / 64;
        const uint64_t bit = uint64_t(1) << (c % 64);
        out.active[word] |= bit;
        if (d.pos) out.pos[word] |= bit;
    };
    for (int c = 0; c < out.c; ++c) {
        const int32_t* v = &in.v[c * area];
        for (std::size_t px = 0; px < area; ++px) put(px, c, element_drive(n, v[px], plane, multi_bit_input));
    }
    const drive pad = pad_drive(n, plane, multi_bit_input);
    for (int c = 0; c < out.c; ++c) put(area, c, pad);
}

void pack_map_rows(const node& n, const tensor& in, int plane, bool multi_bit_input, int row_begin,
                   int row_end, packed_map& out) {
    if (out.c != in.shape.c || out.h != in.shape.h || out.w != in.shape.w ||
        out.words_per_pixel != ceil_div(in.shape.c, 64)) {
        // First use: shape the map and set the padding pixel once.
        check_plane(n, plane, multi_bit_input);
        out.c = in.shape.c;
        out.h = in.shape.h;
        out.w = in.shape.w;
        out.words_per_pixel = ceil_div(out.c, 64);
        const std::size_t words = (std::size_t(out.h) * out.w + 1) * out.words_per_pixel;
        out.pos.assign(words, 0);
        out.active.assign(words, 0);
        const drive pad = pad_drive(n, plane, multi_bit_input);
        const std::size_t pad_pixel = std::size_t(out.h) * out.w;
        for (int c = 0; c < out.c; ++c) {
            if (!pad.active) continue;
            const std::size_t word = pad_pixel * out.words_per_pixel + c / 64;
            out.active[word] |= uint64_t(1) << (c % 64);
            if (pad.pos) out.pos[word] |= uint64_t(1) << (c % 64);
        }
    }
    const std::size_t area = std::size_t(out.h) * out.w;
    const std::size_t first = std::size_t(row_begin) * out.w, last = std::size_t(row_end) * out.w;
    std::fill(out.pos.begin() + first * out.words_per_pixel, out.pos.begin() + last * out.words_per_pixel, 0);
    std::fill(out.active.begin() + first * out.words_per_pixel,
              out.active.begin() + last * out.words_per_pixel, 0);
    for (int c = 0; c < out.c; ++c) {
        const int32_t* v = &in.v[c * area];
        const uint64_t bit = uint64_t(1) << (c % 64);
        for (std::size_t px = first; px < last; ++px) {
            const drive d = element_drive(n, v[px], plane, multi_bit_input);
            if (!d.active) continue;
            const std::size_t word = px * out.words_per_pixel + c / 64;
            out.active[word] |= bit;
            if (d.pos) out.pos[word] |= bit;
        }
    }
}

void gather_window(const node& n, const packed_map& in, int oy, int ox, const crossbar_layer& layer,
                   packed_vector& out) {
    if (n.kind != op_kind::conv) fail(n, "packed gather serves conv layers only");
    const int k = n.kernel, C = in.c, wpp = in.words_per_pixel;
    const int total = k * k * C;
    check_window_size(n, std::size_t(total), layer);
    const std::size_t vec_words = std::size_t(layer.slices) * layer.words_per_slice;
    out.words_per_slice = layer.words_per_slice;
    out.pos.resize(vec_words);
    out.active.resize(vec_words);

    // The window as one contiguous bit stream (synapse s at bit s); one spare word so the
    // shifted append and extract_bits may touch the word after the last bit. When slices
    // are whole words the stream already is the slice layout: it is built in `out` itself
    // (whose spare word stays 0: bits above C in a pixel's words are 0).
    const int S = layer.slice_synapses;
    const bool in_place = S % 64 == 0;
    thread_local std::vector<uint64_t> stream_pos, stream_act;
    std::vector<uint64_t>& vp = in_place ? out.pos : stream_pos;
    std::vector<uint64_t>& va = in_place ? out.active : stream_act;
    const std::size_t stream_words = vec_words + 1;
    vp.assign(stream_words, 0);
    va.assign(stream_words, 0);
    uint64_t* sp = vp.data();
    uint64_t* sa = va.data();
    const std::size_t pad_pixel = std::size_t(in.h) * in.w;
    if (wpp == 1) {
        // Pixels of at most 64 channels: append each to a two-word window held in
        // registers and store a word when it fills.
        uint64_t lo_p = 0, lo_a = 0, hi_p = 0, hi_a = 0;
        int fill = 0;          // bits used in the low word
        std::size_t word = 0;  // stream word the low word goes to
        for (int ky = 0; ky < k; ++ky) {
            const int iy = oy * n.stride + ky - n.pad;
            const bool row_in = iy >= 0 && iy < in.h;
            for (int kx = 0; kx < k; ++kx) {
                const int ix = ox * n.stride + kx - n.pad;
                const std::size_t px = row_in && ix >= 0 && ix < in.w ? std::size_t(iy) * in.w + ix : pad_pixel;
                const uint64_t bp = in.pos[px], ba = in.active[px];
                lo_p |= bp << fill;
                lo_a |= ba << fill;
                if (fill != 0) {
                    hi_p |= bp >> (64 - fill);
                    hi_a |= ba >> (64 - fill);
                }
                fill += C;
                if (fill >= 64) {
                    sp[word] = lo_p;
                    sa[word] = lo_a;
                    ++word;
                    lo_p = hi_p;
                    lo_a = hi_a;
                    hi_p = hi_a = 0;
                    fill -= 64;
                }
            }
        }
        if (fill > 0) {
            sp[word] = lo_p;
            sa[word] = lo_a;
        }
    } else {
    std::size_t off = 0;
    for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * n.stride + ky - n.pad;
        const bool row_in = iy >= 0 && iy < in.h;
        for (int kx = 0; kx < k; ++kx, off += std::size_t(C)) {
            const int ix = ox * n.stride + kx - n.pad;
            const std::size_t px = row_in && ix >= 0 && ix < in.w ? std::size_t(iy) * in.w + ix : pad_pixel;
            const uint64_t* pp = &in.pos[px * wpp];
            const uint64_t* pa = &in.active[px * wpp];
            const std::size_t wi = off >> 6;
            const int sh = int(off & 63);
            if (sh == 0) {
                // Aligned: the words land whole (bits above C in a pixel's last word are 0,
                // and the next pixel ORs into them).
                for (int i = 0; i < wpp; ++i) {
                    sp[wi + i] = pp[i];
                    sa[wi + i] = pa[i];
                }
            } else {
                for (int i = 0; i < wpp; ++i) {
                    sp[wi + i] |= pp[i] << sh;
                    sa[wi + i] |= pa[i] << sh;
                    sp[wi + i + 1] |= pp[i] >> (64 - sh);
                    sa[wi + i + 1] |= pa[i] >> (64 - sh);
                }
            }
        }
    }
    }
    if (in_place) {   // drop the spare word (capacity stays: no allocation next time)
        out.pos.resize(vec_words);
        out.active.resize(vec_words);
        return;
    }
    std::fill(out.pos.begin(), out.pos.end(), 0);
    std::fill(out.active.begin(), out.active.end(), 0);
    for (int s = 0; s < layer.slices; ++s) {
        const int nbits = std::min(S, total - s * S);
        extract_bits(sp, std::size_t(s) * S, nbits, &out.pos[std::size_t(s) * layer.words_per_slice]);
        extract_bits(sa, std::size_t(s) * S, nbits, &out.active[std::size_t(s) * layer.words_per_slice]);
    }
}

void window_outputs(const node& n, const crossbar_layer& layer, const adc_quantizer& adc,
                    const std::vector<packed_map>& planes, int oy, int ox, packed_vector& scratch,
                    std::vector<int32_t>& acc_scratch, int64_t* out_per_column,
                    count_histogram* hist, int64_t image) {
    check_adc(layer, adc);
    if (hist) hist->resize(std::size_t(layer.slice_synapses) + 1);
    std::fill(out_per_column, out_per_column + layer.columns, int64_t(0));
    acc_scratch.resize(std::size_t(layer.columns));
    for (std::size_t b = 0; b < planes.size(); ++b) {
        gather_window(n, planes[b], oy, ox, layer, scratch);
        std::fill(acc_scratch.begin(), acc_scratch.end(), 0);
        if (layer.analog)   // non-ideal cells: one branch per window, the ideal loop is untouched
            accumulate_analog(layer, adc, scratch, read_id{image, oy, ox, int(b)}, acc_scratch.data(),
                              hist ? hist->data() : nullptr);
        else if (hist)
            accumulate_recording(layer, adc, scratch, acc_scratch.data(), hist->data());
        else
            accumulate_plane(layer, adc, scratch, acc_scratch.data());
        for (int col = 0; col < layer.columns; ++col)
            out_per_column[col] += plane_scale(int(b)) * acc_scratch[std::size_t(col)];
    }
}

} // namespace pimscope::sw
