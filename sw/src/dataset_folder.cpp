// ImageNet-style folder: JPEG/PNG files + a ground-truth label file, with the standard
// evaluation preprocessing (resize shorter side, centre crop, per-channel mean/std).
#include "pimscope/sw/dataset.hpp"

#include "image_decode.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace pimscope::sw {
namespace {

namespace fs = std::filesystem;

bool is_image_name(const std::string& name) {
    std::string ext = fs::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

bool parse_label(const std::string& s, int& out) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    out = std::stoi(s);
    return true;
}

// Bilinear sample with half-pixel centres (align_corners = false), the convention of
// PIL/torchvision's resize without antialiasing.
float sample(const detail::rgb8_image& im, int ch, double y, double x) {
    y = std::clamp(y, 0.0, double(im.height - 1));
    x = std::clamp(x, 0.0, double(im.width - 1));
    const int y0 = int(y), x0 = int(x);
    const int y1 = std::min(y0 + 1, im.height - 1), x1 = std::min(x0 + 1, im.width - 1);
    const double fy = y - y0, fx = x - x0;
    auto px = [&](int yy, int xx) { return double(im.rgb[(std::size_t(yy) * im.width + xx) * 3 + ch]); };
    const double top = px(y0, x0) * (1 - fx) + px(y0, x1) * fx;
    const double bot = px(y1, x0) * (1 - fx) + px(y1, x1) * fx;
    return float(top * (1 - fy) + bot * fy);
}

class folder_dataset final : public dataset {
public:
    std::string m_source;
    folder_preprocess m_pre;
    std::vector<std::string> m_files;   // full paths, sorted by file name
    std::vector<int> m_labels;
    int m_classes = 0;

    const std::string& source() const override { return m_source; }
    std::size_t size() const override { return m_files.size(); }
    shape3 shape() const override { return {3, m_pre.crop, m_pre.crop}; }
    int classes() const override { return m_classes; }
    int label(std::size_t i) const override { return m_labels.at(i); }
    bool raw_8bit() const override { return false; }
    // The bound of the normalised values, max over channels of max(mean, 1 - mean) / std:
    // a fixed scale, so an image's quantisation does not depend on the rest of the set.
    float max_abs() const override {
        float m = 0;
        for (int c = 0; c < 3; ++c)
            m = std::max(m, std::max(m_pre.mean[c], 1.0f - m_pre.mean[c]) / m_pre.std[c]);
        return m;
    }

    std::vector<float> pixels(std::size_t i) const override {
        const detail::rgb8_image im = detail::decode_image(m_files.at(i));
        if (im.width < 1 || im.height < 1) throw input_error(m_files[i], "", "empty image");
        // Shorter side -> resize_shorter, the other side scaled alike (truncated, as
        // torchvision does), then the central crop x crop window.
        const int short_side = std::min(im.width, im.height);
        const int rs = m_pre.resize_shorter;
        const int rw = im.width == short_side ? rs : int(double(rs) * im.width / short_side);
        const int rh = im.height == short_side ? rs : int(double(rs) * im.height / short_side);
        const int c = m_pre.crop;
        const int top = int(std::lround((rh - c) / 2.0)), left = int(std::lround((rw - c) / 2.0));
        const double sy = double(im.height) / rh, sx = double(im.width) / rw;
        std::vector<float> out(std::size_t(3) * c * c);
        for (int ch = 0; ch < 3; ++ch)
            for (int y = 0; y < c; ++y)
                for (int x = 0; x < c; ++x) {
                    const double src_y = (y + top + 0.5) * sy - 0.5;
                    const double src_x = (x + left + 0.5) * sx - 0.5;
                    const float v = sample(im, ch, src_y, src_x) / 255.0f;
                    out[(std::size_t(ch) * c + y) * c + x] = (v - m_pre.mean[ch]) / m_pre.std[ch];
                }
        return out;
    }
};

} // namespace

std::unique_ptr<dataset> load_image_folder(const std::string& dir, const std::string& labels_path,
                                           const folder_preprocess& pre) {
    if (pre.crop < 1 || pre.resize_shorter < pre.crop)
        throw input_error(dir, "preprocessing", "need 1 <= crop <= resize_shorter");
    auto ds = std::make_unique<folder_dataset>();
    ds->m_source = dir;
    ds->m_pre = pre;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw input_error(dir, "", "not a directory of images");
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && is_image_name(e.path().filename().string()))
            names.push_back(e.path().filename().string());
    if (ec) throw input_error(dir, "", "cannot list the directory: " + ec.message());
    if (names.empty()) throw input_error(dir, "", "no .jpg/.jpeg/.png images in the directory");
    std::sort(names.begin(), names.end());

    std::istringstream f(read_input_file(labels_path, max_text_input_bytes, "cannot open the label file"));
    std::vector<int> positional;
    std::map<std::string, int> named;
    std::string line;
    int line_no = 0;
    while (std::getline(f, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream ss(line);
        std::vector<std::string> tok;
        for (std::string t; ss >> t;) tok.push_back(t);
        if (tok.empty()) continue;
        const std::string where = "line " + std::to_string(line_no);
        int lab = 0;
        if (tok.size() > 2 || !parse_label(tok.back(), lab))
            throw input_error(labels_path, where,
                              "expected '<label>' or '<file name> <label>' with a label integer >= 0");
        const bool is_named = tok.size() == 2;
        if ((is_named && !positional.empty()) || (!is_named && !named.empty()))
            throw input_error(labels_path, where,
                              "mixes '<label>' and '<file name> <label>' lines; use one layout");
        if (is_named) {
            if (!named.emplace(tok[0], lab).second)
                throw input_error(labels_path, where, "second label for '" + tok[0] + "'");
        } else {
            positional.push_back(lab);
        }
    }
    if (!named.empty()) {
        for (const auto& n : names) {
            const auto it = named.find(n);
            if (it == named.end())
                throw input_error(labels_path, "", "no label for image '" + n + "'");
            ds->m_labels.push_back(it->second);
        }
    } else {
        if (positional.size() < names.size())
            throw input_error(labels_path, "",
                              std::to_string(positional.size()) + " labels for " +
                                  std::to_string(names.size()) + " images: no label for image '" +
                                  names[positional.size()] + "' (labels follow sorted file names)");
        if (positional.size() > names.size())
            throw input_error(labels_path, "",
                              std::to_string(positional.size()) + " labels for only " +
                                  std::to_string(names.size()) + " images in " + dir);
        ds->m_labels = positional;
    }
    for (const auto& n : names) ds->m_files.push_back((fs::path(dir) / n).string());
    for (int l : ds->m_labels) ds->m_classes = std::max(ds->m_classes, l + 1);
    return ds;
}

} // namespace pimscope::sw
