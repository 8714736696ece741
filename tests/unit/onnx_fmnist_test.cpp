// The trained Fashion-MNIST BNN: its ONNX export (torch.onnx.export, committed) imports
// into exactly the parameters of the .npy export, and both give the same outputs, bit for
// bit, on all 10 000 test images -- the same predictions PyTorch recorded.
//
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
#include <iostream>

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

TEST(onnx_fmnist, import_equals_npy_export_on_all_test_images) {
    if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const auto from_npy = load_network_with_params(nets + "fmnist_bnn.yaml", 1);
    const auto from_onnx = load_network_with_params(nets + "fmnist_bnn/fmnist_bnn.onnx", 1);
    ASSERT_TRUE(from_npy.trained);

    // Same structure and the same parameters, layer by layer.
    ASSERT_EQ(from_npy.g.nodes.size(), from_onnx.g.nodes.size());
    for (std::size_t i = 0; i < from_npy.g.nodes.size(); ++i) {
        const auto& a = from_npy.g.nodes[i];
        const auto& b = from_onnx.g.nodes[i];
        EXPECT_EQ(a.kind, b.kind) << "node " << i;
        EXPECT_EQ(a.out, b.out) << "node " << i;
        EXPECT_EQ(a.binary, b.binary) << "node " << i;
        const auto& p = from_npy.params.nodes[i];
        const auto& q = from_onnx.params.nodes[i];
        EXPECT_EQ(p.weights, q.weights) << a.name;
        EXPECT_EQ(p.thr, q.thr) << a.name;
        EXPECT_EQ(p.dir, q.dir) << a.name;
    }

    // Same outputs on every test image, and the predictions PyTorch recorded.
    const auto arch = exact_arch();
    const auto npy_net = prepare_network(from_npy.g, from_npy.params, arch);
    const auto onnx_net = prepare_network(from_onnx.g, from_onnx.params, arch);
    const auto ds = open_dataset("fashion-mnist:test");
    const auto expected = read_npy(nets + "fmnist_bnn/expected_test_predictions.npy");
    ASSERT_EQ(expected.values.size(), ds->size());
    std::size_t differ = 0, unexpected = 0;
    for (std::size_t i = 0; i < ds->size(); ++i) {
        const tensor in = to_network_input(*ds, ds->pixels(i), from_npy.g.input_shape, npy_net.encoding);
        const auto a = functional_run(npy_net, in).back();
        const auto b = functional_run(onnx_net, in).back();
        differ += !(a == b);
        const int pred = int(std::max_element(a.v.begin(), a.v.end()) - a.v.begin());
        unexpected += pred != int(expected.values[i]);
    }
    EXPECT_EQ(differ, 0u) << "images whose outputs differ between the ONNX and .npy paths";
    EXPECT_EQ(unexpected, 0u) << "images whose prediction differs from PyTorch's";
}

TEST(onnx_resnete, sign_gemm_opset13_agrees_on_all_test_images) { check_model("resnete_fmnist"); }

TEST(onnx_resnete, where_matmul_opset17_agrees_on_all_test_images) { check_model("resnete_fmnist_where"); }
