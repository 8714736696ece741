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

// Device non-idealities (variation, read noise, stuck-at cells) go through the kernel's
// analog path in both modes: the SystemC subarrays (keyed by the platform's image index
// and window) and the functional mode (keyed by the same image index) read the same
// noisy currents, whatever order the reads happen in.
TEST(functional_equivalence, device_nonidealities_lossy_adc_multi_bit_input) {
    const auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3,
                                    {"adc.bits=4", "input.bits=2", "nonideal.variation_sigma=0.1",
                                     "nonideal.read_noise_sigma=0.4", "nonideal.stuck_on_rate=0.002",
                                     "nonideal.stuck_off_rate=0.002", "nonideal.seed=11"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    auto ideal_arch = s.arch;
    ideal_arch.variation_sigma = ideal_arch.read_noise_sigma = 0;
    ideal_arch.stuck_on_rate = ideal_arch.stuck_off_rate = 0;
    const auto ideal = sw::prepare_network(s.g, s.params, ideal_arch);
    int differs_from_ideal = 0;
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k], int64_t(k));
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
        differs_from_ideal += !(functional[s.g.output_node()] ==
                                sw::functional_run(ideal, s.images[k])[s.g.output_node()]);
    }
    EXPECT_GT(differs_from_ideal, 0) << "the non-idealities changed nothing";
}
