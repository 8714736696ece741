#include "pimscope/platform/study_chip.hpp"

#include "pimscope/chip/chip_models.hpp"
#include "pimscope/chip/layer_work.hpp"
#include "pimscope/common/error.hpp"

#include <string>

namespace pimscope::platform {

namespace {

chip::layer_spec spec_of(const study_layer_input& L, const sw::layer_mapping& m) {
    chip::layer_spec s;
    s.name = L.name;
    s.kkc = double(L.row.k) * L.row.k * L.row.ifm_c;
    s.rows = m.rows;
    s.cols = m.cols;
    s.windows = L.windows;
    s.planes = L.planes;
    s.first = L.first;
    s.pool = L.row.pool;
    s.slices = m.slices;
    s.col_groups = m.col_groups;
    s.tiles_tall = m.tiles_tall;
    s.tiles_wide = m.tiles_wide;
    s.tiles = m.tiles;
    s.dup_rows = m.dup_rows;
    s.dup_cols = m.dup_cols;
    s.duplication = m.duplication;
    return s;
}

} // namespace

study_chip::study_chip(sc_core::sc_module_name name, const arch_config& arch, const study_setup& setup)
    : sc_module(name), m_arch(arch), m_setup(setup) {
    const auto& fp = m_setup.floorplan;
    if (fp.layers.size() != m_setup.layers.size())
        throw input_error(arch.source, "", "study configuration: floorplan and layer table differ in length");
    core::installed_stats collecting(m_stats);
    const auto& models = *arch.models;
    const double clk = models.clock_s;
    const chip::chip_work_context ctx(arch, fp.total_tiles, int(fp.layers.size()));
    m_global_buffer = std::make_unique<modules::global_buffer>("global_buffer", models.buffer, clk, ctx.global_cores);
    m_global_bus = std::make_unique<modules::global_bus>("global_bus", models.interconnect, clk, ctx.bus_bits,
                                                         ctx.tiles, ctx.tile_pitch_m);
    m_global_accumulator = std::make_unique<modules::global_accumulator>("global_accumulator", models.accum, clk,
                                                                         ctx.chip_trees, ctx.chip_width);
    const modules::tile_wire_geometry wires{arch.tile_pes, ctx.tile_pitch_m, models.tile.pe_input_bus_m(),
                                            models.tile.pe_output_bus_m()};
    m_groups.resize(fp.layers.size());
    for (std::size_t i = 0; i < fp.layers.size(); ++i) {
        const auto w = chip::work_of(arch, ctx, spec_of(m_setup.layers[i], fp.layers[i]));
        const std::string base = "group_" + std::to_string(i);
        auto& g = m_groups[i];
        modules::tile_group_program p;
        p.layer = int(i);
        p.windows = w.windows;
        p.copies = w.copies;
        p.global_bits = w.chip.global_bits;
        p.bus_share = w.chip.bus_share;
        p.global_banks = w.chip.global_banks;
        p.chip_outputs = w.chip.chip_outputs_per_window;
        p.chip_tree_inputs = w.chip.chip_tree_inputs;
        p.column_tiles = w.chip.column_tiles;
        p.overlapped = m_setup.overlapped_phases;
        g.controller = std::make_unique<modules::layer_sequencer>((base + "_controller").c_str(), p);
        g.buffer = std::make_unique<modules::tile_buffer>((base + "_buffer").c_str(), models.buffer, clk, w.buffer);
        g.wires = std::make_unique<modules::tile_wires>((base + "_wires").c_str(), models.interconnect, clk, wires,
                                                        w.wires);
        g.arrays = std::make_unique<modules::array_bank>((base + "_arrays").c_str(), models.subarray, models.adc,
                                                         clk, arch.columns_per_adc, w.array);
        g.trees = std::make_unique<modules::adder_trees>((base + "_trees").c_str(), models.accum, clk, w.trees);
        g.controller->tile_buffer.bind(g.buffer->in);
        g.controller->global_buffer.bind(m_global_buffer->in);
        g.controller->tile_wires.bind(g.wires->in);
        g.controller->global_bus.bind(m_global_bus->in);
        g.controller->arrays.bind(g.arrays->in);
        g.controller->trees.bind(g.trees->in);
        g.controller->global_accumulator.bind(m_global_accumulator->in);
    }
}

bool study_chip::finished() const {
    for (const auto& g : m_groups)
        if (!g.controller->done()) return false;
    return true;
}

void study_chip::wait_until_finished() const {
    for (const auto& g : m_groups)
        while (!g.controller->done()) sc_core::wait(g.controller->done_event());
}

study_result study_chip::collect() const {
    using core::stat_kind;
    const auto& models = *m_arch.models;
    const auto& fp = m_setup.floorplan;
    study_result s;
    s.quirks = m_setup.quirks;
    s.layer_mode = m_arch.pipeline_mode == "layer";
    s.clock_period_s = models.clock_s;
    const auto area = models.area(fp.total_tiles);
    s.array_m2 = area.array_m2;
    s.adc_m2 = area.adc_m2;
    s.accumulation_m2 = area.accumulation_m2;
    s.other_m2 = area.other_m2;
    s.interconnect_m2 = area.interconnect_m2;
    s.area_m2 = area.total_m2();
    for (std::size_t i = 0; i < m_groups.size(); ++i) {
        const int id = int(i);
        const auto& in = m_setup.layers[i];
        const auto& m = fp.layers[i];
        study_layer o;
        o.name = in.name;
        o.tiles = m.tiles;
        o.duplication = m.duplication;
        o.windows = in.windows;
        o.buffer_s = m_stats.sum(stat_kind::time, "buffer", id);
        o.interconnect_s = m_stats.sum(stat_kind::time, "interconnect", id);
        o.adc_s = m_stats.sum(stat_kind::time, "adc", id);
        o.accumulation_s = m_stats.sum(stat_kind::time, "accumulation", id);
        o.latency_s = m_groups[i].controller->finish_s();
        o.buffer_j = m_stats.sum(stat_kind::energy, "buffer", id);
        o.interconnect_j = m_stats.sum(stat_kind::energy, "interconnect", id);
        o.adc_j = m_stats.sum(stat_kind::energy, "adc", id);
        o.accumulation_j = m_stats.sum(stat_kind::energy, "accumulation", id);
        o.other_j = m_stats.sum(stat_kind::energy, "other", id);
        o.dynamic_j = m_stats.sum(stat_kind::energy, "", id);
        // Pipelined, the study counts its first layer's leakage after the network's last
        // layer, with that layer's row slices (its layer-by-layer runs do not).
        const auto& counted_from = (i == 0 && !s.layer_mode) ? fp.layers.back() : m;
        o.leakage_w = m.tiles * models.tile.study_leakage_w(counted_from.slices);
        o.area_m2 = s.area_m2 * m.tiles / fp.total_tiles;
        const auto& r = in.row;
        s.ops += 2.0 * r.ifm_h * r.ifm_w * r.k * r.k * r.ifm_c * r.ofm_c;
        s.true_ops += in.true_ops;
        s.layers.push_back(o);
    }
    summarise(s);
    return s;
}

} // namespace pimscope::platform
