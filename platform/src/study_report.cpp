#include "pimscope/platform/study_report.hpp"

#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace pimscope::platform {

std::vector<study_layer_input> study_inputs_from_table(const std::vector<sw::layer_row>& rows) {
    std::vector<study_layer_input> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        study_layer_input L;
        L.name = sw::layer_row_name(r, int(i));
        L.row = r;
        L.first = i == 0;
        const double wh = double((r.ifm_h - r.k + 1) / r.stride);
        const double ww = double((r.ifm_w - r.k + 1) / r.stride);
        L.windows = wh * ww;
        L.true_ops = 2.0 * L.windows * r.k * r.k * r.ifm_c * r.ofm_c;
        out.push_back(L);
    }
    return out;
}

std::vector<study_layer_input> study_inputs_from_graph(const sw::graph& g, int input_planes) {
    const auto rows = sw::layer_table(g);
    const auto nodes = g.crossbar_layers();
    std::vector<study_layer_input> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& n = g.nodes[nodes[i]];
        study_layer_input L;
        L.name = n.name;
        L.row = rows[i];
        L.windows = rows[i].is_fc() ? 1.0 : double(n.out.h) * n.out.w;
        L.first = g.reads_network_input(nodes[i]);
        L.planes = L.first ? input_planes : 1;
        L.true_ops = 2.0 * L.windows * rows[i].k * rows[i].k * rows[i].ifm_c * rows[i].ofm_c;
        out.push_back(L);
    }
    return out;
}

study_result evaluate_study(const arch_config& a, const std::vector<study_layer_input>& in,
                            const sw::floorplan& fp) {
    if (fp.layers.size() != in.size())
        throw input_error(a.source, "", "study report: floorplan and layer table differ in length");
    const auto& models = *a.models;
    const auto& acc = models.accum;
    const auto& buf = models.buffer;
    const auto& ic = models.interconnect;
    const double clk = models.clock_s;

    study_result s;
    s.quirks = a.study_quirks;
    s.clock_period_s = clk;
    const int tiles = fp.total_tiles;
    const auto tile_area = models.tile.area();
    s.array_m2 = double(tiles) * tile_area.array_m2;
    s.adc_m2 = double(tiles) * tile_area.adc_m2;
    s.accumulation_m2 = double(tiles) * tile_area.accumulation_m2;
    s.other_m2 = double(tiles) * tile_area.other_m2;
    const double tile_pitch = std::sqrt(tile_area.total_m2());
    s.interconnect_m2 = ic.area_m2(tile_pitch);
    s.area_m2 = s.array_m2 + s.adc_m2 + s.accumulation_m2 + s.other_m2 + s.interconnect_m2;
    const double tile_leak = models.tile.leakage_w();
    const int adder_bits = models.tile.adder_bits();
    const double add_j = acc.add_energy_j(adder_bits);
    const double phases = a.columns_per_adc;
    // Accumulation (docs/models.md 4.2): adder trees in the PE (over a copy's row slices),
    // in the tile (over its PE rows) and at chip level (over the layer's tile rows). One
    // tree per ADC column group of the unit; every tree of a unit switches when it runs.
    const int w_pe = a.adc_bits + 2;   // ADC code + input-plane bit + sign
    const int w_tile = w_pe + int(std::ceil(std::log2(double(a.pe_subarrays))));
    const int w_chip = w_pe + 1 + int(std::ceil(std::log2(double(a.pe_subarrays) * a.tile_pes *
                                                           (double(in.size()) + 1))));
    const double pe_trees = double(a.pe_subarrays) * a.subarray_cols / phases;
    const double tile_trees = double(a.tile_pes) * a.subarray_cols / phases;
    const double chip_trees = double(a.tile_cols()) / phases;
    const double pe_rows = double(a.pe_subarrays) * a.subarray_rows;
    const double pe_cols = double(a.pe_subarrays) * a.subarray_cols;
    // Global buffer (docs/models.md 4.3): ceil(bus / port) cores in parallel on the global
    // bus, whose width grows with the tiles (tile_rows + tile_rows / phases bits each) up
    // to a cap; a layer holds the bus for its share T_L / T_total of the time.
    double bus_bits = double(tiles) * (a.tile_rows() + a.tile_rows() / phases);
    while (bus_bits > buf.global_bus_max_bits()) bus_bits /= 2;
    const double global_cores = std::ceil(bus_bits / buf.global_port_bits());

    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto& L = in[i];
        const auto& m = fp.layers[i];
        const auto& r = L.row;
        const double kkc = double(r.k) * r.k * r.ifm_c;
        const double rows = 2 * kkc, K = r.ofm_c, W = L.windows, D = m.duplication, n = L.planes;
        const double S = std::ceil(rows / a.subarray_rows), G = std::ceil(K / a.subarray_cols);
        const double act = L.first ? a.study_input_bit_activity : 1.0;
        study_layer o;
        o.name = L.name;
        o.tiles = m.tiles;
        o.duplication = m.duplication;
        o.windows = W;
        const double outs = std::min(K, double(a.tile_cols()));   // tile columns in parallel
        // Tile buffer: outputs one at a time, inputs through its port. Global buffer: the
        // layer's input bits (both rows of each XNOR pair) out, its outputs (pooled: a
        // quarter) in.
        const double global_bits = W * (n * rows + K / (r.pool ? 4.0 : 1.0));
        o.buffer_s = W * (outs * (buf.cycles_per_output() * clk + buf.access_s()) +
                          n * kkc / buf.input_bits_per_cycle() * clk) +
                     global_bits / buf.global_port_bits() / global_cores *
                         std::ceil(double(tiles) / m.tiles) * clk;
        // Tile H-tree: the tile's input rows and its outputs (partial sums one bit wider
        // than the tile adders) in transfers of tile_bits, each a crossing of the tile in
        // whole design periods. Global bus: the global buffer's bits (above) over the
        // bus, pipelined, cycles growing with the tile pitch.
        const double tile_tree_bits = W * (n * std::min(rows, double(a.tile_rows())) +
                                           std::min(K, double(a.tile_cols())) * (adder_bits + 1));
        o.interconnect_s = (tile_tree_bits / ic.tile_bits() * ic.tile_cycles(tile_pitch) +
                            global_bits / bus_bits * ic.global_cycles_per_m() * tile_pitch) * clk;
        o.adc_s = W / D * n * phases * models.adc.conversion_s(clk);
        // Copies side by side in a tile (column direction) and stacked (row direction).
        const double CT = std::ceil(K / a.tile_cols());
        const int tile_rows_of_layer = std::max(1, int(std::lround(m.tiles / CT)));
        const double across = K <= a.tile_cols() ? std::max(1.0, std::floor(a.tile_subarrays() / G)) : 1.0;
        const double down = D / across;
        // Every PE of the tile holds whole copies: the copy's slices meet in the PE's tree
        // and no tile tree runs; with one copy per subarray there is no tree at all.
        const bool pe_copies = D > 1 && across >= a.tile_pes && down >= a.tile_pes;
        const bool subarray_copies = pe_copies && std::ceil(across / a.tile_pes) >= a.pe_subarrays &&
                                     std::ceil(down / a.tile_pes) >= a.pe_subarrays;
        double pe_cycles = 0, tile_cycles = 0, pe_j = 0, tile_j = 0;   // per window
        if (pe_copies) {
            if (!subarray_copies) {
                pe_cycles = phases * acc.tree_cycles(int(S), w_pe) / D;
                pe_j = phases * pe_trees * acc.tree_energy_j(int(S), w_pe);
            }
        } else {
            // A copy spans PEs: each PE sums its slices (the copies share the work); the
            // tile tree sums the PE rows once per window and column phase.
            const int s_pe = int(std::min(S, double(a.pe_subarrays)));
            pe_cycles = phases * acc.tree_cycles(s_pe, w_pe) / D;
            tile_cycles = phases * acc.tree_cycles(int(std::ceil(std::min(rows, double(a.tile_rows())) / pe_rows)), w_tile);
            const double pe_col_blocks = std::ceil(K / pe_cols);
            for (double r0 = 0; r0 < rows; r0 += pe_rows) {
                const int slices = int(std::ceil(std::min(pe_rows, rows - r0) / a.subarray_rows));
                pe_j += phases * pe_trees * pe_col_blocks * acc.tree_energy_j(slices, w_pe);
            }
            for (double r0 = 0; r0 < rows; r0 += a.tile_rows()) {
                const int pes = int(std::ceil(std::min(double(a.tile_rows()), rows - r0) / pe_rows));
                tile_j += phases * tile_trees * CT * acc.tree_energy_j(pes, w_tile);
            }
        }
        // Chip level: the layer's tile rows meet in the global accumulator, chip_trees
        // outputs per pass, for every window.
        const double chip_passes = tile_rows_of_layer > 1 ? CT * std::ceil(K * W / chip_trees) : 0.0;
        o.accumulation_s = (W * (pe_cycles + tile_cycles) +
                            chip_passes * acc.tree_cycles(tile_rows_of_layer, w_chip)) * clk +
                           (n > 1 ? W / D * n * phases * clk : 0);
        o.latency_s = o.buffer_s + o.interconnect_s + o.adc_s + o.accumulation_s;
        // Conversion energy follows the column current: act^2 (fewer driven rows, lower
        // sensing node); the read energy (line charging) does not.
        // A copy that has a subarray of its own in the study's accounting (4.2) is read as
        // one array: one conversion per output column and read, at full swing.
        const double conversions_j = subarray_copies ? K * models.adc.conversion_energy_j(1.0)
                                                     : S * K * models.adc.conversion_energy_j(act);
        o.adc_j = W * n * (S * G * models.subarray.read_energy_j(rows / S) + conversions_j);
        // Energy: the layer's own H-tree (path_pitches tile pitches).
        o.interconnect_j = W * (ic.path_pitches() * tile_pitch * n * kkc * ic.energy_per_bit_m_j() +
                                tile_pitch * tile_pitch * K * adder_bits *
                                    ic.output_energy_per_bit_m2_j());
        o.buffer_j = W * (n * kkc * buf.input_energy_per_bit_j() + K * buf.output_energy_j(a.adc_bits));
        o.accumulation_j = W * (pe_j + tile_j) +
                           chip_passes * chip_trees * acc.tree_energy_j(tile_rows_of_layer, w_chip) +
                           (n > 1 ? W * K * n * add_j : 0.0);
        o.dynamic_j = o.adc_j + o.interconnect_j + o.buffer_j + o.accumulation_j;
        o.leakage_w = m.tiles * tile_leak;
        o.area_m2 = s.area_m2 * m.tiles / tiles;
        s.ops += 2.0 * r.ifm_h * r.ifm_w * kkc * K;
        s.true_ops += L.true_ops;
        s.layers.push_back(o);
    }
    for (const auto& o : s.layers) {
        if (o.latency_s > s.stage_s) {
            s.stage_s = o.latency_s;
            s.slowest_layer = o.name;
        }
        s.buffer_s = std::max(s.buffer_s, o.buffer_s);
        s.interconnect_s = std::max(s.interconnect_s, o.interconnect_s);
        s.adc_s = std::max(s.adc_s, o.adc_s);
        s.accumulation_s = std::max(s.accumulation_s, o.accumulation_s);
        s.buffer_j += o.buffer_j;
        s.interconnect_j += o.interconnect_j;
        s.adc_j += o.adc_j;
        s.accumulation_j += o.accumulation_j;
        s.dynamic_j += o.dynamic_j;
        s.leakage_w += o.leakage_w;
    }
    for (auto& o : s.layers) {
        o.leakage_j = o.leakage_w * (s.stage_s - o.latency_s);
        s.leakage_j += o.leakage_j;
    }
    s.fps = s.stage_s > 0 ? 1 / s.stage_s : 0;
    s.tops = s.ops * s.fps * 1e-12;
    s.tops_per_w = s.ops / ((s.dynamic_j + s.leakage_j) * 1.22) * 1e-12;
    s.tops_per_cm2 = s.tops / (s.area_m2 * 1e4);

    auto arg_max = [](std::initializer_list<std::pair<const char*, double>> v) {
        auto best = *v.begin();
        for (const auto& p : v)
            if (p.second > best.second) best = p;
        return std::string(best.first);
    };
    s.area_bottleneck = arg_max({{"cim_array", s.array_m2}, {"interconnect", s.interconnect_m2},
                                 {"adc", s.adc_m2}, {"accumulation", s.accumulation_m2},
                                 {"other", s.other_m2}});
    s.latency_bottleneck = arg_max({{"buffer", s.buffer_s}, {"interconnect", s.interconnect_s},
                                    {"adc", s.adc_s}, {"accumulation", s.accumulation_s}});
    s.energy_bottleneck = arg_max({{"buffer", s.buffer_j}, {"interconnect", s.interconnect_j},
                                   {"adc", s.adc_j}, {"accumulation", s.accumulation_j},
                                   {"leakage", s.leakage_j}});
    return s;
}

std::string components_csv(const study_result& s) {
    std::ostringstream o;
    o << std::setprecision(6);
    o << "layer,component,area_m2,latency_s,dynamic_energy_j,leakage_w\n";
    o << "chip,cim_array," << s.array_m2 << ",0,0,0\n";
    o << "chip,adc," << s.adc_m2 << "," << s.adc_s << "," << s.adc_j << ",0\n";
    o << "chip,accumulation," << s.accumulation_m2 << "," << s.accumulation_s << ","
      << s.accumulation_j << ",0\n";
    o << "chip,interconnect," << s.interconnect_m2 << "," << s.interconnect_s << ","
      << s.interconnect_j << ",0\n";
    o << "chip,buffer+other," << s.other_m2 << "," << s.buffer_s << "," << s.buffer_j << ","
      << s.leakage_w << "\n";
    for (const auto& L : s.layers) {
        o << L.name << ",buffer,0," << L.buffer_s << "," << L.buffer_j << ",0\n";
        o << L.name << ",interconnect,0," << L.interconnect_s << "," << L.interconnect_j << ",0\n";
        o << L.name << ",adc,0," << L.adc_s << "," << L.adc_j << ",0\n";
        o << L.name << ",accumulation,0," << L.accumulation_s << "," << L.accumulation_j << ",0\n";
        o << L.name << ",total," << L.area_m2 << "," << L.latency_s << "," << L.dynamic_j << ","
          << L.leakage_w << "\n";
    }
    return o.str();
}

} // namespace pimscope::platform
