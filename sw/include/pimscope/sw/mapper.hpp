#pragma once
// Layer -> tiles/PEs/subarrays in XNOR-parallel mode (rows = 2*k*k*C, columns = K),
// one layer per tile group, weight duplication for pipeline balance.
//
// Rule (NeuroSim V1.3 conventions, reproducing the seed study's floorplans):
//  * a layer needs ceil(rows/tile_rows) x ceil(cols/tile_cols) tiles for one copy;
//  * copies are placed at subarray granularity inside that tile grid:
//      fit = floor(grid_subarray_rows / copy_subarray_rows)
//          * floor(grid_subarray_cols / copy_subarray_cols)
//  * the pipeline target is ceil((IFM_H / bound)^2) with bound = ceil(max IFM_H / speed_up_degree)
//    (integer division of IFM_H by bound);
//  * duplication = max(fit, target); when target > fit the tile count grows by
//    ceil(target / fit) and duplication = target.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/graph.hpp"

#include <string>
#include <vector>

namespace pimscope::sw {

struct layer_mapping {
    int node = -1;               // graph node index
    std::string name;
    int ifm_h = 0, ifm_w = 0;    // input map of the layer
    int rows = 0, cols = 0;      // weight matrix on the crossbar (rows = 2*k*k*C)
    int slices = 0;              // row slices = subarrays per copy in the row direction
    int col_groups = 0;          // subarrays per copy in the column direction
    int tiles = 0;
    int duplication = 1;
    double utilisation = 0;      // used cells / cells of the layer's tiles
    int subarrays_per_copy() const { return slices * col_groups; }
};

struct floorplan {
    std::vector<layer_mapping> layers;   // crossbar layers in execution order
    int total_tiles = 0;
    double utilisation = 0;              // used cells / cells of all tiles
    const layer_mapping* for_node(int node) const;
};

// Throws input_error (naming the network file and layer) when the network cannot fit
// the chip's limits (arch.max_tiles).
floorplan map_network(const graph& g, const arch_config& arch);

// Human-readable table for `pimscope map`.
std::string format_floorplan(const graph& g, const arch_config& arch, const floorplan& fp);

} // namespace pimscope::sw
