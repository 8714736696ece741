// The ONNX reader and reference interpreter against Debian's ONNX test data
// (libonnx-testdata): each single-operator model runs on its recorded inputs and must
// reproduce its recorded outputs.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/onnx_model.hpp"
#include "pimscope/sw/onnx_reference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace pimscope;
using namespace pimscope::sw;
namespace fs = std::filesystem;

namespace {

const fs::path data_root = "/usr/share/libonnx-testdata/data/node";

class onnx_fixture : public ::testing::TestWithParam<std::string> {};

void run_fixture(const std::string& name) {
    const fs::path dir = data_root / name;
    if (!fs::exists(dir)) GTEST_SKIP() << "libonnx-testdata is not installed (" << dir << ")";
    const auto g = read_onnx((dir / "model.onnx").string());
    int sets = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_directory() || entry.path().filename().string().rfind("test_data_set_", 0) != 0)
            continue;
        ++sets;
        std::map<std::string, onnx_tensor> inputs;
        for (std::size_t i = 0; i < g.inputs.size(); ++i)
            inputs[g.inputs[i].name] =
                read_onnx_tensor((entry.path() / ("input_" + std::to_string(i) + ".pb")).string());
        const auto values = onnx_run(g, inputs);
        for (std::size_t i = 0; i < g.outputs.size(); ++i) {
            const auto want =
                read_onnx_tensor((entry.path() / ("output_" + std::to_string(i) + ".pb")).string());
            const auto& got = values.at(g.outputs[i].name);
            ASSERT_EQ(got.dims, want.dims) << name << " output " << i;
            for (std::size_t e = 0; e < want.data.size(); ++e)
                ASSERT_NEAR(got.data[e], want.data[e], 1e-4 + 1e-4 * std::fabs(want.data[e]))
                    << name << " output " << i << " element " << e;
        }
    }
    EXPECT_GT(sets, 0) << name << " has no test data";
}

} // namespace

TEST_P(onnx_fixture, matches_recorded_outputs) { run_fixture(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    debian_testdata, onnx_fixture,
    ::testing::Values(
        "test_conv_with_strides_no_padding", "test_conv_with_strides_padding",
        "test_conv_with_strides_and_asymmetric_padding", "test_conv_with_autopad_same",
        "test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta",
        "test_gemm_default_matrix_bias", "test_gemm_default_no_bias",
        "test_gemm_default_scalar_bias", "test_gemm_default_vector_bias", "test_gemm_transposeA",
        "test_gemm_transposeB", "test_matmul_2d", "test_maxpool_2d_default",
        "test_maxpool_2d_pads", "test_maxpool_2d_strides", "test_maxpool_2d_ceil",
        "test_maxpool_2d_dilations", "test_maxpool_2d_same_upper", "test_maxpool_2d_same_lower",
        "test_maxpool_2d_precomputed_pads", "test_averagepool_2d_default",
        "test_averagepool_2d_pads", "test_averagepool_2d_pads_count_include_pad",
        "test_averagepool_2d_strides", "test_averagepool_2d_same_upper",
        "test_averagepool_2d_precomputed_strides", "test_globalaveragepool",
        "test_globalaveragepool_precomputed", "test_batchnorm_example", "test_batchnorm_epsilon",
        "test_relu", "test_sign", "test_add", "test_add_bcast", "test_concat_2d_axis_0",
        "test_concat_2d_axis_1", "test_concat_3d_axis_2", "test_concat_3d_axis_negative_1",
        "test_flatten_axis0", "test_flatten_axis1", "test_flatten_default_axis",
        "test_flatten_negative_axis1"));

TEST(onnx_errors, unsupported_operator_names_node_and_supported_list) {
    const fs::path model = data_root / "test_convtranspose" / "model.onnx";
    if (!fs::exists(model)) GTEST_SKIP() << "libonnx-testdata is not installed";
    const auto g = read_onnx(model.string());
    try {
        onnx_infer_shapes(g, g.nodes.at(0), {{1, 1, 3, 3}, {1, 2, 3, 3}});
        FAIL() << "ConvTranspose must be refused";
    } catch (const input_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("ConvTranspose"), std::string::npos) << msg;
        EXPECT_NE(msg.find("supported: Conv"), std::string::npos) << msg;
        EXPECT_NE(msg.find("model.onnx"), std::string::npos) << msg;
    }
}

TEST(onnx_errors, three_dimensional_pooling_is_refused_clearly) {
    const fs::path model = data_root / "test_maxpool_3d_default" / "model.onnx";
    if (!fs::exists(model)) GTEST_SKIP() << "libonnx-testdata is not installed";
    const auto g = read_onnx(model.string());
    EXPECT_THROW(onnx_infer_shapes(g, g.nodes.at(0), {{1, 3, 32, 32, 32}}), input_error);
}

TEST(onnx_errors, truncated_and_non_onnx_files) {
    const fs::path src = data_root / "test_conv_with_strides_padding" / "model.onnx";
    if (!fs::exists(src)) GTEST_SKIP() << "libonnx-testdata is not installed";
    const fs::path dir = fs::path(testing::TempDir()) / "onnx_errors";
    fs::create_directories(dir);
    std::ifstream in(src, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const fs::path truncated = dir / "truncated.onnx";
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const fs::path text = dir / "notes.onnx";
    std::ofstream(text) << "this is not a model\n";
    for (const auto& p : {truncated, text, dir / "missing.onnx"}) {
        try {
            read_onnx(p.string());
            FAIL() << p << " must be refused";
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find(p.filename().string()), std::string::npos) << e.what();
        }
    }
}
