// Importing binary networks from ONNX: models are built here with the protobuf classes
// generated from Debian's onnx.proto, imported, and run through pimscope's golden
// reference; the float ONNX interpreter is the yardstick.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/onnx_import.hpp"
#include "pimscope/sw/onnx_reference.hpp"
#include "pimscope/sw/net_write.hpp"
#include "pimscope/sw/network.hpp"

#include "onnx.pb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace pimscope;
using namespace pimscope::sw;
namespace fs = std::filesystem;

namespace {

struct builder {
    onnx::ModelProto model;
    onnx::GraphProto* g;
    std::mt19937 rng{11};

    builder() {
        model.set_ir_version(8);
        model.add_opset_import()->set_version(13);
        g = model.mutable_graph();
        g->set_name("test");
    }
    void input(const std::string& name, std::vector<int64_t> dims, bool symbolic_h = false) {
        auto* v = g->add_input();
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        for (std::size_t i = 0; i < dims.size(); ++i) {
            auto* d = t->mutable_shape()->add_dim();
            if (symbolic_h && i == 2) d->set_dim_param("height");
            else d->set_dim_value(dims[i]);
        }
    }
    void output(const std::string& name) { g->add_output()->set_name(name); }
    void init(const std::string& name, std::vector<int64_t> dims, std::vector<float> values) {
        auto* t = g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (auto d : dims) t->add_dims(d);
        for (float v : values) t->add_float_data(v);
    }
    std::vector<float> random(std::size_t n, float lo, float hi) {
        std::uniform_real_distribution<float> u(lo, hi);
        std::vector<float> v(n);
        for (auto& x : v) x = u(rng);
        return v;
    }
    onnx::NodeProto* node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out) {
        auto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(out.at(0) + "_node");
        for (auto& s : in) n->add_input(s);
        for (auto& s : out) n->add_output(s);
        return n;
    }
    static void ints(onnx::NodeProto* n, const std::string& key, std::vector<int64_t> v) {
        auto* a = n->add_attribute();
        a->set_name(key);
        a->set_type(onnx::AttributeProto::INTS);
        for (auto x : v) a->add_ints(x);
    }
    static void integer(onnx::NodeProto* n, const std::string& key, int64_t v) {
        auto* a = n->add_attribute();
        a->set_name(key);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(v);
    }
    void bn(const std::string& in, const std::string& out, int C) {
        init(out + "_g", {C}, random(std::size_t(C), -1.5f, 1.5f));
        init(out + "_b", {C}, random(std::size_t(C), -2, 2));
        init(out + "_m", {C}, random(std::size_t(C), -3, 3));
        init(out + "_v", {C}, random(std::size_t(C), 0.5f, 4));
        node("BatchNormalization", {in, out + "_g", out + "_b", out + "_m", out + "_v"}, {out});
    }
    // out = Conv(in, Sign(latent)): a binary 3x3 conv (pad 1) of C -> K channels.
    void binary_conv3x3(const std::string& in, const std::string& out, int K, int C, int stride = 1) {
        init(out + "_latent", {K, C, 3, 3}, random(std::size_t(K) * C * 9, -1, 1));
        node("Sign", {out + "_latent"}, {out + "_w"});
        auto* c = node("Conv", {in, out + "_w"}, {out});
        ints(c, "pads", {1, 1, 1, 1});
        if (stride != 1) ints(c, "strides", {stride, stride});
    }
    // The straight-through sign PyTorch exports: Where(x >= 0, 1, -1).
    void ste_sign(const std::string& in, const std::string& out) {
        init(out + "_zero", {}, {0.0f});
        init(out + "_one", {}, {1.0f});
        init(out + "_minus", {}, {-1.0f});
        node("GreaterOrEqual", {in, out + "_zero"}, {out + "_ge"});
        node("Where", {out + "_ge", out + "_one", out + "_minus"}, {out});
    }
    std::string save(const std::string& file) {
        const fs::path dir = fs::path(testing::TempDir()) / "onnx_import";
        fs::create_directories(dir);
        const fs::path p = dir / file;
        std::ofstream out(p, std::ios::binary);
        model.SerializeToOstream(&out);
        return p.string();
    }
};

// A small BNN: 8-bit pixels -> conv (weights through Sign) -> BN -> STE sign -> maxpool
// -> conv -> BN -> Sign -> concat -> flatten -> fc (Gemm, transB) -> logits.
builder small_bnn() {
    builder b;
    b.input("pixels", {1, 2, 8, 8});
    b.init("w1_latent", {8, 2, 3, 3}, b.random(8 * 2 * 9, -1, 1));
    b.node("Sign", {"w1_latent"}, {"w1"});
    auto* c1 = b.node("Conv", {"pixels", "w1"}, {"c1"});
    builder::ints(c1, "pads", {1, 1, 1, 1});
    b.bn("c1", "bn1", 8);
    b.ste_sign("bn1", "a1");
    auto* p1 = b.node("MaxPool", {"a1"}, {"p1"});
    builder::ints(p1, "kernel_shape", {2, 2});
    builder::ints(p1, "strides", {2, 2});
    b.init("w2_latent", {8, 8, 3, 3}, b.random(8 * 8 * 9, -1, 1));
    b.node("Sign", {"w2_latent"}, {"w2"});
    auto* c2 = b.node("Conv", {"p1", "w2"}, {"c2"});
    builder::ints(c2, "pads", {1, 1, 1, 1});
    b.bn("c2", "bn2", 8);
    b.node("Sign", {"bn2"}, {"a2"});
    auto* cat = b.node("Concat", {"p1", "a2"}, {"cat"});
    builder::integer(cat, "axis", 1);
    auto* fl = b.node("Flatten", {"cat"}, {"flat"});
    builder::integer(fl, "axis", 1);
    b.init("w3_latent", {5, 16 * 16}, b.random(5 * 256, -1, 1));
    b.node("Sign", {"w3_latent"}, {"w3"});
    auto* gemm = b.node("Gemm", {"flat", "w3"}, {"logits"});
    builder::integer(gemm, "transB", 1);
    b.output("logits");
    return b;
}

// A random 8-bit image (C x 8 x 8), run through the float ONNX interpreter and through
// pimscope's golden reference: {pimscope's logits, the float model's}.
std::pair<tensor, onnx_tensor> both_logits(const onnx_graph& model, const imported_network& net, int C,
                                           std::mt19937& rng) {
    tensor img({C, 8, 8});
    onnx_tensor x;
    x.dims.resize(4, 8);   // 1 x C x 8 x 8 (a brace list here trips a GCC 12 -Wnonnull false positive)
    x.dims[0] = 1;
    x.dims[1] = C;
    for (auto& v : img.v) {
        v = int32_t(rng() % 256);
        x.data.push_back(float(v));
    }
    auto want = onnx_run(model, {{"pixels", x}}).at("logits");
    auto got = golden_run(net.g, net.params, img).back();
    EXPECT_EQ(got.v.size(), want.data.size());
    return {std::move(got), std::move(want)};
}

// `trials` random images whose pimscope logits must equal the float model's exactly.
void expect_exact_logits(const onnx_graph& model, const imported_network& net, int C, int trials, unsigned seed) {
    std::mt19937 rng(seed);
    for (int trial = 0; trial < trials; ++trial) {
        const auto [got, want] = both_logits(model, net, C, rng);
        ASSERT_EQ(got.v.size(), want.data.size());
        for (std::size_t k = 0; k < got.v.size(); ++k)
            EXPECT_EQ(float(got.v[k]), want.data[k]) << "trial " << trial << " logit " << k;
    }
}

std::string message_of(const std::string& path) {
    try {
        import_onnx_file(path);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(onnx_import, small_bnn_matches_the_float_model_exactly) {
    auto b = small_bnn();
    const auto path = b.save("small_bnn.onnx");
    const auto model = read_onnx(path);
    const auto net = import_onnx(model, "small_bnn");

    EXPECT_EQ(net.g.crossbar_layers().size(), 3u);
    for (int i : net.g.crossbar_layers()) EXPECT_TRUE(net.g.nodes[i].binary);
    EXPECT_EQ(net.g.nodes.back().out, (shape3{5, 1, 1}));
    const std::string table = format_import_summary(net);
    EXPECT_NE(table.find("binary"), std::string::npos);
    EXPECT_NE(table.find("36 x 8"), std::string::npos) << table;   // 2*3*3*2 rows, 8 columns
    expect_exact_logits(model, net, 2, 20, 3);
}

TEST(onnx_import, unsupported_operator_is_named_with_the_supported_list) {
    auto b = small_bnn();
    b.node("Softmax", {"logits"}, {"probs"});
    const auto msg = message_of(b.save("softmax.onnx"));
    EXPECT_NE(msg.find("softmax.onnx"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Softmax 'probs_node'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("supported: Conv"), std::string::npos) << msg;
}

TEST(onnx_import, dynamic_shape_is_refused) {
    builder b;
    b.input("pixels", {1, 1, 8, 8}, true);
    b.init("w", {4, 1, 3, 3}, std::vector<float>(36, 1.0f));
    b.node("Conv", {"pixels", "w"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("dynamic.onnx"));
    EXPECT_NE(msg.find("dynamic"), std::string::npos) << msg;
    EXPECT_NE(msg.find("dynamic.onnx"), std::string::npos) << msg;
}

TEST(onnx_import, missing_initializer_is_named) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.node("Conv", {"pixels", "nowhere"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("missing.onnx"));
    EXPECT_NE(msg.find("Conv 'y_node'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("weight"), std::string::npos) << msg;
}

TEST(onnx_import, real_valued_weights_become_multi_bit_layers) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    const auto w = b.random(36, -1, 1);
    b.init("w", {4, 1, 3, 3}, w);
    b.node("Conv", {"pixels", "w"}, {"y"});
    b.output("y");
    const auto path = b.save("real.onnx");
    for (int bits : {8, 4}) {
        import_options o;
        o.weight_bits = bits;
        const auto net = import_onnx_file(path, o);
        const int conv = 1;
        ASSERT_EQ(net.g.nodes[conv].kind, op_kind::conv);
        EXPECT_FALSE(net.g.nodes[conv].binary);
        // One input channel and a 3x3 kernel: pimscope's [k][ky][kx][c] order is OIHW's.
        EXPECT_EQ(net.params.nodes[conv].weights, quantise_per_channel(w, 4, bits).q);
        EXPECT_EQ(net.precision[conv].weights, std::to_string(bits) + "-bit");
        EXPECT_GT(net.precision[conv].max_error, 0.0);
    }
    import_options bad;
    bad.weight_bits = 9;
    try {
        import_onnx_file(path, bad);
        FAIL() << "9 weight bits accepted";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("weight bits"), std::string::npos) << e.what();
    }
}

namespace {

// A ResNetE-style network: real stem conv + BN (the real residual stream), a binary block
// x + BN(conv(sign(x))), a stride-2 block whose shortcut is AveragePool + real 1x1 conv +
// BN, global pooling and a real Gemm classifier with a bias.
builder small_resnete() {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.init("scale", {}, {1.0f / 256});
    b.node("Mul", {"pixels", "scale"}, {"x"});
    b.init("ws", {4, 1, 3, 3}, b.random(36, -1, 1));
    builder::ints(b.node("Conv", {"x", "ws"}, {"stem"}), "pads", {1, 1, 1, 1});
    b.bn("stem", "x0", 4);
    b.node("Sign", {"x0"}, {"s0"});
    b.binary_conv3x3("s0", "c1", 4, 4);
    b.bn("c1", "r1", 4);
    b.node("Add", {"x0", "r1"}, {"x1"});
    auto* ap = b.node("AveragePool", {"x1"}, {"p1"});
    builder::ints(ap, "kernel_shape", {2, 2});
    builder::ints(ap, "strides", {2, 2});
    b.init("wsc", {6, 4, 1, 1}, b.random(24, -1, 1));
    b.node("Conv", {"p1", "wsc"}, {"sc"});
    b.bn("sc", "short", 6);
    b.node("Sign", {"x1"}, {"s1"});
    b.binary_conv3x3("s1", "c2", 6, 4, 2);
    b.bn("c2", "r2", 6);
    b.node("Add", {"short", "r2"}, {"x2"});
    b.node("GlobalAveragePool", {"x2"}, {"g"});
    builder::integer(b.node("Flatten", {"g"}, {"f"}), "axis", 1);
    b.init("wfc", {3, 6}, b.random(18, -1, 1));
    b.init("bfc", {3}, b.random(3, -0.5f, 0.5f));
    builder::integer(b.node("Gemm", {"f", "wfc", "bfc"}, {"logits"}), "transB", 1);
    b.output("logits");
    return b;
}

} // namespace

// The fixed-point deployment stays close to the float model: logits within a few steps of
// Q.8 unless a sign flipped on the way (a pre-activation within the formats' error of 0).
TEST(onnx_import, resnete_block_in_fixed_point_follows_the_float_model) {
    auto b = small_resnete();
    const auto model = read_onnx(b.save("small_resnete.onnx"));
    const auto net = import_onnx(model, "small_resnete");
    int fixed_adds = 0, multi_bit = 0;
    for (std::size_t i = 0; i < net.g.nodes.size(); ++i) {
        const auto& n = net.g.nodes[i];
        if (n.kind == op_kind::add) fixed_adds += n.bits == 16;
        if ((n.kind == op_kind::conv || n.kind == op_kind::fc) && !n.binary) {
            ++multi_bit;
            EXPECT_EQ(net.precision[i].weights, "8-bit") << n.name;
        }
    }
    EXPECT_EQ(fixed_adds, 2);
    EXPECT_EQ(multi_bit, 3);   // stem, shortcut, classifier
    EXPECT_EQ(net.g.crossbar_layers().size(), 2u);
    const std::string table = format_import_summary(net);
    EXPECT_NE(table.find("Q7.8 (16 b)"), std::string::npos) << table;

    std::mt19937 rng(5);
    int close = 0, same_class = 0;
    const int trials = 40;
    for (int trial = 0; trial < trials; ++trial) {
        const auto [got, want] = both_logits(model, net, 1, rng);
        ASSERT_EQ(got.v.size(), want.data.size());
        double worst = 0;
        for (std::size_t k = 0; k < got.v.size(); ++k)
            worst = std::max(worst, std::abs(std::ldexp(double(got.v[k]), -8) - double(want.data[k])));
        close += worst < 0.05;
        same_class += std::max_element(got.v.begin(), got.v.end()) - got.v.begin() ==
                      std::max_element(want.data.begin(), want.data.end()) - want.data.begin();
    }
    EXPECT_GE(close, trials * 3 / 4);
    EXPECT_GE(same_class, trials * 9 / 10);
}

// A tensor whose element count wraps 64 bits (2^32 x 2^32 x 1 x 1) holds no values and
// "needs" none: it passed as an empty weight tensor of 2^32 filters.
TEST(onnx_import, tensor_shape_that_overflows_is_refused) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.init("w", {int64_t(1) << 32, int64_t(1) << 32, 1, 1}, {});
    b.node("Conv", {"pixels", "w"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("wrap.onnx"));
    EXPECT_NE(msg.find("wrap.onnx: tensor 'w': shape 4294967296 x 4294967296 x 1 x 1 has more elements than"),
              std::string::npos) << msg;
}

// A node without outputs (found by the onnx fuzz target: test_sign with its output field
// mutated away) was read past its output list: "internal error: vector::_M_range_check".
TEST(onnx_import, node_without_output_is_named) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    auto* n = b.g->add_node();
    n->set_op_type("Sign");
    n->add_input("pixels");
    b.output("y");
    const auto msg = message_of(b.save("no_output.onnx"));
    EXPECT_NE(msg.find("no_output.onnx"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Sign '?': has no output"), std::string::npos) << msg;
}

// A node without inputs (the onnx fuzz target: test_maxpool_2d_default with its input field
// mutated into the name): "internal error: vector::_M_range_check" too.
TEST(onnx_import, node_without_input_is_named) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    auto* n = b.node("MaxPool", {}, {"y"});
    builder::ints(n, "kernel_shape", {2, 2});
    b.output("y");
    const auto msg = message_of(b.save("no_input.onnx"));
    EXPECT_NE(msg.find("no_input.onnx: node MaxPool 'y_node': has no input 1"), std::string::npos) << msg;
}

// The graph input's dimensions are checked before they become ints: 2^32 + 3 channels
// were imported as 3.
TEST(onnx_import, huge_input_dimension_is_refused) {
    builder b;
    b.input("pixels", {1, (int64_t(1) << 32) + 3, 8, 8});
    b.init("w", {4, 3, 3, 3}, std::vector<float>(108, 1.0f));
    b.node("Conv", {"pixels", "w"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("huge_input.onnx"));
    EXPECT_NE(msg.find("huge_input.onnx: input 'pixels': dimension 4294967299 is larger than a map may be"),
              std::string::npos) << msg;
}

// A NaN scale before a sign (the onnx fuzz target, under UBSan: NaN cast to an integer
// threshold) is refused naming the sign.
TEST(onnx_import, nan_before_a_sign_is_refused) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.init("w", {4, 1, 3, 3}, std::vector<float>(36, 1.0f));
    b.node("Conv", {"pixels", "w"}, {"c"});
    b.init("scale", {1}, {std::nanf("")});
    b.node("Mul", {"c", "scale"}, {"m"});
    b.node("Sign", {"m"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("nan_scale.onnx"));
    EXPECT_NE(msg.find("nan_scale.onnx: node Sign 'y_node': channel 0 reaches the sign with a scale or offset that is not "
                       "finite"),
              std::string::npos) << msg;
}

// Attributes are checked before they become ints: a stride of 2^32 + 1 was imported as 1.
TEST(onnx_import, stride_past_an_int_is_refused) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.init("w", {4, 1, 3, 3}, std::vector<float>(36, 1.0f));
    auto* c = b.node("Conv", {"pixels", "w"}, {"y"});
    builder::ints(c, "strides", {(int64_t(1) << 32) + 1, (int64_t(1) << 32) + 1});
    b.output("y");
    const auto msg = message_of(b.save("stride.onnx"));
    EXPECT_NE(msg.find("stride.onnx: node Conv 'y_node': stride 4294967297 is out of range"), std::string::npos) << msg;
}

TEST(onnx_import, truncated_and_non_onnx_files) {
    auto b = small_bnn();
    const auto good = b.save("whole.onnx");
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const fs::path dir = fs::path(good).parent_path();
    std::ofstream(dir / "cut.onnx", std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    std::ofstream(dir / "text.onnx") << "name: not a model\n";
    for (const char* f : {"cut.onnx", "text.onnx"}) {
        const auto msg = message_of((dir / f).string());
        EXPECT_NE(msg.find(f), std::string::npos) << msg;
    }
}

TEST(onnx_import, written_yaml_and_npy_reload_bit_for_bit) {
    auto b = small_bnn();
    const auto path = b.save("roundtrip.onnx");
    const auto direct = load_network_with_params(path, 1);
    const fs::path dir = fs::path(testing::TempDir()) / "onnx_roundtrip_out";
    fs::remove_all(dir);
    const std::string yaml = write_network(direct.g, direct.params, dir.string());
    const auto reloaded = load_network_with_params(yaml, 999);   // the seed must not matter
    EXPECT_TRUE(reloaded.trained);
    ASSERT_EQ(reloaded.g.nodes.size(), direct.g.nodes.size());
    std::mt19937 rng(8);
    for (int trial = 0; trial < 10; ++trial) {
        tensor img({2, 8, 8});
        for (auto& v : img.v) v = int32_t(rng() % 256);
        EXPECT_EQ(golden_run(direct.g, direct.params, img).back(),
                  golden_run(reloaded.g, reloaded.params, img).back());
    }
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

// A Pad that pads has no operator here (PyTorch's empty Pad before AveragePool passes):
// one message naming the node, the op and why.
TEST(onnx_import, pad_that_pads_is_refused_by_name) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.init("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1});
    b.node("Pad", {"pixels", "pads"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("pad.onnx"));
    EXPECT_NE(msg.find("node Pad 'y_node': only a Pad of zero elements is supported"), std::string::npos) << msg;
}

// The scaled-sign form (XNOR-Net, Larq, Brevitas): weights Mul(Sign(w), alpha_k) and
// activations Mul(Sign(x), beta). Both stay binary on crossbars with the scales carried
// to the logits, which then differ from the float model's by the final rounding only.
TEST(onnx_import, scaled_sign_form_stays_binary) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    // Weights name = Sign(latent) * alpha, alpha one positive value per output channel.
    auto scaled_weights = [&](const std::string& name, std::vector<int64_t> dims, std::vector<int64_t> alpha_dims) {
        std::size_t size = 1;
        for (auto d : dims) size *= std::size_t(d);
        b.init(name + "_latent", dims, b.random(size, -1, 1));
        b.init(name + "_alpha", alpha_dims, b.random(std::size_t(dims[0]), 0.1f, 0.9f));
        b.node("Sign", {name + "_latent"}, {name + "_sign"});
        b.node("Mul", {name + "_sign", name + "_alpha"}, {name});
    };
    scaled_weights("w1", {4, 1, 3, 3}, {4, 1, 1, 1});
    builder::ints(b.node("Conv", {"pixels", "w1"}, {"c1"}), "pads", {1, 1, 1, 1});
    b.bn("c1", "bn1", 4);
    b.node("Sign", {"bn1"}, {"s1"});
    b.init("beta", {}, {0.75f});
    b.node("Mul", {"s1", "beta"}, {"a1"});
    scaled_weights("w2", {6, 4, 3, 3}, {6, 1, 1, 1});
    builder::ints(b.node("Conv", {"a1", "w2"}, {"c2"}), "pads", {1, 1, 1, 1});
    b.bn("c2", "bn2", 6);
    b.node("Sign", {"bn2"}, {"s2"});
    b.node("Mul", {"s2", "beta"}, {"a2"});
    builder::integer(b.node("Flatten", {"a2"}, {"f"}), "axis", 1);
    scaled_weights("w3", {3, 6 * 64}, {3, 1});
    builder::integer(b.node("Gemm", {"f", "w3"}, {"logits"}), "transB", 1);
    b.output("logits");
    const auto model = read_onnx(b.save("scaled_sign.onnx"));
    const auto net = import_onnx(model, "scaled_sign");
    EXPECT_EQ(net.g.crossbar_layers().size(), 3u);
    for (int i : net.g.crossbar_layers()) EXPECT_TRUE(net.g.nodes[std::size_t(i)].binary);
    std::mt19937 rng(9);
    for (int trial = 0; trial < 20; ++trial) {
        const auto [got, want] = both_logits(model, net, 1, rng);
        ASSERT_EQ(got.v.size(), want.data.size());
        for (std::size_t k = 0; k < got.v.size(); ++k)
            EXPECT_NEAR(std::ldexp(double(got.v[k]), -8), double(want.data[k]), 0.0025 + 1e-4 * std::abs(want.data[k]))
                << "trial " << trial << " logit " << k;
    }
}

// sign(s + BN(conv(s))) with s a +-1 map (an XNOR-ResNet block whose shortcut is the sign):
// two exact thresholds per channel, no fixed-point rounding, so the integer logits equal
// the float model's exactly.
TEST(onnx_import, sign_of_binary_plus_real_uses_two_exact_thresholds) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    b.binary_conv3x3("pixels", "c1", 4, 1);
    b.bn("c1", "bn1", 4);
    b.node("Sign", {"bn1"}, {"s1"});
    b.binary_conv3x3("s1", "c2", 4, 4);
    b.bn("c2", "bn2", 4);
    b.node("Add", {"s1", "bn2"}, {"sum"});
    b.ste_sign("sum", "s2");
    builder::integer(b.node("Flatten", {"s2"}, {"f"}), "axis", 1);
    b.init("w3_latent", {5, 4 * 64}, b.random(5 * 256, -1, 1));
    b.node("Sign", {"w3_latent"}, {"w3"});
    builder::integer(b.node("Gemm", {"f", "w3"}, {"logits"}), "transB", 1);
    b.output("logits");
    const auto model = read_onnx(b.save("sign_of_sum.onnx"));
    const auto net = import_onnx(model, "sign_of_sum");
    int thresholds = 0, widths = 0;
    for (const auto& n : net.g.nodes) {
        thresholds += n.kind == op_kind::threshold;
        widths += n.bits != 0;   // no fixed-point requantiser or saturating add
    }
    EXPECT_EQ(thresholds, 4);    // bn1's, the pair for the sum, the final sign
    EXPECT_EQ(widths, 0);
    expect_exact_logits(model, net, 1, 30, 4);
}

// A weight that is not finite cannot be quantised: refused by name, not turned into an
// undefined int8.
TEST(onnx_import, non_finite_weight_is_refused_by_name) {
    builder b;
    b.input("pixels", {1, 1, 8, 8});
    auto w = b.random(36, -1, 1);
    w[5] = std::nanf("");
    b.init("w", {4, 1, 3, 3}, w);
    b.node("Conv", {"pixels", "w"}, {"y"});
    b.output("y");
    const auto msg = message_of(b.save("nan_weight.onnx"));
    EXPECT_NE(msg.find("node Conv 'y_node': has a weight that is not finite"), std::string::npos) << msg;
}
