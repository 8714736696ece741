#pragma once
// The chip-level interconnect (an H-tree over the tiles): moves a stage's output rows to
// the input buffers of the stages that read them. Each destination has its own link into
// it (the H-tree leaf feeding that tile group), shared by every producer writing there:
// a transfer of n bits over h hops holds that link for ceil(n / link_bits) cycles plus
// one cycle per hop and costs n * h bit-hops. A transfer carries the row's bytes; the
// link hands them to the destination's input buffer (connect) as it completes.
#include "pimscope/core/duration_cache.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"

#include <functional>
#include <map>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace pimscope::modules {

// What a link is built from (the chip interconnect's links, a tile's H-tree).
struct link_params {
    int width_bits = 1;              // bits a link moves per clock cycle (bit)
    double clock_s = 0;              // clock period (s)
    double energy_per_bit_hop_j = 0; // energy of one bit over one hop (J)
};

class interconnect : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<interconnect> in;   // one binding per stage
    tlm_utils::multi_passthrough_initiator_socket<interconnect, 32, tlm::tlm_base_protocol_types, 0,
                                                 sc_core::SC_ZERO_OR_MORE_BOUND>
        out;   // into the destinations' buffers

    interconnect(sc_core::sc_module_name name, const link_params& params);

    // Binds the link into `destination` (a stage's node) to the buffer that receives there.
    // (The receiver's socket may stay unbound elsewhere: a buffer nobody sends to.)
    using receiver_socket =
        tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
    void connect(int destination, receiver_socket& receiver);

    const core::stats_group& stats() const { return m_stats; }
    // The link into a destination stage (-1: the host); busy time and uses per link.
    const std::map<int, resource>& links() const { return m_links; }
    // Reports link use to `s`, one track per link named by `link_name(destination)`
    // (null: tracing off).
    void trace_to(traces::sink* s, std::function<std::string(int)> link_name);

private:
    void b_transport(int from, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    link_params m_params;
    std::map<int, resource> m_links;
    core::duration_cache m_link_time;
    core::stats_group m_stats;
    core::stats_group::handle m_bit_hops;
    traces::sink* m_trace = nullptr;
    std::function<std::string(int)> m_link_name;
    std::map<int, int> m_tracks;   // destination -> track
    std::map<int, int> m_receivers;   // destination -> index of its binding of `out`
};

} // namespace pimscope::modules
