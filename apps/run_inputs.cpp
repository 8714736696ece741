#include "run_inputs.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/input.hpp"

#include <algorithm>

namespace pimscope::app {

run_images synthetic_images(const sw::graph& g, const kernel::input_encoding& enc, int count, uint64_t seed) {
    run_images r;
    for (int k = 0; k < count; ++k)
        r.inputs.push_back(sw::quantize_input(sw::synthetic_image(g.input_shape, seed + uint64_t(k)), g.input_shape, enc));
    return r;
}

run_images dataset_images(const sw::dataset& ds, const sw::graph& g, const kernel::input_encoding& enc,
                          std::size_t count) {
    // A top-1 over more classes than the network outputs would compare with classes it can
    // never predict.
    const std::size_t outputs = g.nodes.back().out.size();
    if (outputs < std::size_t(ds.classes()))
        throw input_error(g.source, "node '" + g.nodes.back().name + "'",
                          "the network's output has " + std::to_string(outputs) + " values, the dataset " +
                              ds.source() + " has " + std::to_string(ds.classes()) + " classes");
    run_images r;
    const std::size_t n = std::min(count, ds.size());
    for (std::size_t i = 0; i < n; ++i) {
        r.inputs.push_back(sw::to_network_input(ds, ds.pixels(i), g.input_shape, enc));
        r.labels.push_back(ds.label(i));
    }
    return r;
}

} // namespace pimscope::app
