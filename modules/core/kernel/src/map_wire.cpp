#include "pimscope/kernel/map_wire.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cstring>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace pimscope::kernel {

namespace {

int64_t lowest(const wire_format& f) {
    return f.k == wire_format::kind::signed_int ? -(int64_t(1) << (f.bits - 1)) : 0;
}
int64_t highest(const wire_format& f) {
    return f.k == wire_format::kind::signed_int ? (int64_t(1) << (f.bits - 1)) - 1
                                                : (int64_t(1) << f.bits) - 1;
}

[[noreturn]] void unrepresentable(const std::string& map, const wire_format& f, int32_t v) {
    const std::string format = f.k == wire_format::kind::binary
                                   ? std::string("a +-1 bit")
                                   : std::to_string(f.bits) + "-bit " +
                                         (f.k == wire_format::kind::signed_int ? "signed" : "unsigned") +
                                         " word";
    throw input_error("", "map '" + map + "'",
                      "value " + std::to_string(v) + " does not fit " + format +
                          ", the form its rows move between tiles in");
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define PIMSCOPE_WIRE_AVX512 1
// Binary rows with AVX-512: sixteen elements per step, a compare giving their bits as a
// mask (and a test that each is -1 or +1), appended to a bit accumulator; decoding blends
// -1/+1 by sixteen bits at a time. The same bytes and values as the scalar loops.
#define PIMSCOPE_WIRE_TARGET __attribute__((target("avx512f,avx512vl,avx512bw")))
PIMSCOPE_WIRE_TARGET bool encode_binary_avx512(const int32_t* v, const shape3& s, int row, uint8_t* out) {
    const __m512i one = _mm512_set1_epi32(1), not_two = _mm512_set1_epi32(~2), zero = _mm512_setzero_si512();
    __mmask16 bad = 0;
    uint64_t acc = 0;   // bits not yet stored, the oldest in bit 0
    int held = 0;
    for (int c = 0; c < s.c; ++c) {
        const int32_t* r = v + (std::size_t(c) * s.h + row) * s.w;
        for (int x = 0; x < s.w; x += 16) {
            const int n = std::min(16, s.w - x);
            const __mmask16 m = __mmask16(n == 16 ? 0xFFFFu : (1u << n) - 1u);
            const __m512i e = _mm512_maskz_loadu_epi32(m, r + x);
            bad |= _mm512_mask_test_epi32_mask(m, _mm512_add_epi32(e, one), not_two);   // (e + 1) & ~2 != 0
            acc |= uint64_t(_mm512_mask_cmpgt_epi32_mask(m, e, zero)) << held;
            held += n;
            for (; held >= 8; held -= 8, acc >>= 8) *out++ = uint8_t(acc);
        }
    }
    if (held > 0) *out = uint8_t(acc);
    return bad == 0;
}
PIMSCOPE_WIRE_TARGET void decode_binary_avx512(const uint8_t* data, int32_t* v, const shape3& s, int row) {
    const __m512i plus = _mm512_set1_epi32(1), minus = _mm512_set1_epi32(-1);
    std::size_t i = 0;
    for (int c = 0; c < s.c; ++c) {
        int32_t* r = v + (std::size_t(c) * s.h + row) * s.w;
        for (int x = 0; x < s.w; x += 16) {
            const int n = std::min(16, s.w - x);
            const __mmask16 m = __mmask16(n == 16 ? 0xFFFFu : (1u << n) - 1u);
            // Bits [i, i + n) lie in the next ceil(((i % 8) + n) / 8) <= 3 bytes of the row.
            const unsigned need = unsigned((i & 7) + std::size_t(n) + 7) / 8;
            uint32_t w = 0;
            for (unsigned k = 0; k < need; ++k) w |= uint32_t(data[(i >> 3) + k]) << (8 * k);
            const __mmask16 bits = __mmask16(w >> (i & 7)) & m;
            _mm512_mask_storeu_epi32(r + x, m, _mm512_mask_blend_epi32(bits, minus, plus));
            i += std::size_t(n);
        }
    }
}
bool cpu_has_avx512() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw");
    }();
    return has;
}
#else
#define PIMSCOPE_WIRE_AVX512 0
#endif

} // namespace

std::size_t row_bytes(const shape3& shape, const wire_format& f) {
    return (std::size_t(shape.c) * std::size_t(shape.w) * std::size_t(f.bits) + 7) / 8;
}

void encode_row(const tensor& t, int row, const wire_format& f, const std::string& map,
                std::vector<uint8_t>& out) {
    // A copy of the shape: the loops store bytes and ints, which the compiler must assume
    // could change a shape it reads through a reference (reloading it every element).
    const shape3 s = t.shape;
    out.assign(row_bytes(s, f), 0);
    if (f.k == wire_format::kind::signed_int && f.bits == 16) {
        // The common case, a word per element, low byte first: the range checked over the
        // channel's row first, so that both loops are plain and vectorise.
        uint8_t* o = out.data();
        for (int c = 0; c < s.c; ++c) {
            const int32_t* r = &t.v[(std::size_t(c) * s.h + row) * s.w];
            int32_t lo = 0, hi = 0;
            for (int x = 0; x < s.w; ++x) {
                lo = std::min(lo, r[x]);
                hi = std::max(hi, r[x]);
            }
            if (lo < -32768 || hi > 32767)
                for (int x = 0; x < s.w; ++x)
                    if (r[x] < -32768 || r[x] > 32767) unrepresentable(map, f, r[x]);
            for (int x = 0; x < s.w; ++x, o += 2) {
                const uint16_t u = uint16_t(int16_t(r[x]));
                o[0] = uint8_t(u & 0xff);
                o[1] = uint8_t(u >> 8);
            }
        }
        return;
    }
    if (f.k == wire_format::kind::binary && f.bits == 1) {
#if PIMSCOPE_WIRE_AVX512
        // A value that is not +-1 falls through to the loop below, which names it.
        if (cpu_has_avx512() && encode_binary_avx512(t.v.data(), s, row, out.data())) return;
#endif
        // Binary maps are most of what moves: a bit per element, set for +1, gathered a
        // byte at a time in a register (not read-modified-written per element).
        std::size_t i = 0;
        unsigned byte = 0;
        for (int c = 0; c < s.c; ++c) {
            const int32_t* r = &t.v[(std::size_t(c) * s.h + row) * s.w];
            for (int x = 0; x < s.w; ++x, ++i) {
                const int32_t v = r[x];
                if (v != 1 && v != -1) unrepresentable(map, f, v);
                byte |= unsigned(v > 0) << (i & 7);
                if ((i & 7) == 7) {
                    out[i >> 3] = uint8_t(byte);
                    byte = 0;
                }
            }
        }
        if (i & 7) out[i >> 3] = uint8_t(byte);
        return;
    }
    const int64_t lo = lowest(f), hi = highest(f);
    const uint64_t mask = (uint64_t(1) << f.bits) - 1;
    std::size_t bit = 0;
    for (int c = 0; c < s.c; ++c)
        for (int x = 0; x < s.w; ++x, bit += std::size_t(f.bits)) {
            const int32_t v = t.at(c, row, x);
            uint64_t u;
            if (f.k == wire_format::kind::binary) {
                if (v != 1 && v != -1) unrepresentable(map, f, v);
                u = v > 0 ? 1 : 0;
            } else {
                if (v < lo || v > hi) unrepresentable(map, f, v);
                u = uint64_t(int64_t(v)) & mask;
            }
            for (int b = 0; b < f.bits; ++b)
                if ((u >> b) & 1) out[(bit + std::size_t(b)) / 8] |= uint8_t(1u << ((bit + std::size_t(b)) % 8));
        }
}

void decode_row(const uint8_t* data, const wire_format& f, tensor& t, int row) {
    const shape3 s = t.shape;   // a copy, as in encode_row
    if (f.k == wire_format::kind::signed_int && f.bits == 16) {
        const uint8_t* d = data;
        for (int c = 0; c < s.c; ++c) {
            int32_t* r = &t.v[(std::size_t(c) * s.h + row) * s.w];
            for (int x = 0; x < s.w; ++x, d += 2) r[x] = int16_t(uint16_t(d[0] | (uint16_t(d[1]) << 8)));
        }
        return;
    }
    if (f.k == wire_format::kind::binary && f.bits == 1) {
#if PIMSCOPE_WIRE_AVX512
        if (cpu_has_avx512()) return decode_binary_avx512(data, t.v.data(), s, row);
#endif
        std::size_t i = 0;
        for (int c = 0; c < s.c; ++c) {
            int32_t* r = &t.v[(std::size_t(c) * s.h + row) * s.w];
            int x = 0;
            // Whole bytes while the channel's row starts on one: eight elements per load.
            for (; (i & 7) == 0 && x + 8 <= s.w; x += 8, i += 8) {
                const unsigned b = data[i >> 3];
                for (int k = 0; k < 8; ++k) r[x + k] = 2 * int32_t((b >> k) & 1) - 1;
            }
            for (; x < s.w; ++x, ++i) r[x] = 2 * int32_t((data[i >> 3] >> (i & 7)) & 1) - 1;
        }
        return;
    }
    std::size_t bit = 0;
    for (int c = 0; c < s.c; ++c)
        for (int x = 0; x < s.w; ++x, bit += std::size_t(f.bits)) {
            uint64_t u = 0;
            for (int b = 0; b < f.bits; ++b)
                u |= uint64_t((data[(bit + std::size_t(b)) / 8] >> ((bit + std::size_t(b)) % 8)) & 1) << b;
            int64_t v;
            if (f.k == wire_format::kind::binary)
                v = u ? 1 : -1;
            else if (f.k == wire_format::kind::signed_int && f.bits < 64 && (u >> (f.bits - 1)) & 1)
                v = int64_t(u) - (int64_t(1) << f.bits);
            else
                v = int64_t(u);
            t.at(c, row, x) = int32_t(v);
        }
}

} // namespace pimscope::kernel
