#include "pimscope/platform/stage_program_of.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/kernel_adapters.hpp"
#include "pimscope/sw/rows.hpp"

namespace pimscope::platform {

namespace {

// What the output unit is charged for a node's elements.
modules::unit_op unit_action(sw::op_kind k) {
    switch (k) {
    case sw::op_kind::maxpool:
    case sw::op_kind::avgpool:
    case sw::op_kind::global_avgpool:
        return modules::unit_op::pooling;
    case sw::op_kind::add:
    case sw::op_kind::concat:
        return modules::unit_op::eltwise;
    default:
        return modules::unit_op::activation;
    }
}

} // namespace

modules::stage_program stage_program_of(const sw::prepared_network& net, const sw::stage_plan& plan) {
    const sw::graph& g = *net.g;
    modules::stage_program p;
    p.output_node = g.output_node();
    p.stage_of = plan.stage_of;
    for (const auto& s : plan.stages) p.stages.push_back(s.nodes);
    p.nodes.resize(g.nodes.size());
    for (int i = 0; i < int(g.nodes.size()); ++i) {
        const sw::node& n = g.nodes[std::size_t(i)];
        modules::program_node& pn = p.nodes[std::size_t(i)];
        pn.name = n.name;
        pn.inputs = n.inputs;
        pn.out = n.out;
        if (i == 0) {
            // The host's image: n-bit magnitudes, plus a sign bit in sign-magnitude form.
            pn.wire = net.encoding.is_signed
                          ? kernel::wire_format{kernel::wire_format::kind::signed_int, net.encoding.bits + 1}
                          : kernel::wire_format{kernel::wire_format::kind::unsigned_int, net.encoding.bits};
            continue;
        }
        // Maps of +-1 move as one bit per element; the others in 16-bit words.
        pn.wire = sw::produces_binary_map(g, i) ? kernel::wire_format::binary() : kernel::wire_format::words();
        pn.rows_needed.resize(n.inputs.size());
        for (std::size_t slot = 0; slot < n.inputs.size(); ++slot)
            for (int r = 0; r < n.out.h; ++r)
                pn.rows_needed[slot].push_back(sw::row_window(g, i, int(slot), r));
        const bool conv_or_fc = n.kind == sw::op_kind::conv || n.kind == sw::op_kind::fc;
        if (conv_or_fc && !n.binary) {
            // A multi-bit (integer-weight) layer: its stage's digital unit multiplies and
            // accumulates (no bit-sliced crossbar mapping yet), charged per MAC.
            const auto& in = g.nodes[std::size_t(n.inputs.at(0))].out;
            pn.op = sw::digital_op_of(n, net.params->nodes[std::size_t(i)]);
            pn.action = modules::unit_op::mac;
            pn.actions_per_element =
                n.kind == sw::op_kind::fc ? uint64_t(in.size()) : uint64_t(n.kernel) * n.kernel * in.c;
        } else if (conv_or_fc) {
            pn.crossbar = net.crossbars.at(std::size_t(i)).get();
            pn.geometry = sw::geometry_of(n);
            pn.conv = n.kind == sw::op_kind::conv;
            pn.multi_bit = g.reads_network_input(i);
            pn.planes = pn.multi_bit ? net.encoding.planes() : 1;
        } else {
            pn.op = sw::digital_op_of(n, net.params->nodes[std::size_t(i)]);
            pn.action = unit_action(n.kind);
        }
    }
    return p;
}

} // namespace pimscope::platform
