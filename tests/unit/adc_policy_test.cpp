// ADC range policies: the quantizer over a sub-range, idle slices, and the per-layer
// ranges the study and calibrated policies derive from column-count statistics.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/kernel/crossbar.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/weights.hpp"

#include <gtest/gtest.h>

using namespace pimscope;
using namespace pimscope::kernel;
using namespace pimscope::sw;

TEST(adc_policy, sub_range_quantizer) {
    // Range [16, 48] of a 64-count column, 2 bits: step 32/3.
    const adc_quantizer f(2, 64, adc_rounding::floor, 16, 48);
    EXPECT_FALSE(f.exact());
    EXPECT_EQ(f.convert(0), 0);     // below the range: clipped to lo
    EXPECT_EQ(f.estimate(0), 16);
    EXPECT_EQ(f.convert(26), 0);    // floor(10 * 3 / 32)
    EXPECT_EQ(f.convert(27), 1);    // floor(11 * 3 / 32)
    EXPECT_EQ(f.estimate(27), 16 + 11);   // lo + round(1 * 32 / 3)
    EXPECT_EQ(f.estimate(64), 48);  // above the range: clipped to hi
    const adc_quantizer n(2, 64, adc_rounding::nearest, 16, 48);
    EXPECT_EQ(n.convert(21), 0);    // round(5 * 3 / 32) = round(0.47)
    EXPECT_EQ(n.convert(22), 1);    // round(6 * 3 / 32) = round(0.56)
    // A range no wider than the codes is exact inside it.
    const adc_quantizer w(5, 64, adc_rounding::floor, 10, 40);
    for (int c = 10; c <= 40; ++c) EXPECT_EQ(w.estimate(c), c);
    EXPECT_EQ(w.estimate(5), 10);
    EXPECT_FALSE(w.exact());
    EXPECT_THROW(adc_quantizer(3, 64, adc_rounding::floor, 30, 20), input_error);
    EXPECT_THROW(adc_quantizer(3, 64, adc_rounding::floor, 0, 65), input_error);
    // The default range is today's fixed full scale.
    const adc_quantizer d(3, 64, adc_rounding::nearest);
    EXPECT_EQ(d.range_lo(), 0);
    EXPECT_EQ(d.range_hi(), 64);
}

TEST(adc_policy, idle_slices_add_nothing) {
    const adc_quantizer f(2, 64, adc_rounding::floor, 16, 48);
    EXPECT_EQ(slice_value(f, 0, 0), 0);
    EXPECT_EQ(slice_value(f, 0, 3), 2 * 16 - 3);
}

namespace {

graph small_net() {
    graph g;
    g.source = "test";
    g.input_shape = {3, 8, 8};
    node in;
    in.name = "input";
    in.out = g.input_shape;
    g.nodes.push_back(in);
    auto add = [&](node n) { n.inputs = {int(g.nodes.size()) - 1}; g.nodes.push_back(n); };
    node c1;
    c1.name = "c1"; c1.kind = op_kind::conv; c1.out_channels = 16; c1.kernel = 3; c1.pad = 1;
    add(c1);
    node t1; t1.name = "t1"; t1.kind = op_kind::threshold; add(t1);
    node c2;
    c2.name = "c2"; c2.kind = op_kind::conv; c2.out_channels = 8; c2.kernel = 3; c2.pad = 1;
    add(c2);
    g.infer_shapes();
    return g;
}

} // namespace

TEST(adc_policy, study_and_calibrated_ranges) {
    const graph g = small_net();
    const network_params p = generate_params(g, 3);
    arch_config arch = default_arch_config();
    arch.subarray_rows = 128;   // 64 synapses per slice
    arch.adc_bits = 3;
    arch.input_bits = 2;
    prepared_network net = prepare_network(g, p, arch);
    count_statistics stats;
    for (uint64_t k = 0; k < 6; ++k)
        collect_counts(net, quantize_input(synthetic_image(g.input_shape, k), g.input_shape, net.encoding),
                       stats);
    ASSERT_EQ(stats.per_node.size(), g.nodes.size());
    const auto& h = stats.per_node[3];   // c2: 144 synapses = 3 slices of 64
    ASSERT_EQ(h.size(), 65u);
    int lo = 0, hi = 64;
    while (h[std::size_t(lo)] == 0) ++lo;
    while (h[std::size_t(hi)] == 0) --hi;

    set_adc_ranges(net, stats, adc_range::study, 99.9);
    ASSERT_TRUE(net.layer_adcs[3]);
    EXPECT_EQ(net.layer_adcs[3]->range_lo(), lo);
    EXPECT_EQ(net.layer_adcs[3]->range_hi(), hi);
    EXPECT_EQ(net.layer_adcs[3]->rounding(), adc_rounding::floor);
    EXPECT_EQ(&net.adc_for(3), net.layer_adcs[3].get());
    EXPECT_EQ(&net.adc_for(2), net.adc.get());   // not a crossbar layer

    set_adc_ranges(net, stats, adc_range::calibrated, 90.0);
    ASSERT_TRUE(net.layer_adcs[3]);
    EXPECT_GE(net.layer_adcs[3]->range_lo(), lo);
    EXPECT_LE(net.layer_adcs[3]->range_hi(), hi);
    EXPECT_LT(net.layer_adcs[3]->range_hi() - net.layer_adcs[3]->range_lo(), hi - lo);
    EXPECT_EQ(net.layer_adcs[3]->rounding(), arch.adc_round);

    set_adc_ranges(net, stats, adc_range::fixed, 99.9);
    EXPECT_TRUE(net.layer_adcs.empty());
    EXPECT_EQ(&net.adc_for(3), net.adc.get());
}
