#include "pimscope/modules/pe/pe.hpp"

#include "pimscope/modules/core/window_payload.hpp"

#include <algorithm>
#include <string>

namespace pimscope::modules {

using sc_core::sc_time;

pe::pe(sc_core::sc_module_name name, const arch_config& arch, int layer,
       const std::vector<subarray_slot>& slots, int copies)
    : sc_module(name), in("in"), to_subarrays("to_subarrays"), m_arch(arch), m_layer(layer),
      m_by_copy(copies) {
    in.register_b_transport(this, &pe::b_transport);
    for (const auto& s : slots) {
        const std::string n = "subarray_c" + std::to_string(s.copy) + "_s" +
                              std::to_string(s.slice) + "_g" + std::to_string(s.col_group);
        m_subarrays.push_back(std::make_unique<subarray>(n.c_str(), arch, layer, s.slice, s.col_group));
        to_subarrays.bind(m_subarrays.back()->in);
        m_by_copy.at(s.copy).push_back(int(m_subarrays.size()) - 1);
    }
}

void pe::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<window_extension>();
    const auto& targets = m_by_copy.at(ext->copy);
    // The subarrays of a copy read in parallel: all start at the same time, the PE
    // continues when the slowest has converted its last column.
    sc_time done = delay;
    for (int index : targets) {
        sc_time d = delay;
        to_subarrays[index]->b_transport(gp, d);
        if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) return;
        done = std::max(done, d);
    }
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time cycle(m_arch.adder_tree_op.latency_s, sc_core::SC_SEC);
    sc_time finish = m_adder_tree.reserve(now + done, cycle);
    const uint64_t columns = uint64_t(ext->weights->columns);
    m_activity.charge(m_layer, action::adder_tree, columns, m_arch.adder_tree_op.energy_j);
    if (ext->planes > 1) {
        // Bit-serial input: each plane's sums are shifted by its weight and added.
        finish += sc_time(m_arch.shift_add_op.latency_s, sc_core::SC_SEC);
        m_activity.charge(m_layer, action::shift_add, columns, m_arch.shift_add_op.energy_j);
    }
    delay = finish - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
