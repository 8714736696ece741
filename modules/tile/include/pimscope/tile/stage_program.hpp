#pragma once
// What the chip's stages run: the network as its hardware sees it. Per node, the maps it
// reads, the map it makes, the rows of each input one output row needs, how many bits an
// element takes in buffers and on links, and how it is computed (a crossbar layer on a tile
// group, or an operator of an output unit). Per stage, the nodes it computes. The platform
// builds it from the network's graph (platform/stage_program_of), so the blocks never see
// sw's graph; plain C++ on the kernel's types.
#include "pimscope/core/window_payload.hpp"
#include "pimscope/kernel/crossbar_layer.hpp"
#include "pimscope/kernel/digital_ops.hpp"
#include "pimscope/kernel/geometry.hpp"
#include "pimscope/kernel/map_wire.hpp"
#include "pimscope/kernel/tensor.hpp"

#include <string>
#include <vector>

namespace pimscope::modules {

struct program_node {
    std::string name;
    std::vector<int> inputs;                 // producing nodes, by slot
    kernel::shape3 out;                      // the map it makes
    kernel::wire_format wire;                // how its rows move in buffers and on links
    // rows_needed[slot][r]: the rows of input `slot` output row r depends on.
    std::vector<std::vector<kernel::row_range>> rows_needed;

    // An output unit's operator (every node but the input and the crossbar layers).
    kernel::digital_op op;
    unit_op action = unit_op::activation;    // what the unit is charged for per element
    uint64_t actions_per_element = 1;        // mac: the layer's fan-in

    // A crossbar layer (binary conv/fc): its programmed cells and window geometry.
    const kernel::crossbar_layer* crossbar = nullptr;
    kernel::conv_geometry geometry;
    bool conv = false;                       // windows slide over rows (input packed as it arrives)
    bool multi_bit = false;                  // it reads the network input, multi-bit elements ...
    int planes = 1;                          // ... fed as bit-serial planes

    bool is_crossbar() const { return crossbar != nullptr; }
};

struct stage_program {
    std::vector<program_node> nodes;         // node 0: the network input, written by the host
    std::vector<std::vector<int>> stages;    // per stage: its nodes in execution order
    std::vector<int> stage_of;               // per node: its stage (-1: the input)
    int output_node = 0;                     // the map the host reads back
};

} // namespace pimscope::modules
