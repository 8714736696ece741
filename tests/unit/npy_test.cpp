// .npy reading and network parameters from .npy files: fixtures written here byte by
// byte (independently of the reader), a round trip through a small network, and the
// failure modes (shape, dtype, truncation, missing files).
#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/npy.hpp"
#include "pimscope/sw/weights.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace pimscope::sw;
using pimscope::input_error;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    fs::path p = fs::path(testing::TempDir()) /
                 ("pimscope_npy_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// Writes a .npy as NumPy does: magic, version, header length, dict padded to 64 bytes.
void write_npy(const fs::path& p, const std::string& descr, const std::vector<int64_t>& shape,
               const std::vector<double>& values, int version = 1, std::size_t cut = 0) {
    std::string sh = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) sh += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
    if (shape.size() == 1) sh.pop_back();
    sh += ")";
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
    const std::size_t pre = version == 1 ? 10 : 12;
    while ((pre + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    std::string out = "\x93NUMPY";
    out += char(version);
    out += char(0);
    const std::size_t hl = dict.size();
    out += char(hl & 255);
    out += char((hl >> 8) & 255);
    if (version != 1) {
        out += char(0);
        out += char(0);
    }
    out += dict;
    for (double v : values) {
        unsigned char b[4];
        std::size_t n = 4;
        if (descr == "<f4") {
            const float f = float(v);
            std::memcpy(b, &f, 4);
        } else {
            const int64_t i = int64_t(v);
            for (int k = 0; k < 4; ++k) b[k] = (unsigned char)((i >> (8 * k)) & 255);
            n = descr == "<i4" ? 4 : descr == "<i2" ? 2 : 1;
        }
        out.append(reinterpret_cast<const char*>(b), n);
    }
    out.resize(out.size() - cut);
    std::ofstream(p, std::ios::binary) << out;
}

std::vector<double> pm1(std::size_t n, unsigned seed) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = ((i * 2654435761u + seed) >> 7) & 1 ? 1 : -1;
    return v;
}

// input 2x4x4 -> conv (3, k3, pad 1) -> threshold -> fc 5 (binary) -> batchnorm.
const char* net_yaml = R"(name: tiny
input: {channels: 2, height: 4, width: 4}
weights: w
layers:
  - {name: c1, op: conv, out_channels: 3, kernel: 3, pad: 1, weights: c1.npy}
  - {name: t1, op: threshold, thresholds: t1_thr.npy, directions: t1_dir.npy}
  - {name: f1, op: fc, out_channels: 5, weights: f1.npy}
  - {name: bn, op: batchnorm, mul: bn_mul.npy, add: bn_add.npy, shift: 3}
)";

struct tiny {
    fs::path dir;
    std::vector<double> c1 = pm1(3 * 2 * 3 * 3, 1), f1 = pm1(5 * 48, 2);
    std::vector<double> thr = {-2, 0, 3}, dir_ = {1, -1, 1};
    std::vector<double> mul = {8, 9, 10, 11, 12}, add = {0, 1, -1, 2, -2};

    explicit tiny(const fs::path& d) : dir(d) {
        fs::create_directories(d / "w");
        std::ofstream(d / "net.yaml") << net_yaml;
        write_npy(d / "w/c1.npy", "|i1", {3, 2, 3, 3}, c1);
        write_npy(d / "w/t1_thr.npy", "<i4", {3}, thr, 2);
        write_npy(d / "w/t1_dir.npy", "<i1", {3}, dir_);
        write_npy(d / "w/f1.npy", "<i2", {5, 48}, f1);
        write_npy(d / "w/bn_mul.npy", "<i4", {5}, mul);
        write_npy(d / "w/bn_add.npy", "<i4", {5}, add);
    }
    std::string yaml() const { return (dir / "net.yaml").string(); }
};

std::string load_error(const std::string& yaml) {
    try {
        load_or_generate_params(load_network(yaml), 1);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(npy, reads_versions_and_dtypes) {
    const auto d = temp_dir();
    write_npy(d / "a.npy", "<i4", {2, 3}, {1, -2, 3, -2147483648.0, 5, 2147483647.0});
    npy_array a = read_npy((d / "a.npy").string());
    EXPECT_EQ(a.dtype, "<i4");
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(a.values[3], -2147483648.0);
    EXPECT_EQ(a.shape_text(), "(2, 3)");
    write_npy(d / "b.npy", "<f4", {3}, {0.5, -1.25, 3}, 2);
    a = read_npy((d / "b.npy").string());
    EXPECT_EQ(a.values, (std::vector<double>{0.5, -1.25, 3}));
    EXPECT_FALSE(a.is_integer());
    write_npy(d / "c.npy", "<i2", {2}, {-300, 300});
    EXPECT_EQ(read_npy((d / "c.npy").string()).values, (std::vector<double>{-300, 300}));
}

TEST(npy, network_round_trip) {
    const tiny t(temp_dir());
    const graph g = load_network(t.yaml());
    EXPECT_EQ(g.nodes[1].files.weights, (t.dir / "w/c1.npy").string());
    const network_params p = load_or_generate_params(g, 1);
    // conv: OIHW -> [k][ky][kx][c]
    for (int o = 0; o < 3; ++o)
        for (int c = 0; c < 2; ++c)
            for (int y = 0; y < 3; ++y)
                for (int x = 0; x < 3; ++x)
                    ASSERT_EQ(p.nodes[1].weights[std::size_t(((o * 3 + y) * 3 + x) * 2 + c)],
                              int8_t(t.c1[std::size_t(((o * 2 + c) * 3 + y) * 3 + x)]));
    EXPECT_EQ(p.nodes[2].thr, (std::vector<int32_t>{-2, 0, 3}));
    EXPECT_EQ(p.nodes[2].dir, (std::vector<int8_t>{1, -1, 1}));
    ASSERT_EQ(p.nodes[3].weights.size(), 240u);
    EXPECT_EQ(p.nodes[3].weights[47], int8_t(t.f1[47]));
    EXPECT_EQ(p.nodes[4].mul, (std::vector<int32_t>{8, 9, 10, 11, 12}));
    EXPECT_EQ(p.nodes[4].add[4], -2);
    EXPECT_EQ(p.nodes[4].shift, 3);
    // The loaded network runs.
    tensor in({2, 4, 4}, 1);
    EXPECT_EQ(golden_run(g, p, in).back().shape, (shape3{5, 1, 1}));
}

TEST(npy, generated_when_no_files) {
    const auto d = temp_dir();
    std::ofstream(d / "net.yaml") << "input: {channels: 1, height: 4, width: 4}\nlayers:\n"
                                     "  - {name: c, op: conv, out_channels: 2, kernel: 3}\n";
    const graph g = load_network((d / "net.yaml").string());
    EXPECT_EQ(load_or_generate_params(g, 7).nodes[1].weights, generate_params(g, 7).nodes[1].weights);
}

TEST(npy, shape_mismatch_names_file_and_shapes) {
    const tiny t(temp_dir());
    write_npy(t.dir / "w/c1.npy", "|i1", {3, 2, 2, 2}, pm1(24, 1));
    const std::string e = load_error(t.yaml());
    EXPECT_NE(e.find("c1.npy: weights of layer 'c1'"), std::string::npos) << e;
    EXPECT_NE(e.find("shape (3, 2, 2, 2), expected (3, 2, 3, 3)"), std::string::npos) << e;

    write_npy(t.dir / "w/c1.npy", "|i1", {3, 2, 3, 3}, t.c1);
    write_npy(t.dir / "w/t1_thr.npy", "<i4", {4}, {1, 2, 3, 4});
    const std::string e2 = load_error(t.yaml());
    EXPECT_NE(e2.find("t1_thr.npy: thresholds of layer 't1': shape (4,), expected (3,)"), std::string::npos) << e2;
}

TEST(npy, dtype_mismatch_is_an_error) {
    const tiny t(temp_dir());
    write_npy(t.dir / "w/f1.npy", "<f4", {5, 48}, t.f1);
    std::string e = load_error(t.yaml());
    EXPECT_NE(e.find("f1.npy: weights of layer 'f1'"), std::string::npos) << e;
    EXPECT_NE(e.find("dtype '<f4', expected an integer dtype"), std::string::npos) << e;

    write_npy(t.dir / "w/f1.npy", "<f8", {5, 48}, {});
    e = load_error(t.yaml());
    EXPECT_NE(e.find("f1.npy: unsupported dtype '<f8'"), std::string::npos) << e;

    // int32 values that do not fit int8 weights.
    std::vector<double> big = t.f1;
    big[3] = 300;
    write_npy(t.dir / "w/f1.npy", "<i4", {5, 48}, big);
    e = load_error(t.yaml());
    EXPECT_NE(e.find("element 3 = 300 does not fit int8"), std::string::npos) << e;

    // Binary layers need +-1.
    big[3] = 2;
    write_npy(t.dir / "w/f1.npy", "<i4", {5, 48}, big);
    e = load_error(t.yaml());
    EXPECT_NE(e.find("element 3 = 2: a binary layer needs -1/+1"), std::string::npos) << e;
}

TEST(npy, truncated_and_corrupt_files) {
    const tiny t(temp_dir());
    write_npy(t.dir / "w/bn_add.npy", "<i4", {5}, t.add, 1, 3);
    std::string e = load_error(t.yaml());
    EXPECT_NE(e.find("bn_add.npy: truncated data: shape (5,) of <i4 needs 20 bytes, the file holds 17"),
              std::string::npos) << e;
    std::ofstream(t.dir / "w/bn_add.npy") << "PK\x03\x04 not npy";
    e = load_error(t.yaml());
    EXPECT_NE(e.find("bn_add.npy: not a .npy file"), std::string::npos) << e;
    fs::remove(t.dir / "w/bn_add.npy");
    e = load_error(t.yaml());
    EXPECT_NE(e.find("bn_add.npy: cannot open"), std::string::npos) << e;
}

// A shape whose element count wraps 64 bits (2^32 x 2^32 = 2^64 = 0 mod 2^64) must not pass
// for an empty array because no data is needed for "0" elements.
TEST(npy, shape_whose_size_overflows_is_refused) {
    const fs::path d = temp_dir();
    write_npy(d / "wrap.npy", "<i4", {int64_t(1) << 32, int64_t(1) << 32}, {});
    try {
        read_npy((d / "wrap.npy").string());
        FAIL() << "a shape of 2^64 elements was accepted";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("wrap.npy: shape (4294967296, 4294967296) has more elements than any file can hold"),
                  std::string::npos) << e.what();
    }
}

TEST(npy, every_parameterised_layer_needs_files) {
    const tiny t(temp_dir());
    std::string y = net_yaml;
    y.replace(y.find(", mul: bn_mul.npy, add: bn_add.npy, shift: 3"), 44, "");
    std::ofstream(t.dir / "net.yaml") << y;
    const std::string e = load_error(t.yaml());
    EXPECT_NE(e.find("layer 'bn' (line 8): no 'mul' file"), std::string::npos) << e;
}

TEST(npy, parameter_keys_only_where_they_apply) {
    const tiny t(temp_dir());
    std::ofstream(t.dir / "bad.yaml") << "input: {channels: 1, height: 2, width: 2}\nlayers:\n"
                                         "  - {name: r, op: relu, weights: x.npy}\n";
    try {
        load_network((t.dir / "bad.yaml").string());
        FAIL() << "accepted 'weights' on a relu";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown key for op 'relu'"), std::string::npos) << e.what();
    }
}
