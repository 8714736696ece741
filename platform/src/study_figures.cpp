#include "pimscope/platform/study_figures.hpp"

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

namespace {

// Chip figures from the layers (the study's conventions, study_figures.hpp).
void summarise_layers(study_result& s) {
    // Pipelined, the slowest layer sets the pace; layer by layer, the layers add up.
    auto combine = [&](double& total, double layer) { total = s.layer_mode ? total + layer : std::max(total, layer); };
    double slowest = 0;
    for (const auto& o : s.layers) {
        if (o.latency_s > slowest) {
            slowest = o.latency_s;
            s.slowest_layer = o.name;
        }
        combine(s.stage_s, o.latency_s);
        combine(s.buffer_s, o.buffer_s);
        combine(s.interconnect_s, o.interconnect_s);
        combine(s.adc_s, o.adc_s);
        combine(s.accumulation_s, o.accumulation_s);
        s.buffer_j += o.buffer_j;
        s.interconnect_j += o.interconnect_j;
        s.adc_j += o.adc_j;
        s.accumulation_j += o.accumulation_j;
        s.other_j += o.other_j;
        s.dynamic_j += o.dynamic_j;
        s.leakage_w += o.leakage_w;
    }
    // Leakage of idle hardware. Pipelined: each layer's tiles while they wait for the
    // slowest layer. Layer by layer: while a layer runs, every other tile of the chip
    // idles, at the layer's leakage per tile (neurosim_public_layers.csv: leakage_energy =
    // latency * (chip tiles - layer tiles) * leakage_power / layer tiles, every layer).
    int chip_tiles = 0;
    for (const auto& o : s.layers) chip_tiles += o.tiles;
    for (auto& o : s.layers) {
        if (s.layer_mode)
            o.leakage_j = o.tiles > 0 ? o.latency_s * (chip_tiles - o.tiles) * o.leakage_w / o.tiles : 0;
        else
            o.leakage_j = o.leakage_w * (s.stage_s - o.latency_s);
        s.leakage_j += o.leakage_j;
    }
    s.fps = s.stage_s > 0 ? 1 / s.stage_s : 0;
    s.tops = s.ops * s.fps * 1e-12;
    s.tops_per_w = s.ops / ((s.dynamic_j + s.leakage_j) * 1.22) * 1e-12;
    s.tops_per_cm2 = s.tops / (s.area_m2 * 1e4);
}

void name_bottlenecks(study_result& s) {
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
                                   {"other", s.other_j}, {"leakage", s.leakage_j}});
}

} // namespace

void summarise(study_result& s) {
    summarise_layers(s);
    name_bottlenecks(s);
}

std::string components_csv(const study_result& s) {
    std::ostringstream o;
    o << std::setprecision(6);
    // The chip's "buffer+other" row is the study's "other" area (buffers, drivers, mux) with
    // the energy of that hardware: buffers and the array periphery.
    o << "layer,component,area_m2,latency_s,dynamic_energy_j,leakage_w\n";
    o << "chip,cim_array," << s.array_m2 << ",0,0,0\n";
    o << "chip,adc," << s.adc_m2 << "," << s.adc_s << "," << s.adc_j << ",0\n";
    o << "chip,accumulation," << s.accumulation_m2 << "," << s.accumulation_s << ","
      << s.accumulation_j << ",0\n";
    o << "chip,interconnect," << s.interconnect_m2 << "," << s.interconnect_s << ","
      << s.interconnect_j << ",0\n";
    o << "chip,buffer+other," << s.other_m2 << "," << s.buffer_s << "," << s.buffer_j + s.other_j << ","
      << s.leakage_w << "\n";
    for (const auto& L : s.layers) {
        o << L.name << ",buffer,0," << L.buffer_s << "," << L.buffer_j << ",0\n";
        o << L.name << ",interconnect,0," << L.interconnect_s << "," << L.interconnect_j << ",0\n";
        o << L.name << ",adc,0," << L.adc_s << "," << L.adc_j << ",0\n";
        o << L.name << ",accumulation,0," << L.accumulation_s << "," << L.accumulation_j << ",0\n";
        o << L.name << ",other,0,0," << L.other_j << ",0\n";
        o << L.name << ",total," << L.area_m2 << "," << L.latency_s << "," << L.dynamic_j << ","
          << L.leakage_w << "\n";
    }
    return o.str();
}

} // namespace pimscope::platform
