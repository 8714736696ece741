// The form maps move between tiles in (kernel/map_wire): rows survive the trip bit for bit,
// take the bytes the links are charged for, and a value the form cannot hold is refused.
#include "pimscope/common/error.hpp"
#include "pimscope/kernel/map_wire.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace pimscope;
using namespace pimscope::kernel;

namespace {

tensor random_map(shape3 s, int lo, int hi, unsigned seed) {
    tensor t(s);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> d(lo, hi);
    for (auto& v : t.v) v = d(rng);
    return t;
}

void expect_round_trip(const tensor& t, const wire_format& f) {
    tensor back(t.shape);
    std::vector<uint8_t> bytes;
    for (int row = 0; row < t.shape.h; ++row) {
        encode_row(t, row, f, "m", bytes);
        ASSERT_EQ(bytes.size(), row_bytes(t.shape, f));
        decode_row(bytes.data(), f, back, row);
    }
    EXPECT_EQ(back, t);
}

} // namespace

TEST(map_wire, binary_maps_take_one_bit_per_element) {
    tensor t = random_map({5, 3, 7}, 0, 1, 1);
    for (auto& v : t.v) v = v ? 1 : -1;
    EXPECT_EQ(row_bytes(t.shape, wire_format::binary()), 5u);   // 35 bits
    expect_round_trip(t, wire_format::binary());
}

TEST(map_wire, binary_rows_hold_element_i_in_bit_i) {
    // Channel by channel, element i of the row in bit i % 8 of byte i / 8: rows 19 wide,
    // so the first channel starts on a byte and the others do not.
    tensor t = random_map({3, 2, 19}, 0, 1, 5);
    for (auto& v : t.v) v = v ? 1 : -1;
    std::vector<uint8_t> bytes;
    encode_row(t, 1, wire_format::binary(), "m", bytes);
    ASSERT_EQ(bytes.size(), 8u);   // 57 bits
    for (int c = 0; c < 3; ++c)
        for (int x = 0; x < 19; ++x) {
            const int i = c * 19 + x;
            EXPECT_EQ((bytes[std::size_t(i / 8)] >> (i % 8)) & 1, t.at(c, 1, x) > 0 ? 1 : 0) << c << "," << x;
        }
    EXPECT_EQ(bytes[7] >> 1, 0);   // bits past the row stay clear
    tensor back(t.shape, 0);
    decode_row(bytes.data(), wire_format::binary(), back, 1);
    for (int c = 0; c < 3; ++c)
        for (int x = 0; x < 19; ++x) EXPECT_EQ(back.at(c, 1, x), t.at(c, 1, x)) << c << "," << x;
}

TEST(map_wire, words_hold_the_16_bit_range) {
    tensor t = random_map({3, 4, 9}, -32768, 32767, 2);
    t.at(0, 0, 0) = -32768;
    t.at(2, 3, 8) = 32767;
    EXPECT_EQ(row_bytes(t.shape, wire_format::words()), 54u);
    expect_round_trip(t, wire_format::words());
}

TEST(map_wire, network_input_in_sign_magnitude_and_unsigned_forms) {
    // 3-bit sign-magnitude input: +-7 in 4-bit two's complement; unsigned 3 bits: 0..7.
    expect_round_trip(random_map({3, 5, 11}, -7, 7, 3), {wire_format::kind::signed_int, 4});
    expect_round_trip(random_map({3, 5, 11}, 0, 7, 4), {wire_format::kind::unsigned_int, 3});
    EXPECT_EQ(row_bytes({3, 5, 11}, {wire_format::kind::unsigned_int, 3}), 13u);   // 99 bits
}

TEST(map_wire, values_the_form_cannot_hold_are_refused_naming_the_map) {
    std::vector<uint8_t> bytes;
    tensor t({1, 1, 2}, 1);
    t.at(0, 0, 1) = 0;
    try {
        encode_row(t, 0, wire_format::binary(), "s1b1_sign", bytes);
        FAIL() << "a 0 in a binary map was accepted";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("s1b1_sign"), std::string::npos) << e.what();
    }
    t.at(0, 0, 1) = 40000;
    EXPECT_THROW(encode_row(t, 0, wire_format::words(), "bn", bytes), input_error);
    t.at(0, 0, 1) = -1;
    EXPECT_THROW(encode_row(t, 0, {wire_format::kind::unsigned_int, 3}, "input", bytes), input_error);
}
