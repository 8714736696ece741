#pragma once
// How a network's graph becomes the chip's pipeline stages (DESIGN §2, "Hardware, not the
// graph"). A graph node is not a hardware stage by itself:
//  * each crossbar layer (binary conv/fc) is a stage on its tile group;
//  * a digital node (batch-norm, threshold, sign, ReLU, residual add, concat, pooling,
//    flatten) runs in the output unit of the stage that produced its latest input, on the
//    way out of that tile group;
//  * a whole-map reduction (global average pool) has no tile to run on: it starts a
//    chip-level unit stage, and the digital nodes that follow it join that unit; so do
//    digital nodes that read only the network input.
// A stage's inputs are the maps other stages (or the host, node 0) send it; its outputs
// are the maps it sends to other stages or, for the network output, to the host. Stages
// come in execution order and only read from earlier ones.
#include "pimscope/sw/graph.hpp"

#include <string>
#include <vector>

namespace pimscope::sw {

struct planned_stage {
    std::string name;             // the crossbar node's name, or the unit's first node's
    int crossbar = -1;            // the crossbar node; -1 for a chip-level unit
    std::vector<int> nodes;       // nodes computed here, in execution order
    std::vector<int> inputs;      // nodes of other stages (or 0, the input) read here
    std::vector<int> outputs;     // nodes computed here and read elsewhere (or by the host)
    bool unit() const { return crossbar < 0; }
};

struct stage_plan {
    std::vector<planned_stage> stages;
    std::vector<int> stage_of;    // per node: index into stages (-1 for the input node)
};

stage_plan plan_stages(const graph& g);

} // namespace pimscope::sw
