#pragma once
// The images `run` streams through the chip: synthetic ones from the seed, or the first
// images of a labelled dataset (with their labels, for the accuracy figures).
#include "pimscope/kernel/input_encoding.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pimscope::app {

struct run_images {
    std::vector<sw::tensor> inputs;   // quantised for the first layer's encoding
    std::vector<int> labels;          // per input; empty for synthetic images
};

// `count` synthetic images, image k from seed + k, made on up to `threads` threads (each
// image by one thread into its own slot: the same images for any count).
run_images synthetic_images(const sw::graph& g, const kernel::input_encoding& enc, int count, uint64_t seed,
                            int threads = 1);

// The first `count` images of `ds` (all of them when it has fewer) as the network reads
// them (sw::to_network_input). Throws input_error when the network's output has fewer
// values than the dataset has classes, or an image does not fit the network input.
run_images dataset_images(const sw::dataset& ds, const sw::graph& g, const kernel::input_encoding& enc,
                          std::size_t count);

} // namespace pimscope::app
