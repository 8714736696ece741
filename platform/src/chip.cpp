#include "pimscope/platform/chip.hpp"

#include "pimscope/platform/block_params.hpp"
#include "pimscope/platform/stage_program_of.hpp"
#include "pimscope/sw/placement.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace pimscope::platform {

namespace {

// SystemC module names allow letters, digits and '_' only.
std::string module_name(const std::string& prefix, const std::string& node_name) {
    std::string s = prefix + node_name;
    for (char& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return s;
}

// The interconnect link into a stage's tile group (or back to the host), as traces name it.
std::string link_name(const sw::graph& g, int destination) {
    return destination < 0 ? std::string("link_to_host")
                           : module_name("link_to_", g.nodes[std::size_t(destination)].name);
}

} // namespace

chip::chip(sc_core::sc_module_name name, const arch_config& arch, const sw::prepared_network& net,
           const sw::floorplan& fp, const std::vector<sw::tensor>& images,
           std::function<void()> on_row)
    : sc_module(name), m_graph(net.g) {
    const auto& g = *net.g;
    const int n = int(g.nodes.size());
    const sw::stage_plan plan = sw::plan_stages(g);
    m_program = stage_program_of(net, plan);
    m_ctx.params = {buffer_port_params_of(arch), arch.stage_buffer_rows, arch.accumulation_op};
    m_ctx.program = &m_program;
    m_ctx.streams = &m_streams;
    m_ctx.turn = arch.pipeline_mode == "layer" ? &m_turn : nullptr;
    m_ctx.images = int(images.size());
    m_ctx.on_row = std::move(on_row);
    m_ctx.stages = int(plan.stages.size()) + 1;   // the host takes the first turn
    m_ctx.chip_hops = std::max(1, int(std::ceil(std::log2(std::max(2, fp.total_tiles)))));

    for (const auto& node : g.nodes)
        m_streams.push_back(std::make_unique<modules::row_stream>(node.out, m_ctx.images));

    m_global_buffer = std::make_unique<modules::buffer>("global_buffer", buffer_port_params_of(arch));
    m_noc = std::make_unique<modules::interconnect>("interconnect", link_params_of(arch));
    const modules::tile_params tile_params = tile_params_of(arch);
    m_tiles.resize(std::size_t(n));
    m_units.resize(std::size_t(n));

    auto host = std::make_unique<host_source>("host", m_ctx, images, *m_global_buffer);
    m_stages.push_back(std::move(host));
    // One stage per hardware stage of the plan: a crossbar layer's tile group with its
    // output unit, or a chip-level unit.
    for (std::size_t s = 0; s < plan.stages.size(); ++s) {
        const auto& planned = plan.stages[s];
        const int i = planned.nodes.front();
        const auto& node = g.nodes[std::size_t(i)];
        const std::string stage_name = module_name("stage_", node.name);
        const int turn = int(s) + 1;
        std::unique_ptr<modules::stage> st;
        if (!planned.unit()) {
            const auto* m = fp.for_node(i);
            // Tile group of a crossbar layer: place every subarray of every copy.
            std::vector<std::vector<std::vector<modules::subarray_slot>>> slots(
                std::size_t(m->tiles),
                std::vector<std::vector<modules::subarray_slot>>(std::size_t(arch.tile_pes * arch.tile_pes)));
            std::vector<std::vector<int>> copy_tiles(std::size_t(m->duplication));
            for (const auto& p : sw::place_layer(*m, arch)) {
                slots[p.tile][p.pe].push_back({p.copy, p.slice, p.col_group});
                copy_tiles[p.copy].push_back(p.tile);
                ++m_subarrays;
            }
            for (auto& tiles_of_copy : copy_tiles) {   // each tile once per copy
                std::sort(tiles_of_copy.begin(), tiles_of_copy.end());
                tiles_of_copy.erase(std::unique(tiles_of_copy.begin(), tiles_of_copy.end()),
                                    tiles_of_copy.end());
            }
            auto cs = std::make_unique<modules::crossbar_stage>(stage_name.c_str(), m_ctx, planned.nodes, turn, copy_tiles);
            // Every subarray of the layer is programmed now, with its cells and the layer's
            // ADC (its range set by the study / calibrated policies).
            const modules::programmed_layer programmed{net.crossbars.at(std::size_t(i)).get(), &net.adc_for(i)};
            for (int t = 0; t < m->tiles; ++t) {
                const std::string tile_name = module_name("tile_", node.name) + "_" + std::to_string(t);
                m_tiles[i].push_back(std::make_unique<modules::tile>(tile_name.c_str(), tile_params, i, programmed,
                                                                     slots[t], m->duplication));
                cs->to_tiles.bind(m_tiles[i].back()->in);
            }
            st = std::move(cs);
        } else {
            st = std::make_unique<modules::stage>(stage_name.c_str(), m_ctx, planned.nodes, turn);
        }
        // The stage's output unit (a crossbar stage's on the way out, or the chip-level unit).
        const std::string unit_name = module_name("unit_", node.name);
        // A stage that runs a multi-bit conv/fc multiplies its weights in its unit: one
        // partial-product row per weight bit in every lane.
        int mac_bits = 0;
        for (const int k : planned.nodes) {
            const auto& nk = g.nodes[std::size_t(k)];
            if ((nk.kind == sw::op_kind::conv || nk.kind == sw::op_kind::fc) && !nk.binary)
                mac_bits = std::max(mac_bits, weight_bits_of(net.params->nodes[std::size_t(k)].weights));
        }
        m_multiplier_rows += mac_bits;
        m_units[i] = std::make_unique<modules::digital_unit>(unit_name.c_str(),
                                                             unit_params_of(arch, mac_bits > 0 ? mac_bits : 8));
        st->to_unit.bind(m_units[i]->in);
        m_stages.push_back(std::move(st));
    }
    for (auto& st : m_stages) {
        st->to_noc.bind(m_noc->in);
        // The rows other stages send this one arrive in its input buffer (the host's
        // stage receives nothing: the output map is read back from its stream).
        if (st->node() != 0) m_noc->connect(st->node(), st->input_buffer().fill);
    }
}

void chip::trace_to(traces::sink* s) {
    m_global_buffer->trace_to(s, 0);
    const auto* g = m_graph;
    m_noc->trace_to(s, [g](int destination) { return link_name(*g, destination); });
    for (const auto& stp : m_stages) {
        auto& st = *stp;
        const auto node = std::size_t(st.node());
        st.trace_to(s);
        if (m_units[node]) m_units[node]->trace_to(s, int(node));
        for (auto& t : m_tiles[node]) t->trace_to(s);
        if (!s) continue;
        // The maps the stage receives, each in its region of the input buffer: the
        // crossbar layer's input first, then (named by producer) the residual streams.
        const auto& inputs = st.external_inputs();
        for (std::size_t k = 0; k < inputs.size(); ++k) {
            std::string path = std::string(st.name()) + ".input_buffer.occupancy_rows";
            if (k > 0) path += "_" + module_name("", g->nodes[std::size_t(inputs[k].producer)].name);
            m_streams[std::size_t(inputs[k].producer)]->trace_consumer(inputs[k].consumer_id, s, s->counter(path));
        }
    }
}

std::vector<resource_group> chip::resource_groups() const {
    std::vector<resource_group> out;
    auto add = [&](int node, const std::string& k, const std::string& path, const modules::resource& r) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const resource_group& g) { return g.node == node && g.kind == k; });
        if (it == out.end()) {
            out.push_back({node, k, 0, 0, 0, {}});
            it = out.end() - 1;
        }
        const double busy = r.busy().to_seconds();
        ++it->instances;
        it->busy_s += busy;
        if (busy > it->busiest_s || it->busiest.empty()) {
            it->busiest_s = busy;
            it->busiest = path;
        }
    };
    add(0, "buffer_port", std::string(m_global_buffer->name()) + ".port",
        m_global_buffer->port());
    for (const auto& stp : m_stages) {
        const int node = stp->node();
        const auto i = std::size_t(node);
        add(node, "buffer_port", std::string(stp->name()) + ".input_buffer.port",
            stp->input_buffer().port());
        if (m_units[i])
            add(node, "unit", std::string(m_units[i]->name()) + ".datapath",
                m_units[i]->datapath());
        for (const auto& t : m_tiles[i]) {
            const std::string tn = t->name();
            add(node, "tile_buffer_port", tn + ".buffer_port", t->buffer_port());
            add(node, "htree", tn + ".htree", t->htree());
            add(node, "accumulator", tn + ".accumulator", t->accumulator());
            for (const auto& p : t->pes()) {
                add(node, "adder_tree", std::string(p->name()) + ".adder_tree",
                    p->adder_tree());
                for (const auto& sub : p->subarrays())
                    add(node, "adc_group", std::string(sub->name()) + ".adc_group",
                        sub->adc_group());
            }
        }
    }
    for (const auto& [destination, link] : m_noc->links())
        add(destination, "link",
            std::string(m_noc->name()) + "." + link_name(*m_graph, destination), link);
    return out;
}

std::vector<int> chip::unfinished_stages() const {
    std::vector<int> out;
    for (const auto& s : m_stages)
        if (!s->finished()) out.push_back(s->node());
    return out;
}

} // namespace pimscope::platform
