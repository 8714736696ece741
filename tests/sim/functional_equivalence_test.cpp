// The SystemC platform and the fast functional mode share the crossbar kernel: for the
// same images and settings, including a lossy ADC, their outputs are identical.
#include "sim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/functional.hpp"

using namespace pimscope;


TEST(functional_equivalence, bresnete18_lossy_adc) {
    const auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3, {"adc.bits=3"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}

TEST(functional_equivalence, bdensenet28_lossy_adc_multi_bit_input) {
    const auto s = test::make_setup("configs/nets/bdensenet28.yaml", 32, 3,
                                    {"adc.bits=4", "input.bits=3"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}

// Per-layer ADC ranges (the study's batch min/max with floor rounding) reach the SystemC
// subarrays through the same quantizers: outputs stay identical.
TEST(functional_equivalence, study_adc_ranges_per_layer) {
    auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3, {"adc.bits=3", "input.bits=2"});
    sw::count_statistics stats;
    for (const auto& im : s.images) sw::collect_counts(s.net, im, stats);
    sw::set_adc_ranges(s.net, stats, adc_range::study, 100.0);
    int narrowed = 0;
    for (const auto& q : s.net.layer_adcs) narrowed += q && (q->range_lo() > 0 || q->range_hi() < q->full_scale());
    ASSERT_GT(narrowed, 0);
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}
