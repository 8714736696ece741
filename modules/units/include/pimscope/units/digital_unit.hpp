#pragma once
// A digital unit: a tile group's output unit, which applies the digital operators that
// follow its crossbar layer on the way out (folded batch-norm/threshold, sign, ReLU,
// pooling, residual add, concat), or a chip-level unit for what has no tile to run on (a
// global pool, a multi-bit conv/fc's multiply-accumulates). A request processes n elements
// of one operation (the payload says which)
// in ceil(n / lanes) steps of its latency and costs its energy per element.
#include "pimscope/common/action_cost.hpp"
#include "pimscope/core/duration_cache.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/core/window_payload.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pimscope::modules {

// What a digital unit is built from: its width and what one element of each operation costs.
struct unit_params {
    int lanes = 1;                   // elements handled per step
    action_cost activation;          // threshold/sign/bn/relu of one element (s, J)
    action_cost pooling;             // one pooling output element (s, J)
    action_cost eltwise;             // residual add / concat of one element (s, J)
    action_cost mac;                 // one multiply-accumulate of a multi-bit layer (s, J)

    const action_cost& cost_of(unit_op op) const {
        return op == unit_op::pooling ? pooling : op == unit_op::eltwise ? eltwise : op == unit_op::mac ? mac : activation;
    }
};

class digital_unit : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<digital_unit> in;

    digital_unit(sc_core::sc_module_name name, const unit_params& params);

    const core::stats_group& stats() const { return m_stats; }
    const resource& datapath() const { return m_datapath; }
    // Reports datapath use as track <name>.datapath serving `layer` (null: tracing off).
    void trace_to(traces::sink* s, int layer);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    unit_params m_params;
    resource m_datapath;
    core::duration_cache m_step_time;
    core::stats_group m_stats;
    core::stats_group::handle m_ops[4];   // per unit_op
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
