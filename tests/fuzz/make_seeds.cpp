// Writes the seed inputs that are not files of the source tree (those are copied by
// copy_seeds.cmake): small PNG and JPEG images, IDX image/label pairs in the idx target's
// layout (plain and gzip, from Fashion-MNIST when it is installed, synthetic otherwise),
// and one `--set` line per declared parameter with its value in the shipped arch, so that
// the fuzzer starts from every key. Generated at build time instead of kept as binaries in
// git.
//   make_seeds <seeds dir> <source dir>
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/param_tree.hpp"

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using bytes = std::vector<uint8_t>;

namespace {

void write(const fs::path& p, const bytes& b) {
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    if (!f) throw std::runtime_error("cannot write " + p.string());
}

bytes pattern(int w, int h, int channels) {
    bytes px(std::size_t(w) * h * channels);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = uint8_t((i * 37 + i / 7) & 0xff);
    return px;
}

void png(const fs::path& p, int w, int h, uint32_t format, int channels) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = uint32_t(w);
    img.height = uint32_t(h);
    img.format = format;
    const bytes px = pattern(w, h, channels);
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&img, nullptr, &size, 0, px.data(), 0, nullptr))
        throw std::runtime_error(img.message);
    bytes out(size);
    if (!png_image_write_to_memory(&img, out.data(), &size, 0, px.data(), 0, nullptr))
        throw std::runtime_error(img.message);
    out.resize(size);
    write(p, out);
}

void jpeg(const fs::path& p, int w, int h, int channels, bool progressive) {
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &buffer, &size);
    c.image_width = JDIMENSION(w);
    c.image_height = JDIMENSION(h);
    c.input_components = channels;
    c.in_color_space = channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 80, TRUE);
    if (progressive) jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    const bytes px = pattern(w, h, channels);
    while (c.next_scanline < c.image_height) {
        auto* row = const_cast<JSAMPLE*>(px.data() + std::size_t(c.next_scanline) * w * channels);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    write(p, bytes(buffer, buffer + size));
    jpeg_destroy_compress(&c);
    std::free(buffer);
}

bytes gzip(const bytes& in) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib");
    bytes out(deflateBound(&z, uLong(in.size())) + 32);
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = uInt(in.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void u32(bytes& b, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}

// The first n images and labels of a gzip IDX pair, or synthetic ones when absent.
void idx_pair(const std::string& images_gz, const std::string& labels_gz, uint32_t n, bytes& images, bytes& labels) {
    images.clear();
    labels.clear();
    u32(images, 0x803);
    u32(images, n);
    u32(images, 28);
    u32(images, 28);
    u32(labels, 0x801);
    u32(labels, n);
    bytes px(std::size_t(n) * 28 * 28), lb(n);
    gzFile fi = gzopen(images_gz.c_str(), "rb"), fl = gzopen(labels_gz.c_str(), "rb");
    bool real = fi && fl;
    if (real) {
        unsigned char skip[16];
        real = gzread(fi, skip, 16) == 16 && gzread(fi, px.data(), unsigned(px.size())) == int(px.size()) &&
               gzread(fl, skip, 8) == 8 && gzread(fl, lb.data(), n) == int(n);
    }
    if (fi) gzclose(fi);
    if (fl) gzclose(fl);
    if (!real) {
        px = pattern(28, 28 * int(n), 1);
        for (uint32_t i = 0; i < n; ++i) lb[i] = uint8_t(i % 10);
    }
    images.insert(images.end(), px.begin(), px.end());
    labels.insert(labels.end(), lb.begin(), lb.end());
}

bytes joined(const bytes& images, const bytes& labels) {
    static const std::string separator = "=PIMSCOPE-LABELS=";   // as idx_fuzz.cpp splits
    bytes b = images;
    b.insert(b.end(), separator.begin(), separator.end());
    b.insert(b.end(), labels.begin(), labels.end());
    return b;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: make_seeds <seeds dir> <source dir>\n";
        return 2;
    }
    const fs::path out = argv[1], src = argv[2];
    try {
        png(out / "image/rgb.png", 9, 7, PNG_FORMAT_RGB, 3);
        png(out / "image/gray.png", 5, 6, PNG_FORMAT_GRAY, 1);
        png(out / "image/rgba.png", 4, 4, PNG_FORMAT_RGBA, 4);
        png(out / "image/rgb16.png", 3, 3, PNG_FORMAT_RGB | PNG_FORMAT_FLAG_LINEAR, 6);
        jpeg(out / "image/rgb.jpg", 16, 12, 3, false);
        jpeg(out / "image/gray.jpg", 8, 8, 1, false);
        jpeg(out / "image/progressive.jpg", 17, 9, 3, true);

        const std::string fm = "/usr/share/datasets/fashion-mnist/";
        bytes images, labels;
        idx_pair(fm + "t10k-images-idx3-ubyte.gz", fm + "t10k-labels-idx1-ubyte.gz", 3, images, labels);
        write(out / "idx/plain", joined(images, labels));
        write(out / "idx/gzip", joined(gzip(images), gzip(labels)));
        write(out / "idx/gzip_images", joined(gzip(images), labels));
        idx_pair("", "", 1, images, labels);
        write(out / "idx/one_synthetic", joined(images, labels));

        pimscope::param_tree tree = pimscope::param_tree::from_yaml_file((src / "configs/arch/rram22_xnor.yaml").string());
        int i = 0;
        for (const auto& p : pimscope::declared_params(tree)) {
            const std::string value = p.values.empty() ? p.default_text : p.values.front();
            const std::string line = p.key + "=" + value + "\n";
            write(out / "set_values" / ("param_" + std::to_string(i++)), bytes(line.begin(), line.end()));
        }
    } catch (const std::exception& e) {
        std::cerr << "make_seeds: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
