// The ADC bank's conversions of one read (kernel::add_slice_values) give, column by column,
// scale x slice_value: whatever path the CPU takes (a byte-table permute of 64 columns at
// a time on AVX-512 VBMI, the scalar loop elsewhere), over ADC resolutions, ranges,
// rounding, full scales on both sides of the byte table's limit, scales and read lengths.
#include "pimscope/kernel/adc_quantizer.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace pimscope::kernel;

TEST(adc_conversion, a_read_adds_each_columns_slice_value) {
    std::mt19937 rng(7);
    int cases = 0;
    for (int bits : {1, 3, 5, 7, 16})
        for (int full : {8, 64, 127, 128, 200})
            for (auto rounding : {adc_rounding::floor, adc_rounding::nearest})
                for (int n : {1, 15, 63, 64, 65, 100, 128, 200})
                    for (int64_t scale : {int64_t(1), int64_t(4), int64_t(-3)}) {
                        const adc_quantizer adc(bits, full, rounding, full / 6, full - full / 5);
                        std::vector<uint16_t> counts(static_cast<std::size_t>(n));
                        for (auto& c : counts) c = uint16_t(rng() % unsigned(full + 1));
                        const int active = int(rng() % unsigned(full + 1));
                        std::vector<int64_t> got(static_cast<std::size_t>(n), 11), want(got);
                        add_slice_values(adc, counts.data(), n, active, scale, got.data());
                        for (int i = 0; i < n; ++i)
                            want[std::size_t(i)] += scale * slice_value(adc, counts[std::size_t(i)], active);
                        ASSERT_EQ(got, want) << bits << " bits, full scale " << full << ", " << n << " columns";
                        ++cases;
                    }
    EXPECT_EQ(cases, 5 * 5 * 2 * 8 * 3);
}

TEST(adc_conversion, an_idle_read_adds_nothing) {
    const adc_quantizer adc(4, 64, adc_rounding::floor, 20, 40);
    std::vector<uint16_t> counts(128, 30);
    std::vector<int64_t> out(128, 5);
    add_slice_values(adc, counts.data(), 128, 0, 1, out.data());
    EXPECT_EQ(out, std::vector<int64_t>(128, 5));
}
