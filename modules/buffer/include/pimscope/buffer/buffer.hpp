#pragma once
// A register-file/SRAM buffer seen through one port: a transfer of n bits holds the port
// for ceil(n / port_bits) clock cycles and costs energy per bit. Used for the chip's
// global buffer and each stage's input buffer.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pimscope::modules {

class buffer : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<buffer> in;

    buffer(sc_core::sc_module_name name, const arch_config& arch);

    const core::stats_group& stats() const { return m_stats; }
    const resource& port() const { return m_port; }
    // Reports port use to `s` as track <name>.port serving `layer` (null: tracing off).
    void trace_to(traces::sink* s, int layer);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    const arch_config& m_arch;
    resource m_port;
    core::stats_group m_stats;
    core::stats_group::handle m_bits;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
