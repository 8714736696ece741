// The study's accounting as closed-form sums over a layer's windows: the analytic model the
// simulation's study configuration replaced, kept as a test oracle (tests only).
#include "study_oracle.hpp"

#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::oracle {

using platform::study_layer;
using platform::study_layer_input;
using platform::study_result;

namespace {

// Adder-tree widths (docs/models.md §4.2) and the partial-sum words they produce.
struct widths {
    int pe = 0;     // ADC code + input-plane bit + sign
    int tile = 0;   // + the growth over a PE's subarrays
    int chip = 0;   // the global accumulator, sized for (layers + 1) stages
    // Tile output word: the tile sum's carry bit and the study's extra bit per word
    // (neurosim_accounting.md F5).
    int tile_word() const { return tile + 2; }
};

widths widths_of(const arch_config& a, int layers) {
    widths w;
    w.pe = a.adc_bits + 2;
    w.tile = w.pe + int(std::ceil(std::log2(double(a.pe_subarrays))));
    w.chip = w.pe + 1 + int(std::ceil(std::log2(double(a.pe_subarrays) * a.tile_pes * (double(layers) + 1))));
    return w;
}

// The chip-wide quantities every layer's accounting shares.
struct chip_context {
    chip_context(const arch_config& arch, const sw::floorplan& fp, int layers);
    const arch_config& a;
    const chip::chip_models& models;
    double clk = 0;
    int tiles = 0;
    double tile_pitch = 0;
    double phases = 0;         // column-mux phases per read
    double bus_bits = 0;       // global bus width
    double global_cores = 0;   // global-buffer cores working in parallel on the bus
    widths w;
};

// One layer as the study's accounting sees it (W windows, D copies, n input planes).
struct layer_shape {
    double kkc = 0, rows = 0, K = 0, W = 0, D = 0, n = 0;
    double slices = 0, col_groups = 0;   // subarrays of one copy along its rows / columns
    double pool_div = 1;                 // outputs written back: a quarter after 2x2 pooling
    double act = 1;                      // driven-row share of an input plane
    // How the study charges a duplicated layer's PEs (docs/models.md §4.2): copies fill
    // whole PEs both ways (one PE evaluation per tile), and the finest case, each
    // subarray holding a copy (read as one array).
    bool pe_copies = false, subarray_copies = false;
};

chip_context::chip_context(const arch_config& arch, const sw::floorplan& fp, int layers)
    : a(arch), models(*arch.models), clk(models.clock_s), tiles(fp.total_tiles),
      tile_pitch(models.tile_pitch_m()), phases(arch.columns_per_adc),
      // Global bus (docs/models.md §4.4, §4.5): each tile brings its input rows and one ADC
      // output per column group.
      bus_bits(models.interconnect.global_bus_bits(tiles, arch.tile_rows() + arch.tile_rows() / phases)),
      global_cores(std::ceil(bus_bits / models.buffer.global_port_bits())), w(widths_of(arch, layers)) {}

void fill_area(study_result& s, const chip_context& c) {
    const auto a = c.models.area(c.tiles);
    s.array_m2 = a.array_m2;
    s.adc_m2 = a.adc_m2;
    s.accumulation_m2 = a.accumulation_m2;
    s.other_m2 = a.other_m2;
    s.interconnect_m2 = a.interconnect_m2;
    s.area_m2 = a.total_m2();
}

layer_shape shape_of(const chip_context& c, const study_layer_input& L, const sw::layer_mapping& m) {
    const auto& a = c.a;
    const auto& r = L.row;
    layer_shape x;
    x.kkc = double(r.k) * r.k * r.ifm_c;
    x.rows = m.rows;
    x.K = m.cols;
    x.W = L.windows;
    x.D = m.duplication;
    x.n = L.planes;
    x.slices = m.slices;
    x.col_groups = m.col_groups;
    x.pool_div = r.pool ? 4.0 : 1.0;
    // A +-1 input (1 bit, sign-magnitude) drives a row of each pair; a 0/1 bit plane does not.
    const bool pm1_inputs = a.input_bits == 1 && a.input_scheme == "sign_magnitude";
    x.act = L.first && !pm1_inputs ? a.study_input_bit_activity : 1.0;
    x.pe_copies = m.duplication > 1 && m.dup_cols >= a.tile_pes && m.dup_rows >= a.tile_pes;
    x.subarray_copies = x.pe_copies && (m.dup_cols + a.tile_pes - 1) / a.tile_pes >= a.pe_subarrays &&
                        (m.dup_rows + a.tile_pes - 1) / a.tile_pes >= a.pe_subarrays;
    return x;
}

// The global buffer's bits per window: the input bits (both rows of each XNOR pair) out,
// the outputs in.
double global_bits_per_window(const layer_shape& x) { return x.n * x.rows + x.K / x.pool_div; }

// Tile buffer: outputs one at a time over its output banks, inputs through its port.
// Global buffer: its bits through ceil(bus / port) cores, the layer holding the bus for its
// share T_L / T_total.
double buffer_latency_s(const chip_context& c, const layer_shape& x, const sw::layer_mapping& m) {
    const auto& buf = c.models.buffer;
    const double outs = std::min(x.K, double(c.a.tile_cols())) /   // tile columns in parallel,
                        buf.output_banks(c.a.tile_cols(), c.a.columns_per_adc);   // over the banks
    const double tile_s = outs * (buf.cycles_per_output() * c.clk + buf.access_s()) +
                          x.n * x.kkc / buf.input_bits_per_cycle() * c.clk;
    const double bus_share = std::ceil(double(c.tiles) / m.tiles);
    // A layer one tile tall writes its final outputs from its tiles' output banks at once; a
    // taller one its partial sums, over the banks one copy's K columns of a phase fill.
    const int banked = m.tiles_tall == 1 ? c.a.tile_cols() : std::min(c.a.tile_cols(), int(x.K));
    const double banks = buf.output_banks(banked, c.a.columns_per_adc);
    return x.W * tile_s +
           x.W * global_bits_per_window(x) / buf.global_port_bits() / (c.global_cores * banks) * bus_share * c.clk;
}

// Tile H-tree: the tile's input rows and its outputs (partial sums one bit wider than the
// tile adders) in transfers of tile_bits, each a crossing of the tile in whole design
// periods. Global bus: the global buffer's bits over the bus, pipelined, cycles growing
// with the tile pitch.
double interconnect_latency_s(const chip_context& c, const layer_shape& x) {
    const auto& a = c.a;
    const auto& ic = c.models.interconnect;
    const double tile_tree_bits = x.W * (x.n * std::min(x.rows, double(a.tile_rows())) +
                                         std::min(x.K, double(a.tile_cols())) * (c.models.tile.adder_bits() + 1));
    return (tile_tree_bits / ic.tile_bits(a.tile_pes * a.subarray_rows) * ic.tile_cycles(c.tile_pitch) +
            x.W * global_bits_per_window(x) / c.bus_bits * ic.global_cycles_per_m() *
                std::max(1, ic.htree_path_pitches(c.tiles)) * c.tile_pitch) *
           c.clk;
}

struct cost {
    double latency_s = 0, energy_j = 0;
};

// The PE trees (over a copy's row slices) and tile trees (over a tile's PE rows) of one
// window: cycles on the layer's critical path and energy. One tree per ADC column group
// of the unit; every tree of a unit switches when it runs.
struct tree_work {
    double cycles = 0, energy_j = 0;
};

tree_work pe_and_tile_trees(const chip_context& c, const layer_shape& x) {
    const auto& a = c.a;
    const auto& acc = c.models.accum;
    const widths& w = c.w;
    const double pe_trees = double(a.pe_subarrays) * a.subarray_cols / c.phases;
    const double tile_trees = double(a.tile_pes) * a.subarray_cols / c.phases;
    const double pe_rows = double(a.pe_subarrays) * a.subarray_rows;
    const double tile_rows = a.tile_rows();
    const int S = int(x.slices);
    tree_work t;
    if (x.pe_copies) {
        // Every PE of the tile holds whole copies: the copy's slices meet in the PE's tree
        // and no tile tree runs; with one copy per subarray there is no tree at all.
        if (!x.subarray_copies) {
            t.cycles = c.phases * acc.tree_cycles(S, w.pe) / x.D;
            t.energy_j = c.phases * pe_trees * acc.tree_energy_j(S, w.pe);
        }
        return t;
    }
    // A copy spans PEs: each PE sums its slices (the copies share the work); the tile tree
    // sums the PE rows once per window and column phase, for every PE column block and
    // column tile of the copy.
    const int pes_per_tile = int(std::ceil(std::min(x.rows, tile_rows) / pe_rows));
    t.cycles = c.phases * (acc.tree_cycles(std::min(S, a.pe_subarrays), w.pe) / x.D +
                           acc.tree_cycles(pes_per_tile, w.tile));
    const double pe_col_blocks = std::ceil(x.K / (double(a.pe_subarrays) * a.subarray_cols));
    for (double r0 = 0; r0 < x.rows; r0 += pe_rows) {
        const int slices = int(std::ceil(std::min(pe_rows, x.rows - r0) / a.subarray_rows));
        t.energy_j += c.phases * pe_trees * pe_col_blocks * acc.tree_energy_j(slices, w.pe);
    }
    const double column_tiles = std::ceil(x.K / a.tile_cols());
    for (double r0 = 0; r0 < x.rows; r0 += tile_rows) {
        const int pes = int(std::ceil(std::min(tile_rows, x.rows - r0) / pe_rows));
        t.energy_j += c.phases * tile_trees * column_tiles * acc.tree_energy_j(pes, w.tile);
    }
    return t;
}

// Accumulation (docs/models.md 4.2): the PE and tile trees of every window, the chip tree
// over the layer's tile rows, and the shift-add of bit-serial input planes.
cost accumulation(const chip_context& c, const layer_shape& x, const sw::layer_mapping& m) {
    const auto& acc = c.models.accum;
    const tree_work trees = pe_and_tile_trees(c, x);
    // Chip level: the layer's tile rows (its copies' tiles included) meet in the global
    // accumulator, chip_trees outputs per pass, for every window.
    const double CT = m.tiles_wide;
    const int tile_rows_of_layer = std::max(1, int(std::lround(m.tiles / CT)));
    const double chip_trees = double(c.a.tile_cols()) / c.phases;
    const double chip_passes = tile_rows_of_layer > 1 ? CT * std::ceil(x.K * x.W / chip_trees) : 0.0;
    cost out;
    out.latency_s = (x.W * trees.cycles + chip_passes * acc.tree_cycles(tile_rows_of_layer, c.w.chip)) * c.clk;
    out.energy_j = x.W * trees.energy_j + chip_passes * chip_trees * acc.tree_energy_j(tile_rows_of_layer, c.w.chip);
    if (x.n > 1) {   // a shift-add per plane and output
        out.latency_s += x.W / x.D * x.n * c.phases * c.clk;
        out.energy_j += x.W * x.K * x.n * acc.add_energy_j(c.models.tile.adder_bits());
    }
    return out;
}

// Reads and conversions (docs/models.md 4.1). Conversion energy follows the column current:
// act^2 (fewer driven rows, lower sensing node); the read energy (line charging) does not.
// A copy that has a subarray of its own is read as one array: one conversion per output
// column and read, at full swing.
double adc_energy_j(const chip_context& c, const layer_shape& x) {
    const auto& adc = c.models.adc;
    // A copy read as one array senses each output once; its SAR decisions are paid in every
    // subarray its rows span, in proportion to the rows.
    const double spanned = x.rows / double(c.a.subarray_rows);
    const double conversions_j =
        x.subarray_copies ? x.K * (adc.sensing_energy_j(1.0) + spanned * adc.decision_energy_j())
                          : x.slices * x.K * adc.conversion_energy_j(x.act);
    return x.W * x.n *
           (x.slices * x.col_groups * c.models.subarray.read_energy_j(x.rows / x.slices) + conversions_j);
}

// The rest of the array periphery, once per subarray read (docs/models.md 4.1): a copy
// read as one array is one read.
double other_energy_j(const chip_context& c, const layer_shape& x) {
    const double reads = x.subarray_copies ? 1.0 : x.slices * x.col_groups;
    return x.W * x.n * reads * c.models.subarray.periphery_read_energy_j();
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

// One evaluation per PE block of a tile's rows x cols.
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

pe_charge charged_pes(const chip_context& c, const layer_shape& x, const sw::layer_mapping& m) {
    const auto& a = c.a;
    const int pe_rows = a.pe_subarrays * a.subarray_rows, pe_cols = a.pe_subarrays * a.subarray_cols;
    pe_charge p;
    for (int i = 0; i < m.tiles_tall; ++i) {
        const int rows = std::min(a.tile_rows(), m.rows - i * a.tile_rows());
        for (int j = 0; j < m.tiles_wide; ++j) {
            const int cols = std::min(a.tile_cols(), m.cols - j * a.tile_cols());
            if (x.pe_copies) p.add(rows, cols);   // one evaluation with the tile's whole matrix
            else if (m.duplication > 1) charge_pe_blocks(p, rows, cols, pe_rows, pe_cols);
            else charge_pe_grid(p, rows, cols, pe_rows, pe_cols, a.tile_pes);
        }
    }
    return p;
}

// Bits one window moves through buffers and wires in the study's accounting (docs/models.md
// 4.4, 4.5, 5): energy is charged for one copy's tile grid (TR tile rows x CT column tiles);
// duplication only shortens the time.
struct window_bits {
    double global = 0;         // global buffer and chip H-tree: inputs out, outputs in
    double tile_inputs = 0;    // every column tile receives the layer's inputs
    double tile_words = 0;     // every tile row returns its partial sums
    pe_charge pe;              // PE input registers and bus, PE output registers and bus
};

window_bits count_bits(const chip_context& c, const layer_shape& x, const sw::layer_mapping& m) {
    window_bits b;
    b.global = global_bits_per_window(x);
    b.tile_inputs = x.n * x.rows * m.tiles_wide;
    b.tile_words = x.K * m.tiles_tall;
    b.pe = charged_pes(c, x, m);
    b.pe.inputs *= x.n;
    return b;
}

double buffer_energy_j(const chip_context& c, const layer_shape& x, const window_bits& b) {
    const widths& w = c.w;
    const auto& buf = c.models.buffer;
    return x.W * (buf.global_energy_j(b.global) + buf.tile_input_energy_j(b.tile_inputs) +
                  buf.partial_sum_energy_j(b.tile_words, w.tile_word()) + buf.partial_sum_energy_j(b.pe.outputs, w.pe));
}

// Chip H-tree root to leaf for the global bits (in whole bus widths over the layer), tile
// H-tree for the tile's inputs and partial sums, PE buses for the PE inputs and ADC codes.
double interconnect_energy_j(const chip_context& c, const layer_shape& x, const window_bits& b) {
    const widths& w = c.w;
    const auto& ic = c.models.interconnect;
    const auto& tile = c.models.tile;
    const double chip_tree = ic.htree_energy_j(ic.bus_charged_bits(x.W * b.global, c.bus_bits), c.tiles, c.tile_pitch);
    const double tile_tree = ic.htree_energy_j(b.tile_inputs + b.tile_words * w.tile_word(),
                                               c.a.tile_pes * c.a.tile_pes, c.tile_pitch / c.a.tile_pes);
    const double pe_buses = ic.pe_bus_energy_j(b.pe.inputs, tile.pe_input_bus_m()) +
                            ic.pe_bus_energy_j(b.pe.outputs * c.a.adc_bits, tile.pe_output_bus_m());
    return chip_tree + x.W * (tile_tree + pe_buses);
}

// The study's leakage of one tile of a layer: its PEs counted with as many subarray rows as
// the power of two at most the rows of the last PE of `counted_from`; the ADC converters of
// the rest are left out.
double study_tile_leakage_w(const chip_context& c, const sw::layer_mapping& counted_from) {
    const int pe = c.a.pe_subarrays;
    const int last_pe_rows = (counted_from.slices - 1) % pe + 1;
    const int counted = 1 << int(std::floor(std::log2(double(last_pe_rows))));
    const double left_out = double(pe - counted) * pe * c.a.tile_pes * c.a.tile_pes * c.models.subarray.adcs();
    return c.models.tile.leakage_w() - left_out * c.models.adc.converter_leakage_w();
}

study_layer evaluate_layer(const chip_context& c, const study_layer_input& L, const sw::layer_mapping& m,
                           const sw::layer_mapping& leakage_counted_from) {
    const layer_shape x = shape_of(c, L, m);
    study_layer o;
    o.name = L.name;
    o.tiles = m.tiles;
    o.duplication = m.duplication;
    o.windows = x.W;
    o.buffer_s = buffer_latency_s(c, x, m);
    o.interconnect_s = interconnect_latency_s(c, x);
    o.adc_s = x.W / x.D * x.n * c.phases * c.models.adc.conversion_s(c.clk);
    const cost acc = accumulation(c, x, m);
    o.accumulation_s = acc.latency_s;
    o.latency_s = o.buffer_s + o.interconnect_s + o.adc_s + o.accumulation_s;
    const window_bits bits = count_bits(c, x, m);
    o.buffer_j = buffer_energy_j(c, x, bits);
    o.interconnect_j = interconnect_energy_j(c, x, bits);
    o.adc_j = adc_energy_j(c, x);
    o.accumulation_j = acc.energy_j;
    o.other_j = other_energy_j(c, x);
    o.dynamic_j = o.buffer_j + o.interconnect_j + o.adc_j + o.accumulation_j + o.other_j;
    o.leakage_w = m.tiles * study_tile_leakage_w(c, leakage_counted_from);
    return o;
}

} // namespace

study_result evaluate_study(const arch_config& a, const std::vector<study_layer_input>& in,
                            const sw::floorplan& fp) {
    if (fp.layers.size() != in.size())
        throw input_error(a.source, "", "study report: floorplan and layer table differ in length");
    const chip_context c(a, fp, int(in.size()));
    study_result s;
    s.quirks = a.study_quirks;
    s.layer_mode = a.pipeline_mode == "layer";
    s.clock_period_s = c.clk;
    fill_area(s, c);
    for (std::size_t i = 0; i < in.size(); ++i) {
        // Pipelined, the study counts its first layer's leakage with its last layer's PEs.
        const auto& counted_from = (i == 0 && !s.layer_mode) ? fp.layers.back() : fp.layers[i];
        study_layer o = evaluate_layer(c, in[i], fp.layers[i], counted_from);
        o.area_m2 = s.area_m2 * fp.layers[i].tiles / c.tiles;
        const auto& r = in[i].row;
        s.ops += 2.0 * r.ifm_h * r.ifm_w * r.k * r.k * r.ifm_c * r.ofm_c;
        s.true_ops += in[i].true_ops;
        s.layers.push_back(o);
    }
    platform::summarise(s);
    return s;
}

} // namespace pimscope::oracle
