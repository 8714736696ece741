#include "pimscope/accum/adder_trees.hpp"

namespace pimscope::modules {

adder_trees::adder_trees(sc_core::sc_module_name name, const pimscope::accum::accum_model& model, double clock_s,
                         const pimscope::accum::tree_work& work)
    : work_target(name, "accumulation"), m_model(model), m_clock_s(clock_s), m_work(work) {
    auto& s = mutable_stats();
    m_windows = s.action("windows", "window", "windows whose partial sums the PE and tile trees added",
                         "accumulation");
    m_shift_adds = s.action("shift_adds", "addition", "shift-adds of input planes", "accumulation");
}

double adder_trees::serve(const work_extension& w) {
    auto& s = mutable_stats();
    s.charge(m_windows, w.layer, w.windows, m_model.energy_of(m_work.energy_per_window));
    if (m_work.shift_adds_per_window > 0)
        s.charge(m_shift_adds, w.layer, w.windows * m_work.shift_adds_per_window,
                 m_model.add_energy_j(m_work.shift_add_width));
    const double cycles = w.group_share * (m_model.cycles_of(m_work.per_group) + m_work.shift_add_cycles_per_group) +
                          w.windows * m_model.cycles_of(m_work.per_window);
    return cycles * m_clock_s;
}

} // namespace pimscope::modules
