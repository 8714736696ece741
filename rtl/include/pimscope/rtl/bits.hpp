#pragma once
// Bit packing between C++ integers and Verilated ports (wide ports are arrays of
// 32-bit words, least significant first).
#include <cstdint>

namespace pimscope::rtl {

inline void put_bits(uint32_t* words, int lsb, int width, uint64_t value) {
    for (int b = 0; b < width; ++b) {
        const int bit = lsb + b;
        const uint32_t mask = uint32_t(1) << (bit % 32);
        if ((value >> b) & 1)
            words[bit / 32] |= mask;
        else
            words[bit / 32] &= ~mask;
    }
}

inline int64_t sign_extend(uint64_t value, int width) {
    if (width >= 64) return int64_t(value);
    const uint64_t m = uint64_t(1) << (width - 1);
    value &= (uint64_t(1) << width) - 1;
    return int64_t((value ^ m) - m);
}

inline uint64_t low_bits(int64_t v, int width) {
    return width >= 64 ? uint64_t(v) : uint64_t(v) & ((uint64_t(1) << width) - 1);
}

} // namespace pimscope::rtl
