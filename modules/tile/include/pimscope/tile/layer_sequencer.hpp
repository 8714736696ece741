#pragma once
// A tile group's controller in the study configuration (the study's conventions,
// ../shared/reference/README.md): the layer's windows go in groups, one window per weight
// copy, and each group runs its phases one after another with a barrier between them —
// buffers, then wires, then the arrays and ADCs, then the adder trees — so the layer's
// time is the sum of its phases, as the study adds them. Each phase is a transaction to
// the block that does the work; the blocks time it and charge its energy.
// With `overlapped` set (a step from the study's accounting towards the true chip, used
// to split their difference into effects), a group's phases follow one another but the
// next group starts as soon as the buffers are free: buffers, wires, arrays and trees
// work on successive groups at once, each block serving its groups in order.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace pimscope::modules {

// What the controller hands the chip-level blocks for its layer.
struct tile_group_program {
    int layer = -1;
    double windows = 0;          // per image
    int copies = 1;              // windows per group
    double global_bits = 0;      // per window, to and from the global buffer
    double bus_share = 1;        // the layer's share of the global buffer: 1 / bus_share
    int global_banks = 1;        // tile output banks its global-buffer traffic uses at once
    double chip_outputs = 0;     // per window, into the global accumulator
    int chip_tree_inputs = 0, column_tiles = 1;
    bool overlapped = false;     // phases of successive groups overlap (see above)
};

class layer_sequencer : public sc_core::sc_module {
public:
    // The tile group's own blocks and the chip's, in phase order.
    tlm_utils::simple_initiator_socket<layer_sequencer> tile_buffer, global_buffer, tile_wires, global_bus,
        arrays, trees, global_accumulator;

    layer_sequencer(sc_core::sc_module_name name, const tile_group_program& program);

    bool done() const { return m_done; }
    const sc_core::sc_event& done_event() const { return m_done_event; }
    double finish_s() const { return m_finish_s; }   // the layer's last phase ended

private:
    void run();
    double windows_in_group(double first) const;

    tile_group_program m_program;
    bool m_done = false;
    sc_core::sc_event m_done_event;
    double m_finish_s = 0;
};

} // namespace pimscope::modules
