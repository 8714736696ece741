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
