#include "pimscope/units/digital_unit.hpp"

#include "pimscope/core/window_payload.hpp"

#include <string>

namespace pimscope::modules {

using sc_core::sc_time;

digital_unit::digital_unit(sc_core::sc_module_name name, const unit_params& params)
    : sc_module(name), in("in"), m_params(params), m_stats(sc_object::name()) {
    in.register_b_transport(this, &digital_unit::b_transport);
    for (const unit_op op : {unit_op::activation, unit_op::pooling, unit_op::eltwise, unit_op::mac})
        m_ops[int(op)] = m_stats.action(to_string(op), "element", std::string("elements through ") + to_string(op),
                                        "digital");
}

void digital_unit::trace_to(traces::sink* s, int layer) {
    m_trace = s;
    if (s) m_track = s->track(std::string(name()) + ".datapath", "unit", layer, {std::string(name()) + ".datapath_busy"});
}

void digital_unit::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<transfer_extension>();
    if (!ext) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    const action_cost cost = m_params.cost_of(ext->op);
    const uint64_t lanes = uint64_t(m_params.lanes);
    const uint64_t steps = (ext->elements + lanes - 1) / lanes;
    const sc_time now = sc_core::sc_time_stamp();
    sc_time begin;
    const sc_time done = m_datapath.reserve(
        now + delay, m_step_time.of(steps, cost.latency_s), &begin);
    if (m_trace)
        m_trace->slice(m_track, to_string(ext->op), ticks_of(begin), ticks_of(done),
                       {ext->layer, ext->image, -1, 0, double(ext->elements) * cost.energy_j});
    m_stats.charge(m_ops[int(ext->op)], ext->layer, double(ext->elements), cost.energy_j);
    delay = done - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
