#pragma once
// Where each subarray of each weight copy of a layer sits: tile, PE, position.
// Copies are packed at subarray granularity into the layer's tile grid, the same way the
// mapper counted them (see mapper.hpp), so placement and floorplan always agree.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/mapper.hpp"

#include <vector>

namespace pimscope::sw {

struct placed_subarray {
    int copy = 0;
    int slice = 0;       // row slice of the weight matrix
    int col_group = 0;   // column group of the weight matrix
    int tile = 0;        // tile index within the layer's tile group
    int pe = 0;          // PE index within the tile (row-major over tile_pes x tile_pes)
};

std::vector<placed_subarray> place_layer(const layer_mapping& m, const arch_config& arch);

} // namespace pimscope::sw
