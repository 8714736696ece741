// ImageNet-style folders: PNG and JPEG fixtures written here with libpng/libjpeg, both
// label-file layouts, the preprocessing, and the failure modes.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/dataset.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <cstddef>
#include <cstdio>
#include <jpeglib.h>
#include <zlib.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace pimscope::sw;
using pimscope::input_error;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    fs::path p = fs::path(testing::TempDir()) /
                 ("pimscope_folder_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// w x h RGB image: left half colour a, right half colour b.
std::vector<uint8_t> two_tone(int w, int h, const uint8_t a[3], const uint8_t b[3]) {
    std::vector<uint8_t> px(std::size_t(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) px[(std::size_t(y) * w + x) * 3 + c] = x < w / 2 ? a[c] : b[c];
    return px;
}

void write_png(const fs::path& p, int w, int h, const std::vector<uint8_t>& rgb) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = unsigned(w);
    img.height = unsigned(h);
    img.format = PNG_FORMAT_RGB;
    ASSERT_TRUE(png_image_write_to_file(&img, p.c_str(), 0, rgb.data(), 0, nullptr)) << img.message;
}

void write_jpeg(const fs::path& p, int w, int h, const std::vector<uint8_t>& rgb) {
    FILE* f = std::fopen(p.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = JDIMENSION(w);
    c.image_height = JDIMENSION(h);
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 100, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = const_cast<uint8_t*>(rgb.data()) + std::size_t(c.next_scanline) * w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    std::fclose(f);
}

void write_text(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }

std::string error_of(const fs::path& dir, const fs::path& labels, std::size_t decode = SIZE_MAX) {
    try {
        auto ds = load_image_folder(dir.string(), labels.string());
        if (decode != SIZE_MAX) ds->pixels(decode);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

const uint8_t red[3] = {255, 0, 0}, blue[3] = {0, 0, 255}, grey[3] = {128, 128, 128};
const float mean[3] = {0.485f, 0.456f, 0.406f}, stdev[3] = {0.229f, 0.224f, 0.225f};

float normalised(uint8_t v, int c) { return (v / 255.0f - mean[c]) / stdev[c]; }

} // namespace

TEST(dataset_folder, png_and_jpeg_with_positional_labels) {
    const auto d = temp_dir();
    // Wide image: after resizing the shorter side to 256 and cropping 224, the left
    // column is still red and the right column blue.
    write_png(d / "b.png", 60, 40, two_tone(60, 40, red, blue));
    write_jpeg(d / "a.JPEG", 30, 50, two_tone(30, 50, grey, grey));
    write_text(d / "labels.txt", "3\n7\n");   // sorted: a.JPEG, b.png
    const auto ds = open_dataset("folder:" + d.string());
    ASSERT_EQ(ds->size(), 2u);
    EXPECT_EQ(ds->shape(), (shape3{3, 224, 224}));
    EXPECT_EQ(ds->label(0), 3);
    EXPECT_EQ(ds->label(1), 7);
    EXPECT_EQ(ds->classes(), 8);
    EXPECT_FALSE(ds->raw_8bit());
    EXPECT_NEAR(ds->max_abs(), (1 - 0.406f) / 0.225f, 1e-5);

    const auto g = ds->pixels(0);   // uniform grey JPEG (quality 100: within 2 levels)
    ASSERT_EQ(g.size(), 3u * 224 * 224);
    for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(g[std::size_t(c) * 224 * 224 + 100 * 224 + 100], normalised(128, c), 2.0f / 255 / 0.224f);

    const auto rb = ds->pixels(1);
    const std::size_t plane = 224 * 224;
    for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(rb[c * plane + 50 * 224 + 0], normalised(red[c], c), 1e-4) << c;
        EXPECT_NEAR(rb[c * plane + 50 * 224 + 223], normalised(blue[c], c), 1e-4) << c;
    }
    // Mid-crop the two halves blend (bilinear): red falls and blue rises across the edge.
    EXPECT_GT(rb[0 * plane + 50 * 224 + 100], rb[0 * plane + 50 * 224 + 124]);
}

TEST(dataset_folder, named_labels_any_order) {
    const auto d = temp_dir();
    write_png(d / "x1.png", 8, 8, two_tone(8, 8, red, red));
    write_png(d / "x2.png", 8, 8, two_tone(8, 8, blue, blue));
    write_text(d / "gt.txt", "x2.png 1\r\nx1.png 0\n\n");
    const auto ds = open_dataset("folder:" + d.string() + "," + (d / "gt.txt").string());
    ASSERT_EQ(ds->size(), 2u);
    EXPECT_EQ(ds->label(0), 0);
    EXPECT_EQ(ds->label(1), 1);
    // Network input through the study's scheme: red channel of a red image is the top
    // of the range.
    pimscope::kernel::input_encoding enc;
    enc.bits = 3;
    const tensor t = to_network_input(*ds, ds->pixels(0), {3, 224, 224}, enc);
    EXPECT_EQ(t.at(0, 10, 10), int(std::lround(normalised(255, 0) / ds->max_abs() * 7)));
}

TEST(dataset_folder, missing_labels_are_errors) {
    const auto d = temp_dir();
    write_png(d / "a.png", 4, 4, two_tone(4, 4, red, red));
    write_png(d / "b.png", 4, 4, two_tone(4, 4, red, red));
    write_text(d / "one.txt", "5\n");
    std::string e = error_of(d, d / "one.txt");
    EXPECT_NE(e.find("one.txt"), std::string::npos) << e;
    EXPECT_NE(e.find("no label for image 'b.png'"), std::string::npos) << e;

    write_text(d / "named.txt", "a.png 1\n");
    e = error_of(d, d / "named.txt");
    EXPECT_NE(e.find("named.txt: no label for image 'b.png'"), std::string::npos) << e;

    write_text(d / "mixed.txt", "a.png 1\n2\n");
    e = error_of(d, d / "mixed.txt");
    EXPECT_NE(e.find("mixed.txt: line 2"), std::string::npos) << e;

    write_text(d / "bad.txt", "1\ncat\n");
    e = error_of(d, d / "bad.txt");
    EXPECT_NE(e.find("bad.txt: line 2"), std::string::npos) << e;

    write_text(d / "many.txt", "1\n2\n3\n");
    e = error_of(d, d / "many.txt");
    EXPECT_NE(e.find("3 labels for only 2 images"), std::string::npos) << e;

    e = error_of(d, d / "absent.txt");
    EXPECT_NE(e.find("absent.txt: cannot open"), std::string::npos) << e;
}

TEST(dataset_folder, undecodable_image_names_the_file) {
    const auto d = temp_dir();
    write_text(d / "junk.png", "this is not a PNG");
    write_text(d / "labels.txt", "0\n");
    std::string e = error_of(d, d / "labels.txt", 0);
    EXPECT_NE(e.find("junk.png"), std::string::npos) << e;

    // A real JPEG cut in half fails inside libjpeg; the message still names the file.
    fs::remove(d / "junk.png");
    write_jpeg(d / "cut.jpg", 64, 64, two_tone(64, 64, red, blue));
    fs::resize_file(d / "cut.jpg", 200);
    e = error_of(d, d / "labels.txt", 0);
    // libjpeg only warns and pads a truncated scan; pimscope refuses such an image.
    EXPECT_NE(e.find("cut.jpg: cannot decode the JPEG image"), std::string::npos) << e;

    std::ofstream(d / "cut.jpg", std::ios::binary) << "\xFF\xD8\xFF garbage";
    e = error_of(d, d / "labels.txt", 0);
    EXPECT_NE(e.find("cut.jpg: cannot decode the JPEG image"), std::string::npos) << e;

    // Same for a PNG whose data is cut.
    fs::remove(d / "cut.jpg");
    write_png(d / "cut.png", 64, 64, two_tone(64, 64, red, blue));
    fs::resize_file(d / "cut.png", 60);
    e = error_of(d, d / "labels.txt", 0);
    EXPECT_NE(e.find("cut.png: cannot decode the PNG image"), std::string::npos) << e;

    fs::remove(d / "cut.png");
    e = error_of(d, d / "labels.txt");
    EXPECT_NE(e.find("no .jpg/.jpeg/.png images"), std::string::npos) << e;
}

namespace {

// Rewrites a PNG's IHDR width and height (and its CRC), or a baseline JPEG's SOF0 size.
void claim_png_size(const fs::path& p, uint32_t w, uint32_t h) {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    std::vector<unsigned char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (int i = 0; i < 4; ++i) {
        b[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    const uLong crc = crc32(0, b.data() + 12, 17);   // chunk type and data
    for (int i = 0; i < 4; ++i) b[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
    f.seekp(0);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

void claim_jpeg_size(const fs::path& p, uint16_t w, uint16_t h) {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    std::vector<unsigned char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (std::size_t i = 2; i + 8 < b.size(); ++i)
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {   // SOF0: length, precision, height, width
            b[i + 5] = (unsigned char)(h >> 8);
            b[i + 6] = (unsigned char)h;
            b[i + 7] = (unsigned char)(w >> 8);
            b[i + 8] = (unsigned char)w;
            break;
        }
    f.seekp(0);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

} // namespace

// A header claiming a gigantic image is refused before the decoder allocates it.
TEST(dataset_folder, huge_claimed_dimensions_are_refused_from_the_header) {
    const auto d = temp_dir();
    write_text(d / "labels.txt", "0\n");
    write_png(d / "big.png", 64, 64, two_tone(64, 64, red, blue));
    claim_png_size(d / "big.png", 200000, 200000);
    std::string e = error_of(d, d / "labels.txt", 0);
    EXPECT_NE(e.find("big.png: the image is 200000 x 200000 pixels, more than the 100 megapixels"),
              std::string::npos) << e;

    fs::remove(d / "big.png");
    write_jpeg(d / "big.jpg", 64, 64, two_tone(64, 64, red, blue));
    claim_jpeg_size(d / "big.jpg", 60000, 60000);
    e = error_of(d, d / "labels.txt", 0);
    EXPECT_NE(e.find("big.jpg: cannot decode the JPEG image: the image is 60000 x 60000 pixels"), std::string::npos)
        << e;
}
