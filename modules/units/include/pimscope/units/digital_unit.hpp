#pragma once
// The digital units next to the crossbars: activation/threshold (folded batch-norm,
// sign, ReLU), pooling, residual add and concat. A request processes n elements in
// ceil(n / lanes) steps of the operation's latency and costs energy per element.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/core/activity.hpp"
#include "pimscope/core/resource.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pimscope::modules {

class digital_unit : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<digital_unit> in;

    // kind: action::activation, action::pooling or action::eltwise
    digital_unit(sc_core::sc_module_name name, const arch_config& arch, action kind);

    const activity& stats() const { return m_activity; }
    const resource& datapath() const { return m_datapath; }
    // Reports datapath use as track <name>.datapath serving `layer` (null: tracing off).
    void trace_to(traces::sink* s, int layer);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    const arch_config& m_arch;
    action m_kind;
    action_cost m_cost;
    resource m_datapath;
    activity m_activity;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
