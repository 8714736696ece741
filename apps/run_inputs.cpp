#include "run_inputs.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/input.hpp"

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>

namespace pimscope::app {

run_images synthetic_images(const sw::graph& g, const kernel::input_encoding& enc, int count, uint64_t seed,
                            int threads) {
    run_images r;
    r.inputs.resize(std::size_t(std::max(count, 0)));
    // A stream of 64 224x224 images took a tenth of its run to make, serially, before
    // the simulation could start.
    std::vector<std::exception_ptr> errors(r.inputs.size());
    auto make = [&](std::size_t first, std::size_t step) {
        for (std::size_t k = first; k < r.inputs.size(); k += step) {
            try {
                r.inputs[k] = sw::quantize_input(sw::synthetic_image(g.input_shape, seed + uint64_t(k)),
                                                 g.input_shape, enc);
            } catch (...) {
                errors[k] = std::current_exception();
            }
        }
    };
    const std::size_t step = std::size_t(std::clamp(threads, 1, std::max(count, 1)));
    std::vector<std::thread> pool;
    std::vector<std::size_t> unstarted;   // shares of threads the system refused
    for (std::size_t first = 1; first < step; ++first) {
        try {
            pool.emplace_back(make, first, step);
        } catch (const std::system_error&) {
            unstarted.push_back(first);
        }
    }
    make(0, step);
    for (const std::size_t first : unstarted) make(first, step);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);   // the first image that failed, as one thread would
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
