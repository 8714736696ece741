#pragma once
// A register-file/SRAM buffer seen through one port: a transfer of n bits holds the port
// for ceil(n / port_bits) clock cycles and costs energy per bit. Used for the chip's
// global buffer and each stage's input buffer.
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pimscope::modules {

// What a buffer port is built from (also the port of a tile's buffer).
struct buffer_port_params {
    int width_bits = 1;              // bits the port moves per clock cycle (bit)
    double clock_s = 0;              // clock period (s)
    double energy_per_bit_j = 0;     // energy of one bit through the port (J)
};

class buffer : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<buffer> in;

    buffer(sc_core::sc_module_name name, const buffer_port_params& params);

    const core::stats_group& stats() const { return m_stats; }
    const resource& port() const { return m_port; }
    // Reports port use to `s` as track <name>.port serving `layer` (null: tracing off).
    void trace_to(traces::sink* s, int layer);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    buffer_port_params m_params;
    resource m_port;
    core::stats_group m_stats;
    core::stats_group::handle m_bits;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
