// IDX datasets: generated gzip/plain fixtures, their failure modes, the real
// Fashion-MNIST package, and the pixels -> network input conversion.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/dataset.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <unistd.h>

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
                 ("pimscope_idx_" + std::to_string(getpid()) + "_" + info->name());
    fs::create_directories(p);
    return p;
}

void put_u32(std::vector<uint8_t>& b, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}

std::vector<uint8_t> idx_images(uint32_t magic, uint32_t n, uint32_t rows, uint32_t cols) {
    std::vector<uint8_t> b;
    put_u32(b, magic);
    put_u32(b, n);
    put_u32(b, rows);
    put_u32(b, cols);
    for (uint32_t i = 0; i < n * rows * cols; ++i) b.push_back(uint8_t((i * 37) % 256));
    return b;
}

std::vector<uint8_t> idx_labels(uint32_t magic, uint32_t n) {
    std::vector<uint8_t> b;
    put_u32(b, magic);
    put_u32(b, n);
    for (uint32_t i = 0; i < n; ++i) b.push_back(uint8_t(i % 7));
    return b;
}

void write_gz(const fs::path& p, const std::vector<uint8_t>& b) {
    gzFile f = gzopen(p.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(gzwrite(f, b.data(), unsigned(b.size())), int(b.size()));
    gzclose(f);
}

void write_plain(const fs::path& p, const std::vector<uint8_t>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

std::string error_of(const std::string& images, const std::string& labels) {
    try {
        load_idx(images, labels);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(dataset_idx, gzip_round_trip) {
    const auto d = temp_dir();
    write_gz(d / "img.gz", idx_images(0x803, 5, 3, 4));
    write_gz(d / "lab.gz", idx_labels(0x801, 5));
    const auto ds = load_idx((d / "img.gz").string(), (d / "lab.gz").string());
    ASSERT_EQ(ds->size(), 5u);
    EXPECT_EQ(ds->shape(), (shape3{1, 3, 4}));
    EXPECT_EQ(ds->classes(), 5);   // labels 0..4
    EXPECT_EQ(ds->label(3), 3);
    const auto px = ds->pixels(2);
    ASSERT_EQ(px.size(), 12u);
    EXPECT_EQ(px[1], float(((2 * 12 + 1) * 37) % 256));
    EXPECT_TRUE(ds->raw_8bit());
    EXPECT_EQ(ds->max_abs(), 243.0f);   // largest of (i * 37) % 256 over the 60 pixels
}

TEST(dataset_idx, plain_files_read_too) {
    const auto d = temp_dir();
    write_plain(d / "img", idx_images(0x803, 2, 2, 2));
    write_plain(d / "lab", idx_labels(0x801, 2));
    EXPECT_EQ(load_idx((d / "img").string(), (d / "lab").string())->size(), 2u);
}

TEST(dataset_idx, wrong_magic_names_the_file) {
    const auto d = temp_dir();
    write_gz(d / "img.gz", idx_images(0x801, 2, 2, 2));
    write_gz(d / "lab.gz", idx_labels(0x801, 2));
    const std::string e = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e.find("img.gz"), std::string::npos) << e;
    EXPECT_NE(e.find("wrong magic 0x00000801"), std::string::npos) << e;

    write_gz(d / "img.gz", idx_images(0x803, 2, 2, 2));
    write_gz(d / "lab.gz", idx_labels(0x803, 2));
    const std::string e2 = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e2.find("lab.gz: header: wrong magic"), std::string::npos) << e2;
}

TEST(dataset_idx, truncated_file_is_an_error) {
    const auto d = temp_dir();
    auto img = idx_images(0x803, 4, 5, 5);
    img.resize(img.size() - 10);
    write_gz(d / "img.gz", img);
    write_gz(d / "lab.gz", idx_labels(0x801, 4));
    const std::string e = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e.find("img.gz"), std::string::npos) << e;
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;

    // A gzip stream cut in the middle (not just short data) is also reported.
    write_gz(d / "img.gz", idx_images(0x803, 4, 5, 5));
    const auto full = fs::file_size(d / "img.gz");
    fs::resize_file(d / "img.gz", full - 12);
    const std::string e2 = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e2.find("img.gz"), std::string::npos) << e2;

    write_gz(d / "img.gz", idx_images(0x803, 4, 5, 5));
    auto lab = idx_labels(0x801, 4);
    lab.pop_back();
    write_gz(d / "lab.gz", lab);
    const std::string e3 = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e3.find("lab.gz"), std::string::npos) << e3;
    EXPECT_NE(e3.find("truncated"), std::string::npos) << e3;
}

TEST(dataset_idx, count_mismatch_is_an_error) {
    const auto d = temp_dir();
    write_gz(d / "img.gz", idx_images(0x803, 4, 2, 2));
    write_gz(d / "lab.gz", idx_labels(0x801, 3));
    const std::string e = error_of((d / "img.gz").string(), (d / "lab.gz").string());
    EXPECT_NE(e.find("lab.gz"), std::string::npos) << e;
    EXPECT_NE(e.find("3 labels for 4 images"), std::string::npos) << e;
}

TEST(dataset_idx, missing_file_and_unknown_spec) {
    EXPECT_NE(error_of("/nonexistent/x.gz", "/nonexistent/y.gz").find("/nonexistent/x.gz"),
              std::string::npos);
    EXPECT_THROW(open_dataset("mnist-please"), input_error);
    EXPECT_THROW(open_dataset("idx:only-one"), input_error);
}

TEST(dataset_idx, network_input_unsigned_scales_to_n_bits) {
    const auto d = temp_dir();
    write_gz(d / "img.gz", idx_images(0x803, 1, 2, 3));
    write_gz(d / "lab.gz", idx_labels(0x801, 1));
    const auto ds = load_idx((d / "img.gz").string(), (d / "lab.gz").string());
    const std::vector<float> px = {0, 1, 127, 128, 254, 255};
    pimscope::kernel::input_encoding enc;
    enc.is_signed = false;
    enc.bits = 8;
    tensor t = to_network_input(*ds, px, {1, 2, 3}, enc);
    EXPECT_EQ(t.v, (std::vector<int32_t>{0, 1, 127, 128, 254, 255}));   // raw pixels
    enc.bits = 1;
    t = to_network_input(*ds, px, {1, 2, 3}, enc);
    EXPECT_EQ(t.v, (std::vector<int32_t>{0, 0, 0, 1, 1, 1}));           // round(x / 255)
    enc.bits = 2;
    t = to_network_input(*ds, px, {1, 2, 3}, enc);
    EXPECT_EQ(t.v, (std::vector<int32_t>{0, 0, 1, 2, 3, 3}));           // round(3x / 255)
    // The study's scheme scales by the set's max |x| (185 = 5 * 37 here) and saturates.
    enc.is_signed = true;
    enc.bits = 2;
    ASSERT_EQ(ds->max_abs(), 185.0f);
    t = to_network_input(*ds, px, {1, 2, 3}, enc);
    EXPECT_EQ(t.v, (std::vector<int32_t>{0, 0, 2, 2, 3, 3}));
    EXPECT_THROW(to_network_input(*ds, px, {1, 3, 2}, enc), input_error);
}

TEST(dataset_idx, fashion_mnist_package) {
    if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const auto ds = open_dataset("fashion-mnist:test");
    EXPECT_EQ(ds->size(), 10000u);
    EXPECT_EQ(ds->shape(), (shape3{1, 28, 28}));
    EXPECT_EQ(ds->classes(), 10);
    EXPECT_EQ(ds->max_abs(), 255.0f);
    // The first test image is an ankle boot (class 9), the second a pullover (2).
    EXPECT_EQ(ds->label(0), 9);
    EXPECT_EQ(ds->label(1), 2);
}
