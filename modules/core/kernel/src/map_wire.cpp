#include "pimscope/kernel/map_wire.hpp"

#include "pimscope/common/error.hpp"

#include <cstring>

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
        // The common case, a word per element, low byte first.
        uint8_t* o = out.data();
        for (int c = 0; c < s.c; ++c) {
            const int32_t* r = &t.v[(std::size_t(c) * s.h + row) * s.w];
            for (int x = 0; x < s.w; ++x, o += 2) {
                const int32_t v = r[x];
                if (v < -32768 || v > 32767) unrepresentable(map, f, v);
                const uint16_t u = uint16_t(int16_t(v));
                o[0] = uint8_t(u & 0xff);
                o[1] = uint8_t(u >> 8);
            }
        }
        return;
    }
    if (f.k == wire_format::kind::binary && f.bits == 1) {
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
