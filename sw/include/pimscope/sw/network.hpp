#pragma once
// One entry point for "a network with its parameters", whatever the file: the project's
// YAML (parameters from the .npy files it names, or generated from the seed), a NeuroSim
// table (generated parameters), or an ONNX model (imported with its weights).
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/weights.hpp"

#include <cstdint>
#include <string>

namespace pimscope::sw {

struct network {
    graph g;
    network_params params;
    bool trained = false;    // parameters came from the file (not generated from a seed)
};

// input_size > 0 runs the network on input_size x input_size images (generated
// parameters only: trained weights fix the input size of fc layers).
network load_network_with_params(const std::string& path, uint64_t seed, int input_size = 0);

} // namespace pimscope::sw
