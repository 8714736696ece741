#pragma once
// Layer -> tiles/PEs/subarrays in XNOR-parallel mode (rows = 2*k*k*C, columns = K),
// one layer per tile group, weight duplication for pipeline balance.
//
// Rule (NeuroSim V1.3 conventions, reproducing the seed study's floorplans):
//  * a layer needs ceil(rows/tile_rows) x ceil(cols/tile_cols) tiles for one copy;
//  * copies are placed at subarray granularity inside that tile grid, separately along
//    the rows and the columns:
//      fit_rows = floor(grid_subarray_rows / copy_subarray_rows)
//      fit_cols = floor(grid_subarray_cols / copy_subarray_cols)
//  * the pipeline target is ceil((IFM_H / bound)^2) with bound = ceil(max IFM_H / speed_up_degree)
//    (IFM_H / bound in floating point);
//  * when target > fit = fit_rows * fit_cols the tile grid is repeated extra = ceil(target / fit)
//    times along the rows: dup_rows = fit_rows * extra, dup_cols = fit_cols, tiles = base
//    tiles * extra; duplication = dup_rows * dup_cols (the study's speed-up pair, whose split
//    also decides how the study charges a tile's PEs, chip::work_of in modules/chip).
//    In layer-by-layer mode (pipeline.mode = layer) the grid is never repeated: extra = 1,
//    each layer keeps the copies its own tiles hold (the study's simulator with its
//    pipeline off: bresnete18's first layer 16 copies on 1 tile instead of 64 on 4,
//    neurosim_public_layers.csv).
//  * max IFM_H is taken over all crossbar layers of the network; a layer whose map is
//    smaller than bound gets target 1 or less, i.e. just the copies that fit its tiles anyway.
//  * utilisation = duplication * rows * cols / (tiles * tile_rows * tile_cols); the chip
//    figure is the sum of used cells over the sum of tile cells.
// Checked against neurosim_v13_layers.csv: tiles, duplication and utilisation agree for
// every layer of balexnet, bresnete18 and bdensenet28 (tests/unit/mapper_test.cpp).
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"

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
    int tiles_tall = 0;          // tile grid of one copy: ceil(rows / tile_rows) tile rows
    int tiles_wide = 0;          //   by ceil(cols / tile_cols) tile columns
    int dup_rows = 1;            // copies stacked along the rows (pipeline repeats included)
    int dup_cols = 1;            // copies side by side along the columns
    int tiles = 0;
    int duplication = 1;         // dup_rows * dup_cols
    double utilisation = 0;      // used cells / cells of the layer's tiles
    int subarrays_per_copy() const { return slices * col_groups; }
    int base_tiles() const { return tiles_tall * tiles_wide; }
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

// The same rule applied to a layer table (e.g. read_neurosim_csv), for networks that are
// mapped and costed but not simulated (the study's DAG tables). layer_mapping::node is -1
// and names come from layer_row_name. map_network(g, arch) is
// map_layer_rows(layer_table(g), arch, g.source) with node indices and names from g.
// source names the network file in error messages.
floorplan map_layer_rows(const std::vector<layer_row>& rows, const arch_config& arch,
                         const std::string& source);
std::string format_floorplan(const std::vector<layer_row>& rows, const arch_config& arch,
                             const floorplan& fp, const std::string& title);

} // namespace pimscope::sw
