// The ResNetE-style Fashion-MNIST BNNs trained by tools/train_resnete_fmnist.py (real stem,
// shortcut and classifier weights, a real-valued residual stream), imported from their
// ONNX exports: pimscope's fast functional mode, with an exact ADC, predicts on every one
// of the 10 000 test images what the independent numpy emulation of the fixed-point
// deployment (tools/fxp_emulation.py) predicted, and its top-1 is within 0.2 points of
// the float PyTorch model's. Two export paths: Sign + Gemm at opset 13, and
// Where(GreaterOrEqual) + MatMul/Add at opset 17.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/network.hpp"
#include "pimscope/sw/npy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace pimscope;
using namespace pimscope::sw;
namespace fs = std::filesystem;

namespace {

const std::string nets = std::string(PIMSCOPE_SOURCE_DIR) + "/configs/nets/";

arch_config exact_arch() {
    auto tree = param_tree::from_yaml_file(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", "16");
    tree.set("input.bits", "8");
    tree.set("input.scheme", "unsigned");
    return load_arch_config(tree);
}

int first_max(const std::vector<int32_t>& v) { return int(std::max_element(v.begin(), v.end()) - v.begin()); }

void check_model(const std::string& dir) {
    if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const auto net = load_network_with_params(nets + dir + "/model.onnx", 1);
    int multi_bit = 0, binary = 0;
    for (const auto& n : net.g.nodes)
        if (n.kind == op_kind::conv || n.kind == op_kind::fc) (n.binary ? binary : multi_bit)++;
    EXPECT_EQ(multi_bit, 3) << "stem, shortcut and classifier";
    EXPECT_EQ(binary, 3);
    const auto arch = exact_arch();
    const auto prepared = prepare_network(net.g, net.params, arch);
    const auto ds = open_dataset("fashion-mnist:test");
    const auto expected = read_npy(nets + dir + "/expected_test_predictions.npy");
    const auto float_pred = read_npy(nets + dir + "/float_test_predictions.npy");
    ASSERT_EQ(expected.values.size(), ds->size());
    ASSERT_EQ(float_pred.values.size(), ds->size());
    std::size_t unexpected = 0, right = 0, float_right = 0;
    std::vector<tensor> work;
    for (std::size_t i = 0; i < ds->size(); ++i) {
        const tensor in = to_network_input(*ds, ds->pixels(i), net.g.input_shape, prepared.encoding);
        functional_run(prepared, in, int64_t(i), work);
        const int pred = first_max(work.back().v);
        unexpected += pred != int(expected.values[i]);
        right += pred == ds->label(i);
        float_right += int(float_pred.values[i]) == ds->label(i);
    }
    EXPECT_EQ(unexpected, 0u) << "images whose prediction differs from the numpy fixed-point emulation";
    const double top1 = 100.0 * double(right) / double(ds->size());
    const double float_top1 = 100.0 * double(float_right) / double(ds->size());
    EXPECT_LE(std::abs(top1 - float_top1), 0.2) << "pimscope " << top1 << " %, float " << float_top1 << " %";
    std::cout << dir << ": pimscope top-1 " << top1 << " %, float model " << float_top1 << " %, "
              << unexpected << " predictions differ from the emulation\n";
}

} // namespace

TEST(onnx_resnete, sign_gemm_opset13_agrees_on_all_test_images) { check_model("resnete_fmnist"); }

TEST(onnx_resnete, where_matmul_opset17_agrees_on_all_test_images) { check_model("resnete_fmnist_where"); }
