#pragma once
// A network as the mapper sees it: one row per crossbar layer, in execution order, in
// the terms of NeuroSim's NetWork.csv. The mapper works from rows rather than from a
// graph because the study's own tables describe DAG networks (ResNet shortcuts,
// DenseNet concatenations) whose rows do not chain, yet must still be floorplanned.
#include "pimscope/sw/graph.hpp"

#include <string>
#include <vector>

namespace pimscope::sw {

struct layer_row {
    int ifm_h = 0, ifm_w = 0, ifm_c = 0;  // input map of the layer (fc: 1 x 1 x flattened size)
    int k = 1;                            // square kernel (fc: 1)
    int ofm_c = 0;                        // output channels = crossbar columns
    int pool = 0;                         // 1: followed by pooling (NeuroSim's column 7)
    int stride = 1;
    int line = 0;                         // line in the source file (0 if not from a file)
    bool is_fc() const { return ifm_h == 1 && ifm_w == 1 && k == 1; }
};

// Strict reader of a NeuroSim NetWork.csv: per row exactly 8 integer fields
// IFM_H,IFM_W,IFM_C,K_H,K_W,OFM_C,pool,stride (trailing empty fields and whitespace are
// tolerated; blank lines and lines starting with '#' are skipped). All values positive,
// pool in {0,1}, K_H == K_W, kernel no larger than the map. Throws input_error naming
// the file, line and column.
std::vector<layer_row> read_neurosim_csv(const std::string& path);

// The crossbar layers of a graph (graph::crossbar_layers order) as rows: the input map
// of each conv, and for fc layers 1 x 1 x (flattened input size) with k = 1. pool = 1
// when a pooling node follows the layer through single-consumer activations.
// Infers shapes on a copy when the graph's shapes are not filled yet.
std::vector<layer_row> layer_table(const graph& g);

// Display name of row i (0-based) when no graph supplies one: "conv<i+1>" / "fc<i+1>".
// load_neurosim_csv uses the same names, so both paths print the same floorplan.
std::string layer_row_name(const layer_row& r, int i);

} // namespace pimscope::sw
