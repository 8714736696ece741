#pragma once
// A register-file/SRAM buffer seen through one port: a transfer of n bits holds the port
// for ceil(n / port_bits) clock cycles and costs energy per bit. Used for the chip's
// global buffer and each stage's input buffer.
//
// It holds the rows written into it, by address (core/window_payload: map_row_address):
// the interconnect delivers each row it carries through `fill`, and a read that carries a
// data pointer gets the rows it asks for. A read without data (a window re-read whose
// elements the reader already holds) only costs its bits.
#include "pimscope/core/duration_cache.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"

#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace pimscope::modules {

// What a buffer port is built from (also the port of a tile's buffer).
struct buffer_port_params {
    int width_bits = 1;              // bits the port moves per clock cycle (bit)
    double clock_s = 0;              // clock period (s)
    double energy_per_bit_j = 0;     // energy of one bit through the port (J)
};

class buffer : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<buffer> in;     // the reader (and, untimed, its row fetches)
    tlm_utils::simple_target_socket_optional<buffer> fill;   // rows delivered by the interconnect

    buffer(sc_core::sc_module_name name, const buffer_port_params& params);

    // Forgets the rows at addresses [from, to) (the reader no longer needs them).
    void release(uint64_t from, uint64_t to);
    std::size_t rows_held() const { return m_rows.size(); }

    const core::stats_group& stats() const { return m_stats; }
    const resource& port() const { return m_port; }
    // Reports port use to `s` as track <name>.port serving `layer` (null: tracing off).
    void trace_to(traces::sink* s, int layer);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    // Untimed access to the rows (the delivery's and the fetch's timing is the link's and
    // the reads'); returns the bytes moved.
    unsigned int transport_dbg(tlm::tlm_generic_payload& gp);
    // Copies gp's rows out of (read) or into (write) the store; false if a row is missing.
    bool move_rows(tlm::tlm_generic_payload& gp);

    buffer_port_params m_params;
    resource m_port;
    core::duration_cache m_port_time;
    core::stats_group m_stats;
    core::stats_group::handle m_bits;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
    std::map<uint64_t, std::vector<uint8_t>> m_rows;   // address -> one row's bytes
};

} // namespace pimscope::modules
