#pragma once
// Bit-serial input: how the multi-bit network input is cut into planes for the first
// layer, and what each plane weighs in the shift-add.
#include <cstdint>

namespace pimscope::kernel {

// How the multi-bit network input is fed bit-serially to the first layer.
struct input_encoding {
    int bits = 1;              // magnitude bits per plane count (planes = bits)
    bool is_signed = true;     // sign_magnitude: x in [-(2^bits-1), 2^bits-1]; else [0, 2^bits-1]
    int planes() const { return bits; }
    int max_magnitude() const { return (1 << bits) - 1; }
};

// Plane weight and sign bookkeeping for bit-serial input: output of plane b is scaled
// by 2^b in the shift-add.
inline int64_t plane_scale(int plane) { return int64_t(1) << plane; }

} // namespace pimscope::kernel
