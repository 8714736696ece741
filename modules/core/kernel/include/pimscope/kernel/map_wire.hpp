#pragma once
// How a row of a map travels between tiles: the bytes a link carries and a buffer stores
// (DESIGN §2, "maps move as a chip would move them"). A map of +-1 moves as one bit per
// element (bit 1 = +1); the network input as its n-bit magnitudes (plus a sign bit in
// sign-magnitude form), two's complement when signed; every other map in 16-bit words.
// Elements are packed in CHW order of the row (channel-major, then x), least significant
// bit first, with no padding between elements; a row ends on a byte boundary.
#include "pimscope/kernel/tensor.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::kernel {

struct wire_format {
    enum class kind : uint8_t { binary, signed_int, unsigned_int };
    kind k = kind::signed_int;
    int bits = 16;   // per element (1 for binary)

    static wire_format binary() { return {kind::binary, 1}; }
    static wire_format words() { return {kind::signed_int, 16}; }
};

// Bytes one row of `shape` takes.
std::size_t row_bytes(const shape3& shape, const wire_format& f);

// Packs row `row` of `t` into `out` (resized to row_bytes). Throws input_error naming
// `map` when an element has no representation in the format (a binary map element that
// is not +-1, a value wider than the word): the chip could not move it.
void encode_row(const tensor& t, int row, const wire_format& f, const std::string& map,
                std::vector<uint8_t>& out);
// Unpacks one row's bytes into row `row` of `t`.
void decode_row(const uint8_t* data, const wire_format& f, tensor& t, int row);

} // namespace pimscope::kernel
