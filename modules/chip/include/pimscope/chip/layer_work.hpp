#pragma once
// What one layer's tile group does per input window under the study's accounting
// (docs/calibration/neurosim_accounting.md, docs/models.md §4): which bits move through
// which buffer and wire, how many reads and conversions, which adder trees run. The
// numbers are counts; the blocks that do the work turn them into time and energy with
// their own circuit models when the simulation hands them the work (modules/<block>/).
// Plain C++.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/chip/chip_models.hpp"

#include <string>
#include <vector>

namespace pimscope::chip {

// One crossbar layer as the chip holds it: its matrix, windows and mapping.
struct layer_spec {
    std::string name;
    double kkc = 0;              // k*k*C: inputs of one window
    int rows = 0, cols = 0;      // weight matrix on the crossbar (2 rows per XNOR pair)
    double windows = 0;          // per image
    int planes = 1;              // bit-serial input planes
    bool first = false;          // reads the network input (unsigned planes: activity < 1)
    bool pool = false;           // a 2x2 pool follows: a quarter of the outputs are written back
    int slices = 1, col_groups = 1;              // subarrays of one copy along rows / columns
    int tiles_tall = 1, tiles_wide = 1, tiles = 1;
    int dup_rows = 1, dup_cols = 1, duplication = 1;
};

// The chip-level part: bits to and from the global buffer per window, the layer's share
// of the global buffer (ceil(tiles / layer tiles)), and the global accumulator over the
// layer's tile rows (no pass when one tile row holds the layer).
struct chip_level_work {
    double global_bits = 0;
    double bus_share = 1;
    // A layer one tile tall sends final outputs, through its tiles' output banks in
    // parallel (buffer.output_banks); partial sums that meet at the chip accumulator and a
    // layer's inputs on their way out share one way.
    int global_banks = 1;
    double chip_outputs_per_window = 0;
    int chip_tree_inputs = 0, column_tiles = 1;
};

struct layer_work {
    std::string name;
    double windows = 0;
    int copies = 1;                  // windows served at once
    buffer::tile_buffer_work buffer;
    interconnect::tile_wire_work wires;
    subarray::array_work array;
    accum::tree_work trees;
    chip_level_work chip;
};

// Chip-wide quantities every layer shares: the global bus width and how many global-buffer
// cores feed it, the tile pitch, the adder widths.
struct chip_work_context {
    chip_work_context(const arch_config& arch, int total_tiles, int layers);
    int tiles = 0;
    double tile_pitch_m = 0, phases = 1, bus_bits = 0, global_cores = 1;
    int pe_width = 0, tile_width = 0, chip_width = 0;
    int tile_word_bits() const { return tile_width + 2; }   // carry + the study's extra bit (F5)
    double chip_trees = 0;   // global accumulator outputs per pass
};

layer_work work_of(const arch_config& arch, const chip_work_context& c, const layer_spec& L);

} // namespace pimscope::chip
