#include "pimscope/tile/layer_sequencer.hpp"

#include "pimscope/core/work_target.hpp"

#include <algorithm>
#include <vector>

namespace pimscope::modules {

using sc_core::sc_time;

layer_sequencer::layer_sequencer(sc_core::sc_module_name name, const tile_group_program& program)
    : sc_module(name), tile_buffer("tile_buffer"), global_buffer("global_buffer"), tile_wires("tile_wires"),
      global_bus("global_bus"), arrays("arrays"), trees("trees"), global_accumulator("global_accumulator"),
      m_program(program) {
    SC_HAS_PROCESS(layer_sequencer);
    SC_THREAD(run);
}

double layer_sequencer::windows_in_group(double first) const {
    return std::min(double(m_program.copies), m_program.windows - first);
}

void layer_sequencer::run() {
    const auto& p = m_program;
    tlm::tlm_generic_payload gp;
    work_extension ext;
    gp.set_command(tlm::TLM_IGNORE_COMMAND);
    gp.set_extension(&ext);
    // One phase: its transactions issued back to back; the returned delay is when the
    // last one is done (each block starts a transaction when it is free).
    auto phase = [&](std::initializer_list<tlm_utils::simple_initiator_socket<layer_sequencer>*> blocks,
                     sc_time delay) {
        for (auto* socket : blocks) {
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            (*socket)->b_transport(gp, delay);
            if (gp.get_response_status() != tlm::TLM_OK_RESPONSE)
                SC_REPORT_FATAL("pimscope/layer_sequencer", "a block refused a phase transaction");
        }
        return delay;
    };
    sc_time last_done = sc_core::SC_ZERO_TIME;   // overlapped: the latest phase end (absolute)
    for (double first = 0; first < p.windows; first += p.copies) {
        const double n = windows_in_group(first);
        ext = work_extension{};
        ext.layer = p.layer;
        ext.windows = n;
        ext.group_share = n / p.copies;
        ext.bits = n * p.global_bits;
        ext.share = p.bus_share;
        ext.banks = p.global_banks;
        ext.outputs = n * p.chip_outputs;
        ext.tree_inputs = p.chip_tree_inputs;
        ext.column_tiles = p.column_tiles;
        ext.flush = first + p.copies >= p.windows;
        if (!p.overlapped) {
            // The study's barrier after every phase.
            wait(phase({&tile_buffer, &global_buffer}, sc_core::SC_ZERO_TIME));
            wait(phase({&tile_wires, &global_bus}, sc_core::SC_ZERO_TIME));
            wait(phase({&arrays}, sc_core::SC_ZERO_TIME));
            wait(phase({&trees, &global_accumulator}, sc_core::SC_ZERO_TIME));
            continue;
        }
        // The later phases are reserved ahead on their blocks' timelines; the controller
        // moves on when the buffers are done with this group, so the blocks shared with
        // other layers see requests in time order, one group ahead at most.
        const sc_time buffers_done = phase({&tile_buffer, &global_buffer}, sc_core::SC_ZERO_TIME);
        sc_time d = phase({&tile_wires, &global_bus}, buffers_done);
        d = phase({&arrays}, d);
        d = phase({&trees, &global_accumulator}, d);
        last_done = std::max(last_done, sc_core::sc_time_stamp() + d);
        wait(buffers_done);
    }
    if (last_done > sc_core::sc_time_stamp()) wait(last_done - sc_core::sc_time_stamp());
    gp.clear_extension(&ext);   // it lives on this stack, not the payload's heap
    m_finish_s = sc_core::sc_time_stamp().to_seconds();
    m_done = true;
    m_done_event.notify();
}

} // namespace pimscope::modules
