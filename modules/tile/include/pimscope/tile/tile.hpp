#pragma once
// A tile: PEs behind an H-tree, a tile buffer that receives the input window, and the
// accumulation that sums the PEs' partial sums of one window.
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/common/action_cost.hpp"
#include "pimscope/core/b_target_socket.hpp"
#include "pimscope/core/cache_lines.hpp"
#include "pimscope/core/duration_cache.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/interconnect/interconnect.hpp"
#include "pimscope/pe/pe.hpp"

#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <vector>

namespace pimscope::modules {

// What a tile is built from: its PEs' parameters and its grid, buffer port, H-tree and
// accumulation.
struct tile_params {
    pe_params pe;                    // every PE of the tile
    int pes_per_side = 1;            // the tile is pes_per_side x pes_per_side PEs (sets the H-tree's levels)
    buffer_port_params buffer;       // the tile buffer's port
    link_params htree;               // each level of the H-tree to the PEs
    action_cost accumulation;        // accumulation of one output element (s, J)
};

class tile : public sc_core::sc_module {
public:
    core::b_target_socket<tile> in;
    tlm_utils::multi_passthrough_initiator_socket<tile> to_pes;

    // pe_slots[i]: the subarray slots of PE i (PEs without slots are not instantiated).
    tile(sc_core::sc_module_name name, const tile_params& params, int layer, const programmed_layer& programmed,
         const std::vector<std::vector<subarray_slot>>& pe_slots, int copies);

    const core::stats_group& stats() const { return m_stats; }
    const std::vector<std::unique_ptr<pe>>& pes() const { return m_pes; }
    const resource& htree() const { return m_htree; }
    const resource& buffer_port() const { return m_buffer_port; }
    const resource& accumulator() const { return m_accumulator; }
    // Reports buffer, H-tree and accumulator use here and below (null: tracing off).
    void trace_to(traces::sink* s);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    tile_params m_params;
    int m_layer;
    int m_htree_levels;
    std::vector<std::unique_ptr<pe>> m_pes;
    std::vector<std::vector<int>> m_by_copy;   // copy -> PE socket indices
    resource m_buffer_port, m_htree, m_accumulator;
    core::stats_group m_stats;
    core::stats_group::handle m_buffer_bits, m_htree_bit_hops, m_accumulations;
    // Per copy: the lines a window touches in the tile's PEs and their subarrays, asked
    // for together when it arrives (see core/cache_lines).
    std::vector<core::cache_lines> m_hot;
    core::duration_cache m_buffer_time, m_htree_time, m_accumulate_time;
    traces::sink* m_trace = nullptr;
    int m_buffer_track = -1, m_htree_track = -1, m_accumulator_track = -1;
};

} // namespace pimscope::modules
