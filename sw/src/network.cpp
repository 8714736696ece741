#include "pimscope/sw/network.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/onnx_import.hpp"

namespace pimscope::sw {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

network load_network_with_params(const std::string& path, uint64_t seed, int input_size) {
    network n;
    if (ends_with(path, ".onnx")) {
        auto imported = import_onnx_file(path);
        n.g = std::move(imported.g);
        n.params = std::move(imported.params);
        n.trained = true;
    } else {
        n.g = load_network(path);
        n.trained = false;
        for (const auto& node : n.g.nodes) n.trained = n.trained || node.files.any();
    }
    if (input_size > 0 && (input_size != n.g.input_shape.h || input_size != n.g.input_shape.w)) {
        if (n.trained)
            throw input_error(path, "--input-size",
                              "a network with trained weights runs at its own input size (" +
                                  std::to_string(n.g.input_shape.h) + "x" + std::to_string(n.g.input_shape.w) + ")");
        n.g.input_shape.h = n.g.input_shape.w = input_size;
        n.g.infer_shapes();
    }
    if (!ends_with(path, ".onnx")) n.params = load_or_generate_params(n.g, seed);
    return n;
}

} // namespace pimscope::sw
