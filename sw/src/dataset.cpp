// Dataset names and the pixels -> first-layer integers conversion.
#include "pimscope/sw/dataset.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/input.hpp"

#include <string>

namespace pimscope::sw {
namespace {

const char* fashion_mnist_dir = "/usr/share/datasets/fashion-mnist/";

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

// "a,b" -> {a, b}; b empty when there is no comma.
std::pair<std::string, std::string> split_comma(const std::string& s) {
    const auto k = s.find(',');
    if (k == std::string::npos) return {s, ""};
    return {s.substr(0, k), s.substr(k + 1)};
}

} // namespace

std::unique_ptr<dataset> open_dataset(const std::string& spec) {
    if (spec == "fashion-mnist" || spec == "fashion-mnist:test")
        return load_idx(std::string(fashion_mnist_dir) + "t10k-images-idx3-ubyte.gz",
                        std::string(fashion_mnist_dir) + "t10k-labels-idx1-ubyte.gz");
    if (spec == "fashion-mnist:train")
        return load_idx(std::string(fashion_mnist_dir) + "train-images-idx3-ubyte.gz",
                        std::string(fashion_mnist_dir) + "train-labels-idx1-ubyte.gz");
    if (starts_with(spec, "idx:")) {
        const auto [images, labels] = split_comma(spec.substr(4));
        if (images.empty() || labels.empty())
            throw input_error("", "dataset '" + spec + "'", "expected idx:<images file>,<labels file>");
        return load_idx(images, labels);
    }
    if (starts_with(spec, "folder:")) {
        auto [dir, labels] = split_comma(spec.substr(7));
        if (dir.empty()) throw input_error("", "dataset '" + spec + "'", "expected folder:<dir>[,<labels file>]");
        if (labels.empty()) labels = dir + "/labels.txt";
        return load_image_folder(dir, labels);
    }
    throw input_error("", "dataset '" + spec + "'",
                      "unknown dataset, expected fashion-mnist[:test|:train], idx:<images>,<labels> "
                      "or folder:<dir>[,<labels file>]");
}

tensor to_network_input(const dataset& ds, const std::vector<float>& pixels, shape3 shape,
                        const kernel::input_encoding& enc) {
    if (ds.shape() != shape)
        throw input_error(ds.source(), "images",
                          "images are " + std::to_string(ds.shape().c) + "x" + std::to_string(ds.shape().h) +
                              "x" + std::to_string(ds.shape().w) + " (CxHxW), the network reads " +
                              std::to_string(shape.c) + "x" + std::to_string(shape.h) + "x" +
                              std::to_string(shape.w));
    if (ds.raw_8bit() && !enc.is_signed) {
        if (enc.bits < 1 || enc.bits > 30)
            throw input_error("", "input.bits", "must be in [1, 30], got " + std::to_string(enc.bits));
        // round(x * top / 255) in integers: (2 x top + 255) / 510.
        const int64_t top = enc.max_magnitude();
        tensor t(shape);
        for (std::size_t i = 0; i < pixels.size(); ++i) {
            const int64_t x = int64_t(pixels[i]);
            t.v[i] = int32_t((2 * x * top + 255) / 510);
        }
        return t;
    }
    return quantize_input(pixels, shape, enc, ds.max_abs());
}

} // namespace pimscope::sw
