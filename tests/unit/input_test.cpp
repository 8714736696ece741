#include "pimscope/common/error.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace pimscope;
using namespace pimscope::sw;

TEST(input, synthetic_image_deterministic_and_bounded) {
    const shape3 s{3, 32, 32};
    const auto a = synthetic_image(s, 1), b = synthetic_image(s, 1), c = synthetic_image(s, 2);
    ASSERT_EQ(a.size(), s.size());
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    float lo = 1, hi = -1;
    for (float v : a) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_GE(lo, -1.0f);
    EXPECT_LE(hi, 1.0f);
    EXPECT_LT(lo, 0.0f);   // both signs present: a normalised photograph, not a constant
    EXPECT_GT(hi, 0.0f);
    // Smooth: neighbouring pixels are closer than random pairs on average.
    double near = 0, far = 0;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x + 1 < 32; ++x) {
            near += std::fabs(a[std::size_t(y * 32 + x)] - a[std::size_t(y * 32 + x + 1)]);
            far += std::fabs(a[std::size_t(y * 32 + x)] - a[std::size_t(((y * 7 + 13) % 32) * 32 + (x * 11 + 5) % 32)]);
        }
    EXPECT_LT(near, far);
}

TEST(input, quantiser_ranges) {
    const shape3 s{3, 16, 16};
    const auto px = synthetic_image(s, 7);
    for (int bits = 1; bits <= 8; ++bits)
        for (bool is_signed : {true, false}) {
            pimscope::kernel::input_encoding enc;
            enc.bits = bits;
            enc.is_signed = is_signed;
            const tensor t = quantize_input(px, s, enc);
            ASSERT_EQ(t.shape, s);
            const int top = (1 << bits) - 1;
            const auto [mn, mx] = std::minmax_element(t.v.begin(), t.v.end());
            EXPECT_GE(*mn, is_signed ? -top : 0);
            EXPECT_LE(*mx, top);
            // Scaled by the image's own max |x|: the extreme pixel reaches the top code.
            EXPECT_EQ(std::max(std::abs(*mn), std::abs(*mx)), is_signed ? top : std::abs(*mx));
            if (is_signed) {
                EXPECT_LT(*mn, 0);
            }
        }
}

TEST(input, quantiser_hand_cases) {
    const shape3 s{1, 1, 5};
    const std::vector<float> px{-1.0f, -0.5f, 0.0f, 0.26f, 0.5f};
    pimscope::kernel::input_encoding enc;
    enc.bits = 2;   // top code 3
    enc.is_signed = true;
    EXPECT_EQ(quantize_input(px, s, enc).v, (std::vector<int32_t>{-3, -2, 0, 1, 2}));   // -1.5 -> -2
    enc.is_signed = false;
    EXPECT_EQ(quantize_input(px, s, enc).v, (std::vector<int32_t>{0, 0, 0, 1, 2}));
    // A fixed scale smaller than the image saturates.
    enc.is_signed = true;
    EXPECT_EQ(quantize_input(px, s, enc, 0.5f).v, (std::vector<int32_t>{-3, -3, 0, 2, 3}));
    // All-zero image.
    EXPECT_EQ(quantize_input(std::vector<float>(5, 0.0f), s, enc).v, std::vector<int32_t>(5, 0));
    EXPECT_THROW(quantize_input(px, {1, 1, 4}, enc), input_error);
    enc.bits = 0;
    EXPECT_THROW(quantize_input(px, s, enc), input_error);
}

// Re-folding the first layer's thresholds for n-bit pixels touches only the threshold
// that reads the crossbar layer fed by the network input: thr' = ceil(thr * scale).
TEST(input, rescale_first_layer_thresholds_only_after_the_input_layer) {
    const auto net = sw::load_network_with_params(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/nets/fmnist_bnn.yaml", 1);
    auto params = net.params;
    const double scale = 15.0 / 255.0;
    EXPECT_EQ(sw::rescale_first_layer_thresholds(net.g, params, scale), 1);
    for (std::size_t i = 0; i < net.g.nodes.size(); ++i) {
        const auto& before = net.params.nodes[i].thr;
        const auto& after = params.nodes[i].thr;
        ASSERT_EQ(before.size(), after.size());
        for (std::size_t c = 0; c < before.size(); ++c)
            EXPECT_EQ(after[c], net.g.nodes[i].name == "conv1_act" ? int32_t(std::ceil(before[c] * scale)) : before[c])
                << net.g.nodes[i].name << " channel " << c;
    }
}

// With a multi-bit (real-valued, imported) first layer the same re-folding reaches the
// threshold of its sign and the fixed-point requantiser of its batch-norm output.
TEST(input, rescale_reaches_a_multi_bit_first_layer) {
    const auto net =
        sw::load_network_with_params(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/nets/resnete_fmnist/model.onnx", 1);
    auto params = net.params;
    const double scale = 15.0 / 255.0;
    EXPECT_EQ(sw::rescale_first_layer_thresholds(net.g, params, scale), 2);
    for (std::size_t i = 0; i < net.g.nodes.size(); ++i) {
        const auto& n = net.g.nodes[i];
        const bool first = n.inputs.size() == 1 && net.g.reads_network_input(n.inputs[0]);
        for (std::size_t c = 0; c < params.nodes[i].mul.size(); ++c)
            EXPECT_EQ(params.nodes[i].mul[c],
                      first ? int32_t(std::lround(net.params.nodes[i].mul[c] / scale)) : net.params.nodes[i].mul[c])
                << n.name;
        if (first) {
            EXPECT_TRUE(n.kind == sw::op_kind::threshold || n.kind == sw::op_kind::batchnorm) << n.name;
        }
    }
}
