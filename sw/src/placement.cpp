#include "pimscope/sw/placement.hpp"

namespace pimscope::sw {

std::vector<placed_subarray> place_layer(const layer_mapping& m, const arch_config& arch) {
    const int per_tile = arch.tile_subarrays();
    const int tiles_tall = (m.rows + arch.tile_rows() - 1) / arch.tile_rows();
    const int tiles_wide = (m.cols + arch.tile_cols() - 1) / arch.tile_cols();
    const int group_tiles = tiles_tall * tiles_wide;
    const int fit_rows = tiles_tall * per_tile / m.slices;
    const int fit_cols = tiles_wide * per_tile / m.col_groups;
    const int fit = fit_rows * fit_cols;

    std::vector<placed_subarray> out;
    out.reserve(std::size_t(m.duplication) * m.subarrays_per_copy());
    for (int copy = 0; copy < m.duplication; ++copy) {
        const int group = copy / fit;
        const int k = copy % fit;
        const int copy_row = k / fit_cols, copy_col = k % fit_cols;
        for (int s = 0; s < m.slices; ++s) {
            for (int q = 0; q < m.col_groups; ++q) {
                const int r = copy_row * m.slices + s;
                const int c = copy_col * m.col_groups + q;
                placed_subarray p;
                p.copy = copy;
                p.slice = s;
                p.col_group = q;
                p.tile = group * group_tiles + (r / per_tile) * tiles_wide + c / per_tile;
                p.pe = ((r % per_tile) / arch.pe_subarrays) * arch.tile_pes +
                       (c % per_tile) / arch.pe_subarrays;
                out.push_back(p);
            }
        }
    }
    return out;
}

} // namespace pimscope::sw
