// With an ADC that resolves every column sum (7 bits for 64 synapses per column), the
// chip's output equals the golden reference bit for bit; with a 3-bit ADC it does not,
// and the platform says so. One network per test (one elaboration per process).
#include "sim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/golden.hpp"

using namespace pimscope;

namespace {

platform::run_result simulate(const std::string& net, int size, int images,
                              std::vector<std::string> overrides) {
    const auto s = test::make_setup(net, size, images, overrides);
    return platform::simulate(s.arch, s.net, s.fp, s.images);
}

void expect_all_exact(const platform::run_result& r) {
    ASSERT_FALSE(r.images.empty());
    for (const auto& i : r.images) {
        EXPECT_TRUE(i.exact);
        EXPECT_DOUBLE_EQ(i.agreement, 1.0);
        EXPECT_EQ(i.hw_class, i.golden_class);
    }
}

} // namespace

TEST(bit_exact, bresnete18_at_32) {
    expect_all_exact(simulate("configs/nets/bresnete18.yaml", 32, 2, {"adc.bits=7"}));
}

TEST(bit_exact, bdensenet28_at_32) {
    expect_all_exact(simulate("configs/nets/bdensenet28.yaml", 32, 2, {"adc.bits=7"}));
}

TEST(bit_exact, balexnet_at_64) {
    expect_all_exact(simulate("configs/nets/balexnet.yaml", 64, 2, {"adc.bits=7"}));
}

TEST(bit_exact, multi_bit_first_layer_input) {
    expect_all_exact(
        simulate("configs/nets/bresnete18.yaml", 32, 2, {"adc.bits=7", "input.bits=4"}));
}

TEST(bit_exact, layer_by_layer_mode) {
    expect_all_exact(
        simulate("configs/nets/bresnete18.yaml", 32, 2, {"adc.bits=7", "pipeline.mode=layer"}));
}

TEST(bit_exact, lossy_adc_differs_and_is_reported) {
    const auto r = simulate("configs/nets/bresnete18.yaml", 32, 2, {"adc.bits=3"});
    for (const auto& i : r.images) {
        EXPECT_FALSE(i.exact);
        EXPECT_LT(i.agreement, 1.0);
    }
}

// The integration runs: the study's networks at their real 224x224 input size.
TEST(bit_exact, bresnete18_at_224) {
    expect_all_exact(simulate("configs/nets/bresnete18.yaml", 0, 1, {"adc.bits=7"}));
}

TEST(bit_exact, bdensenet28_at_224) {
    expect_all_exact(simulate("configs/nets/bdensenet28.yaml", 0, 1, {"adc.bits=7"}));
}
