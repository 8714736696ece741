#pragma once
// A processing element: a grid of subarrays, the adder tree that sums the partial sums
// of the subarrays holding one window's row slices, and the shift-add that combines
// bit-serial input planes. Only the subarrays that hold weights are instantiated; the
// PE's area still counts its full grid (see floorplan).
#include "pimscope/common/action_cost.hpp"
#include "pimscope/core/b_target_socket.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/pe/datapath.hpp"
#include "pimscope/subarray/subarray.hpp"

#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <vector>

namespace pimscope::modules {

// Which weight copy and which part of it a subarray slot holds.
struct subarray_slot {
    int copy = 0;
    int slice = 0;
    int col_group = 0;
};

// What a PE is built from: its subarrays' parameters, and its adder tree and shift-add.
struct pe_params {
    subarray_params subarray;        // every subarray of the PE (its cols: columns per subarray)
    double clock_s = 0;              // clock period (s) an RTL datapath counts its cycles in
    action_cost adder_tree;          // one adder-tree reduction of one column (s, J)
    action_cost shift_add;           // one shift-add of one column across input planes (s, J)
};

class pe : public sc_core::sc_module {
public:
    core::b_target_socket<pe> in;
    tlm_utils::multi_passthrough_initiator_socket<pe> to_subarrays;

    pe(sc_core::sc_module_name name, const pe_params& params, int layer, const programmed_layer& programmed,
       const std::vector<subarray_slot>& slots, int copies);

    const core::stats_group& stats() const { return m_stats; }
    const std::vector<std::unique_ptr<subarray>>& subarrays() const { return m_subarrays; }
    const resource& adder_tree() const { return m_adder_tree; }
    // Replaces the behavioural adder tree + shift-add (RTL co-simulation); not owned.
    void set_datapath(pe_datapath* d) { m_datapath = d; }
    // Reports adder-tree use here and in the subarrays (null: tracing off).
    void trace_to(traces::sink* s);
    // The lines a window of copy `copy` touches here and in its subarrays (see
    // core/cache_lines).
    void hot_lines(int copy, core::cache_lines& out) const;

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void datapath_transport(tlm::tlm_generic_payload& gp, window_extension& ext,
                            const std::vector<int>& targets, sc_core::sc_time& delay);

    pe_params m_params;
    int m_layer;
    std::vector<std::unique_ptr<subarray>> m_subarrays;
    std::vector<std::vector<int>> m_by_copy;     // copy -> subarray socket indices
    resource m_adder_tree;
    sc_core::sc_time m_tree_cycle, m_shift_add_time;   // from the models, once
    core::stats_group m_stats;
    core::stats_group::handle m_adds, m_shift_adds;
    pe_datapath* m_datapath = nullptr;
    std::vector<int64_t> m_psums;                // datapath mode: per subarray, per column
    std::vector<int> m_col_begin, m_col_end;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
