// IDX files (the MNIST family): a 4-byte magic (0x00000803 images / 0x00000801 labels:
// two zero bytes, type 0x08 = unsigned byte, number of dimensions), one big-endian u32
// per dimension, then the data. gzread reads gzip and plain files alike.
#include "pimscope/sw/dataset.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::sw {
namespace {

class gz_file {
public:
    explicit gz_file(const std::string& path) : m_path(path) {
        require_input_file(path);
        m_f = gzopen(path.c_str(), "rb");
        if (!m_f) throw input_error(path, "", "cannot open the file");
    }
    ~gz_file() { gzclose(m_f); }
    gz_file(const gz_file&) = delete;
    gz_file& operator=(const gz_file&) = delete;

    // Reads exactly n bytes or throws naming what was being read.
    void read(void* dst, std::size_t n, const std::string& what) {
        auto* p = static_cast<unsigned char*>(dst);
        while (n > 0) {
            const unsigned chunk = unsigned(std::min<std::size_t>(n, 1u << 30));
            const int got = gzread(m_f, p, chunk);
            if (got < 0) {
                int err = 0;
                const char* msg = gzerror(m_f, &err);
                throw input_error(m_path, what, std::string("corrupt or truncated file (zlib: ") +
                                                    (msg ? msg : "?") + ")");
            }
            if (got == 0) throw input_error(m_path, what, "truncated file: it ends early");
            p += got;
            n -= std::size_t(got);
        }
    }
    // Reads exactly n bytes into `out`, growing it as the data arrives: a header that claims
    // more than the file holds fails at the file's end, not after allocating the claim.
    void read_growing(std::vector<uint8_t>& out, std::size_t n, const std::string& what) {
        constexpr std::size_t chunk = std::size_t(16) << 20;
        out.clear();
        while (out.size() < n) {
            const std::size_t step = std::min(chunk, n - out.size());
            const std::size_t at = out.size();
            out.resize(at + step);
            read(out.data() + at, step, what);
        }
    }
    uint32_t read_u32(const std::string& what) {
        unsigned char b[4];
        read(b, 4, what);
        return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | uint32_t(b[3]);
    }

private:
    std::string m_path;
    gzFile m_f;
};

std::string hex(uint32_t v) {
    static const char* d = "0123456789abcdef";
    std::string s = "0x";
    for (int i = 7; i >= 0; --i) s += d[(v >> (4 * i)) & 15];
    return s;
}

class idx_dataset final : public dataset {
public:
    std::string m_source;
    shape3 m_shape;
    std::vector<uint8_t> m_pixels;
    std::vector<uint8_t> m_labels;
    int m_classes = 0;
    float m_max_abs = 0;

    const std::string& source() const override { return m_source; }
    std::size_t size() const override { return m_labels.size(); }
    shape3 shape() const override { return m_shape; }
    int classes() const override { return m_classes; }
    int label(std::size_t i) const override { return m_labels.at(i); }
    std::vector<float> pixels(std::size_t i) const override {
        const std::size_t n = m_shape.size();
        if (i >= size()) throw input_error(m_source, "image " + std::to_string(i), "index out of range");
        return std::vector<float>(m_pixels.begin() + std::ptrdiff_t(i * n),
                                  m_pixels.begin() + std::ptrdiff_t((i + 1) * n));
    }
    bool raw_8bit() const override { return true; }
    float max_abs() const override { return m_max_abs; }
};

} // namespace

std::unique_ptr<dataset> load_idx(const std::string& images_path, const std::string& labels_path) {
    auto ds = std::make_unique<idx_dataset>();
    ds->m_source = images_path;

    gz_file img(images_path);
    const uint32_t im_magic = img.read_u32("header");
    if (im_magic != 0x803)
        throw input_error(images_path, "header",
                          "wrong magic " + hex(im_magic) + ", expected 0x00000803 (IDX u8 images, 3 dims)");
    const uint32_t n = img.read_u32("header: image count");
    const uint32_t rows = img.read_u32("header: rows");
    const uint32_t cols = img.read_u32("header: columns");
    if (rows == 0 || cols == 0 || rows > 65535 || cols > 65535 || n == 0)
        throw input_error(images_path, "header", "implausible dimensions " + std::to_string(n) + " x " +
                                                     std::to_string(rows) + " x " + std::to_string(cols));
    // A stated limit on what one dataset may hold in memory (Fashion-MNIST's training split
    // is 47 MB): 4 GiB of pixels.
    const uint64_t bytes = uint64_t(n) * rows * cols;
    if (bytes > (uint64_t(1) << 32))
        throw input_error(images_path, "header",
                          std::to_string(n) + " images of " + std::to_string(rows) + "x" + std::to_string(cols) +
                              " are more than 4 GiB of pixels, the most a dataset may hold");
    ds->m_shape = {1, int(rows), int(cols)};
    img.read_growing(ds->m_pixels, std::size_t(bytes),
                     "pixels of " + std::to_string(n) + " images of " + std::to_string(rows) + "x" +
                         std::to_string(cols));

    gz_file lab(labels_path);
    const uint32_t lb_magic = lab.read_u32("header");
    if (lb_magic != 0x801)
        throw input_error(labels_path, "header",
                          "wrong magic " + hex(lb_magic) + ", expected 0x00000801 (IDX u8 labels, 1 dim)");
    const uint32_t nl = lab.read_u32("header: label count");
    if (nl != n)
        throw input_error(labels_path, "header",
                          std::to_string(nl) + " labels for " + std::to_string(n) + " images in " +
                              images_path);
    lab.read_growing(ds->m_labels, nl, std::to_string(nl) + " labels");

    for (uint8_t l : ds->m_labels) ds->m_classes = std::max(ds->m_classes, int(l) + 1);
    for (uint8_t p : ds->m_pixels) ds->m_max_abs = std::max(ds->m_max_abs, float(p));
    return ds;
}

} // namespace pimscope::sw
