// IDX datasets (sw/dataset_idx): an input is the images file, the separator below, then the
// labels file (either may be gzip). Loaded as `pimscope accuracy --dataset idx:...` loads
// it, and the first and last image read.
#include "fuzz_support.hpp"
#include "pimscope/sw/dataset.hpp"

#include <cstring>
#include <string_view>

using namespace pimscope;

namespace {
constexpr std::string_view separator = "=PIMSCOPE-LABELS=";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const std::size_t at = all.find(separator);
    const std::string_view images = all.substr(0, at);
    const std::string_view labels =
        at == std::string_view::npos ? std::string_view() : all.substr(at + separator.size());
    const std::string images_path = fuzz::write_scratch("images.idx", std::string(images));
    const std::string labels_path = fuzz::write_scratch("labels.idx", std::string(labels));
    fuzz::expect_only_input_errors([&] {
        const auto ds = sw::load_idx(images_path, labels_path);
        if (ds->size() == 0) return;
        for (std::size_t i : {std::size_t(0), ds->size() - 1}) {
            (void)ds->label(i);
            (void)ds->pixels(i);
        }
        (void)ds->max_abs();
        (void)ds->classes();
    });
    return 0;
}
