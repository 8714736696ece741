// The golden reference's shortcut for binary conv/fc layers: XNOR and popcount over 64-bit
// words instead of one multiply-add per synapse. A product of two values in {-1, +1} is +1
// when their signs agree, so a window's sum is (nonzero inputs) - 2 * (sign disagreements).
//
// It has its own packing on purpose: the simulated datapath packs and counts in
// modules/core/kernel, and the golden reference is what that datapath is checked against, so
// the two must not share code in which one bug could hide itself from the comparison.
#include "pimscope/sw/golden.hpp"

#include <algorithm>
#include <cstring>
#include <cstdint>
#include <limits>
#include <vector>

namespace pimscope::sw {
namespace {

using word = uint64_t;
constexpr std::size_t word_bits = 64;

std::size_t words_for(std::size_t bits) { return (bits + word_bits - 1) / word_bits; }

// Bits set at positions [0, n) of a word.
word low_bits(std::size_t n) { return n >= word_bits ? ~word(0) : (word(1) << n) - 1; }

// A sequence of values in {-1, 0, +1} as two bit strings: `neg` has a 1 where the value is
// -1, `nz` where it is nonzero (a zero — padding of value 0 — counts neither way). One spare
// word at the end lets an unaligned read of the last word look one word further.
struct ternary_bits {
    std::vector<word> neg, nz;
    explicit ternary_bits(std::size_t bits) : neg(words_for(bits) + 1, 0), nz(words_for(bits) + 1, 0) {}
    // False when v is not -1, 0 or +1 (the layer then has no bit-packed form).
    // No branch on the value's sign: for +-1 maps it is a coin toss a branch mispredicts
    // half the time (this was most of packing the rows).
    bool set(std::size_t i, int32_t v) {
        if (uint32_t(v) + 1u > 2u) return false;   // not -1, 0 or +1
        const word bit = word(1) << (i % word_bits);
        nz[i / word_bits] |= bit & (word(0) - word(v != 0));
        neg[i / word_bits] |= bit & (word(0) - word(v < 0));
        return true;
    }
};

// The 64 bits of w starting at bit `offset` (w[offset / 64 + 1] must exist).
word bits_at(const std::vector<word>& w, std::size_t offset) {
    const std::size_t i = offset / word_bits;
    const unsigned sh = unsigned(offset % word_bits);
    return sh == 0 ? w[i] : (w[i] >> sh) | (w[i + 1] << (word_bits - sh));
}

// The weights as sign bits (1 = -1), in segments of seg_len consecutive weights, each
// segment starting on a word boundary (seg_words words, unused bits 0). Empty when a weight
// is not -1/+1: only such layers have the bit-packed form.
std::vector<word> pack_signs(const std::vector<int8_t>& w, std::size_t seg_len, std::size_t seg_words) {
    // Every image packs all the network's weights again, most of them in the layers with
    // millions of synapses: first one branch-free pass that every value is -1/+1 (it
    // vectorises), then eight signs at a time.
    constexpr bool little_endian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;   // byte k of a load = weight k
    uint8_t bad = 0;
    for (const int8_t x : w) bad |= uint8_t(uint8_t(x + 1) & 0xFD);   // 0 for -1 and +1 only
    if (bad != 0) return {};
    const std::size_t segments = w.size() / seg_len;
    std::vector<word> out(segments * seg_words, 0);
    for (std::size_t s = 0; s < segments; ++s) {
        const int8_t* v = &w[s * seg_len];
        for (std::size_t j = 0; j < seg_words; ++j) {
            const std::size_t n = std::min(word_bits, seg_len - j * word_bits);
            const int8_t* x = v + j * word_bits;
            word bits = 0;
            std::size_t i = 0;
            for (; little_endian && i + 8 <= n; i += 8) {
                // The sign bits of eight bytes (bit 7 of each), gathered into one byte by a
                // multiply whose partial products land each bit at a distinct position.
                uint64_t eight;
                std::memcpy(&eight, x + i, 8);
                const uint64_t signs = (eight >> 7) & 0x0101010101010101ull;
                bits |= word((signs * 0x0102040810204080ull) >> 56) << i;
            }
            for (; i < n; ++i) bits |= word(x[i] < 0) << i;
            out[s * seg_words + j] = bits;
        }
    }
    return out;
}

int32_t saturate(int64_t v) {
    return int32_t(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                       std::numeric_limits<int32_t>::max()));
}

// Sign disagreements of one input window (words xneg/xnz) with the weights of each of K
// output channels (`words` apart), turned into the window's sums sum[k]. Compiled twice on
// x86 without -mpopcnt, where __builtin_popcountll is a slow library call: the popcnt
// version is chosen at run time when the CPU has the instruction.
inline __attribute__((always_inline)) void window_sums_body(const word* xneg, const word* xnz,
                                                            int64_t nonzero, const word* w,
                                                            std::size_t words, int K, int64_t* sum) {
    for (int k = 0; k < K; ++k) {
        const word* wk = w + std::size_t(k) * words;
        int64_t disagree = 0;
        for (std::size_t i = 0; i < words; ++i) disagree += __builtin_popcountll((xneg[i] ^ wk[i]) & xnz[i]);
        sum[k] = nonzero - 2 * disagree;
    }
}

#if (defined(__x86_64__) || defined(__i386__)) && !defined(__POPCNT__)
__attribute__((target("popcnt"))) void window_sums_popcnt(const word* xneg, const word* xnz,
                                                          int64_t nonzero, const word* w,
                                                          std::size_t words, int K, int64_t* sum) {
    window_sums_body(xneg, xnz, nonzero, w, words, K, sum);
}
#endif

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
// With AVX-512 VPOPCNTDQ the window's words are counted eight at a time.
__attribute__((target("popcnt,avx512f,avx512vl,avx512bw,avx512vpopcntdq"))) void window_sums_vpopcnt(
    const word* xneg, const word* xnz, int64_t nonzero, const word* w, std::size_t words, int K, int64_t* sum) {
    window_sums_body(xneg, xnz, nonzero, w, words, K, sum);
}
#define PIMSCOPE_GOLDEN_VPOPCNT 1
#else
#define PIMSCOPE_GOLDEN_VPOPCNT 0
#endif

void window_sums(const word* xneg, const word* xnz, int64_t nonzero, const word* w,
                 std::size_t words, int K, int64_t* sum) {
#if PIMSCOPE_GOLDEN_VPOPCNT
    static const bool has_vpopcnt = __builtin_cpu_supports("avx512vpopcntdq") &&
                                    __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
                                    __builtin_cpu_supports("popcnt");
    if (has_vpopcnt) return window_sums_vpopcnt(xneg, xnz, nonzero, w, words, K, sum);
#endif
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__POPCNT__)
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_popcnt) return window_sums_popcnt(xneg, xnz, nonzero, w, words, K, sum);
#endif
    window_sums_body(xneg, xnz, nonzero, w, words, K, sum);
}

inline __attribute__((always_inline)) int64_t popcount_body(const word* w, std::size_t n) {
    int64_t c = 0;
    for (std::size_t i = 0; i < n; ++i) c += __builtin_popcountll(w[i]);
    return c;
}
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__POPCNT__)
__attribute__((target("popcnt"))) int64_t popcount_popcnt(const word* w, std::size_t n) {
    return popcount_body(w, n);
}
#endif
// Set bits in w[0..n): once per window, so the instruction rather than a library call.
int64_t popcount_sum(const word* w, std::size_t n) {
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__POPCNT__)
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_popcnt) return popcount_popcnt(w, n);
#endif
    return popcount_body(w, n);
}
int64_t popcount_sum(const std::vector<word>& w) { return popcount_sum(w.data(), w.size()); }

// fc: the kernel is the whole input map, synapse order = the flattened CHW index, so the
// input is one segment of fan_in values and each output channel's weights another.
bool fc_bitpacked(const node& n, const node_params& p, const tensor& in, tensor& out) {
    const std::size_t fan_in = in.v.size();
    if (fan_in == 0) return false;
    const std::size_t words = words_for(fan_in);
    const std::vector<word> w = pack_signs(p.weights, fan_in, words);
    if (w.empty()) return false;
    ternary_bits x(fan_in);
    for (std::size_t i = 0; i < fan_in; ++i)
        if (!x.set(i, in.v[i])) return false;
    std::vector<int64_t> sum(static_cast<std::size_t>(n.out_channels));
    window_sums(x.neg.data(), x.nz.data(), popcount_sum(x.nz), w.data(), words, n.out_channels, sum.data());
    for (int k = 0; k < n.out_channels; ++k) out.v[std::size_t(k)] = saturate(sum[std::size_t(k)]);
    return true;
}

// The padded input rows [y0, y0 + rows) in HWC bit order (bit (x + pad) * C + c of a row,
// pad columns and rows outside the map holding pad_value): a kernel row of a window is then
// k * C consecutive bits. False when a value read is not -1, 0 or +1.
bool pack_rows(const tensor& in, int y0, int rows, int pad, int32_t pad_value,
               std::vector<ternary_bits>& packed) {
    const shape3 is = in.shape;
    const int wp = is.w + 2 * pad;
    const std::size_t C = std::size_t(is.c);
    packed.assign(std::size_t(rows), ternary_bits(std::size_t(wp) * C));
    for (int r = 0; r < rows; ++r) {
        const int y = y0 + r;
        ternary_bits& row = packed[std::size_t(r)];
        for (int x = 0; x < wp; ++x) {
            const int sx = x - pad;
            const bool inside = y >= 0 && y < is.h && sx >= 0 && sx < is.w;
            for (std::size_t c = 0; c < C; ++c)
                if (!row.set(std::size_t(x) * C + c, inside ? in.at(int(c), y, sx) : pad_value))
                    return false;
        }
    }
    return true;
}

bool conv_bitpacked(const node& n, const node_params& p, const tensor& in, tensor& out, int rb, int re) {
    if (n.pad_value < -1 || n.pad_value > 1) return false;
    const int k = n.kernel, s = n.stride, K = n.out_channels;
    const std::size_t C = std::size_t(in.shape.c);
    const std::size_t seg = std::size_t(k) * C;          // one kernel row: k positions x C channels
    if (seg == 0) return false;
    const std::size_t seg_words = words_for(seg);
    const std::vector<word> w = pack_signs(p.weights, seg, seg_words);   // [K][ky] segments
    if (w.empty()) return false;
    const int rows = (re - 1 - rb) * s + k;
    std::vector<ternary_bits> packed;
    if (!pack_rows(in, rb * s - n.pad, rows, n.pad, n.pad_value, packed)) return false;

    // One window's k segments, gathered once and then read by all K output channels.
    const std::size_t words = std::size_t(k) * seg_words;
    std::vector<word> xneg(words), xnz(words);
    std::vector<int64_t> sum(static_cast<std::size_t>(K));
    // An output row window by window, stored channel by channel once complete: stored
    // window by window, each channel's element lands in a cache line of its own.
    const int W = out.shape.w;
    std::vector<int32_t> row_out(std::size_t(W) * std::size_t(K));
    const word tail = low_bits(seg - (seg_words - 1) * word_bits);   // bits of the last word
    for (int oy = rb; oy < re; ++oy) {
        for (int ox = 0; ox < W; ++ox) {
            for (int ky = 0; ky < k; ++ky) {
                const ternary_bits& row = packed[std::size_t((oy - rb) * s + ky)];
                const std::size_t first = std::size_t(ox) * s * C;
                for (std::size_t j = 0; j < seg_words; ++j) {
                    const word m = bits_at(row.nz, first + j * word_bits) & (j + 1 == seg_words ? tail : ~word(0));
                    xnz[std::size_t(ky) * seg_words + j] = m;
                    xneg[std::size_t(ky) * seg_words + j] = bits_at(row.neg, first + j * word_bits) & m;
                }
            }
            const int64_t nonzero = popcount_sum(xnz.data(), words);
            window_sums(xneg.data(), xnz.data(), nonzero, w.data(), words, K, sum.data());
            int32_t* dst = &row_out[std::size_t(ox) * std::size_t(K)];
            for (int kk = 0; kk < K; ++kk) dst[kk] = saturate(sum[std::size_t(kk)]);
        }
        for (int kk = 0; kk < K; ++kk) {
            int32_t* dst = &out.at(kk, oy, 0);
            for (int ox = 0; ox < W; ++ox) dst[ox] = row_out[std::size_t(ox) * std::size_t(K) + std::size_t(kk)];
        }
    }
    return true;
}

} // namespace

bool conv_rows_bitpacked(const node& n, const node_params& p, const tensor& in, tensor& out,
                         int row_begin, int row_end) {
    if (!n.binary || row_begin >= row_end) return false;
    if (n.kind == op_kind::fc) return fc_bitpacked(n, p, in, out);
    if (n.kind == op_kind::conv) return conv_bitpacked(n, p, in, out, row_begin, row_end);
    return false;
}

} // namespace pimscope::sw
