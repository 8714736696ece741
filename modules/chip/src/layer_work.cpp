#include "pimscope/chip/layer_work.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::chip {

chip_work_context::chip_work_context(const arch_config& a, int total_tiles, int layers)
    : tiles(total_tiles), tile_pitch_m(a.models->tile_pitch_m()), phases(a.columns_per_adc) {
    const auto& m = *a.models;
    // Global bus (docs/models.md §4.4, §4.5); the global buffer's cores work in parallel on it.
    bus_bits = m.global_bus_bits(tiles);
    global_cores = std::ceil(bus_bits / m.buffer.global_port_bits());
    // Adder widths (docs/models.md §4.2): ADC code + input-plane bit + sign in the PE, the
    // growth over a PE's subarrays in the tile, and the global accumulator sized for the
    // partial sums it holds at once: pipelined, every stage's in flight (layers + 1);
    // layer by layer, one layer's.
    pe_width = a.adc_bits + 2;
    tile_width = pe_width + int(std::ceil(std::log2(double(a.pe_subarrays))));
    const double held_layers = a.pipeline_mode == "layer" ? 1.0 : double(layers) + 1;
    chip_width = pe_width + 1 + int(std::ceil(std::log2(double(a.pe_subarrays) * a.tile_pes * held_layers)));
    chip_trees = double(a.tile_cols()) / phases;
}

namespace {

// How the study charges a duplicated layer's PEs (docs/models.md §4.2): copies fill whole
// PEs both ways (one PE evaluation per tile), and the finest case, each subarray holding a
// copy (read as one array).
struct copy_layout {
    bool pe_copies = false, subarray_copies = false;
};

copy_layout layout_of(const arch_config& a, const layer_spec& L) {
    copy_layout c;
    c.pe_copies = L.duplication > 1 && L.dup_cols >= a.tile_pes && L.dup_rows >= a.tile_pes;
    c.subarray_copies = c.pe_copies && (L.dup_cols + a.tile_pes - 1) / a.tile_pes >= a.pe_subarrays &&
                        (L.dup_rows + a.tile_pes - 1) / a.tile_pes >= a.pe_subarrays;
    return c;
}

// What the study charges per window at the PE level (docs/models.md §5): over the PE
// evaluations of each tile of one copy, the input bits (rows / 2: one per XNOR pair) and
// the output columns.
struct pe_charge {
    double inputs = 0, outputs = 0;
    void add(double rows, double cols) {
        inputs += rows / 2;
        outputs += cols;
    }
};

void charge_pe_blocks(pe_charge& p, int rows, int cols, int pe_rows, int pe_cols) {
    for (int r0 = 0; r0 < rows; r0 += pe_rows)
        for (int c0 = 0; c0 < cols; c0 += pe_cols) p.add(std::min(pe_rows, rows - r0), std::min(pe_cols, cols - c0));
}

// A tile without copies: the study sweeps its whole PE grid, and a grid position outside
// the matrix is charged the previous evaluated block again (F6 of the accounting report).
void charge_pe_grid(pe_charge& p, int rows, int cols, int pe_rows, int pe_cols, int grid) {
    int last_rows = 0, last_cols = 0;
    for (int i = 0; i < grid; ++i)
        for (int j = 0; j < grid; ++j) {
            if (i * pe_rows < rows && j * pe_cols < cols) {
                last_rows = std::min(pe_rows, rows - i * pe_rows);
                last_cols = std::min(pe_cols, cols - j * pe_cols);
            }
            p.add(last_rows, last_cols);
        }
}

pe_charge charged_pes(const arch_config& a, const layer_spec& L, const copy_layout& c) {
    const int pe_rows = a.pe_subarrays * a.subarray_rows, pe_cols = a.pe_subarrays * a.subarray_cols;
    pe_charge p;
    for (int i = 0; i < L.tiles_tall; ++i) {
        const int rows = std::min(a.tile_rows(), L.rows - i * a.tile_rows());
        for (int j = 0; j < L.tiles_wide; ++j) {
            const int cols = std::min(a.tile_cols(), L.cols - j * a.tile_cols());
            if (c.pe_copies) p.add(rows, cols);   // one evaluation with the tile's whole matrix
            else if (L.duplication > 1) charge_pe_blocks(p, rows, cols, pe_rows, pe_cols);
            else charge_pe_grid(p, rows, cols, pe_rows, pe_cols, a.tile_pes);
        }
    }
    return p;
}

// The PE trees (over a copy's row slices) and tile trees (over a tile's PE rows): one tree
// per ADC column group of the unit; every tree of a unit switches when it runs.
accum::tree_work trees_of(const arch_config& a, const chip_work_context& c, const layer_spec& L, const copy_layout& cl) {
    accum::tree_work t;
    const double pe_trees = double(a.pe_subarrays) * a.subarray_cols / c.phases;
    const double tile_trees = double(a.tile_pes) * a.subarray_cols / c.phases;
    const int pe_rows = a.pe_subarrays * a.subarray_rows;
    const int S = L.slices;
    if (cl.pe_copies) {
        // Every PE holds whole copies: the copy's slices meet in the PE's tree and no tile
        // tree runs; with one copy per subarray there is no tree at all.
        if (!cl.subarray_copies) {
            t.per_group.push_back({c.phases, S, c.pe_width});
            t.energy_per_window.push_back({c.phases * pe_trees, S, c.pe_width});
        }
    } else {
        // A copy spans PEs: each PE sums its slices (the copies share the work); the tile
        // tree sums the PE rows once per window and column phase, for every PE column
        // block and column tile of the copy.
        const int pes_per_tile = int(std::ceil(double(std::min(L.rows, a.tile_rows())) / pe_rows));
        t.per_group.push_back({c.phases, std::min(S, a.pe_subarrays), c.pe_width});
        t.per_window.push_back({c.phases, pes_per_tile, c.tile_width});
        const double pe_col_blocks = std::ceil(double(L.cols) / (double(a.pe_subarrays) * a.subarray_cols));
        for (int r0 = 0; r0 < L.rows; r0 += pe_rows) {
            const int slices = int(std::ceil(double(std::min(pe_rows, L.rows - r0)) / a.subarray_rows));
            t.energy_per_window.push_back({c.phases * pe_trees * pe_col_blocks, slices, c.pe_width});
        }
        const double column_tiles = std::ceil(double(L.cols) / a.tile_cols());
        for (int r0 = 0; r0 < L.rows; r0 += a.tile_rows()) {
            const int pes = int(std::ceil(double(std::min(a.tile_rows(), L.rows - r0)) / pe_rows));
            t.energy_per_window.push_back({c.phases * tile_trees * column_tiles, pes, c.tile_width});
        }
    }
    if (L.planes > 1) {   // a shift-add per plane and output
        t.shift_add_cycles_per_group = double(L.planes) * c.phases;
        t.shift_adds_per_window = double(L.cols) * L.planes;
        t.shift_add_width = a.models->tile.adder_bits();
    }
    return t;
}

} // namespace

layer_work work_of(const arch_config& a, const chip_work_context& c, const layer_spec& L) {
    const copy_layout cl = layout_of(a, L);
    const double n = L.planes, rows = L.rows, K = L.cols;
    const double pool_div = L.pool ? 4.0 : 1.0;
    layer_work w;
    w.name = L.name;
    w.windows = L.windows;
    w.copies = std::max(1, L.duplication);

    pe_charge pe = charged_pes(a, L, cl);
    pe.inputs *= n;
    const double tile_words = K * L.tiles_tall;

    auto& b = w.buffer;
    // Tile columns in parallel; the output banks share the serial outputs.
    b.outputs_serial = std::min(K, double(a.tile_cols())) /
                       a.models->buffer.output_banks(a.tile_cols(), a.columns_per_adc);
    b.input_bits_serial = n * L.kkc;
    b.input_bits = n * rows * L.tiles_wide;                  // every column tile gets the inputs
    b.words = tile_words;                                    // every tile row returns its sums
    b.word_bits = c.tile_word_bits();
    b.pe_words = pe.outputs;
    b.pe_word_bits = c.pe_width;

    auto& wi = w.wires;
    wi.htree_bits_serial = n * std::min(rows, double(a.tile_rows())) +
                           std::min(K, double(a.tile_cols())) * (a.models->tile.adder_bits() + 1);
    wi.htree_bits = b.input_bits + tile_words * c.tile_word_bits();
    wi.pe_edge_rows = a.tile_pes * a.subarray_rows;
    wi.pe_input_bits = pe.inputs;
    wi.pe_output_bits = pe.outputs * a.adc_bits;

    // A copy that has a subarray of its own is read as one array: one conversion per output
    // column and read, at full swing.
    auto& ar = w.array;
    ar.planes = L.planes;
    ar.reads = double(L.slices) * L.col_groups;
    ar.read_rows = rows / L.slices;
    ar.conversions = cl.subarray_copies ? K : double(L.slices) * K;
    // The study charges the SAR decisions of a copy read as one array in each subarray its
    // rows span, pro rata (bresnete18's SAR stem: ADC energy 1.10 of the reference's with
    // this, 0.60 with one set of decisions per output; an MLSA has no decisions).
    ar.decisions = cl.subarray_copies ? K * rows / a.subarray_rows : ar.conversions;
    // Inputs of +-1 (1-bit sign-magnitude, the study's hardware runs) drive one row of every
    // pair; bit planes of 0/1 (more bits, or unsigned) drive a share of the rows.
    const bool bit_planes = !(a.input_bits == 1 && a.input_scheme == "sign_magnitude");
    ar.activity = cl.subarray_copies ? 1.0 : L.first && bit_planes ? a.study_input_bit_activity : 1.0;
    ar.periphery_reads = cl.subarray_copies ? 1.0 : ar.reads;

    w.trees = trees_of(a, c, L, cl);

    auto& ch = w.chip;
    ch.global_bits = n * rows + K / pool_div;   // both rows of each XNOR pair out, outputs in
    ch.bus_share = std::ceil(double(c.tiles) / L.tiles);
    // The tile output banks the layer's global-buffer traffic uses at once: one per bank's
    // worth of the outputs a conversion phase delivers. A layer one tile tall sends its
    // final outputs from the tile's whole width; a taller one its partial sums, one copy's
    // K columns.
    const double banked_cols = L.tiles_tall == 1 ? a.tile_cols() : std::min(double(a.tile_cols()), K);
    ch.global_banks = a.models->buffer.output_banks(int(banked_cols), a.columns_per_adc);
    const int tile_rows_of_layer = std::max(1, int(std::lround(double(L.tiles) / L.tiles_wide)));
    ch.chip_tree_inputs = tile_rows_of_layer > 1 ? tile_rows_of_layer : 0;
    ch.chip_outputs_per_window = ch.chip_tree_inputs > 0 ? K : 0;
    ch.column_tiles = L.tiles_wide;
    return w;
}

} // namespace pimscope::chip
