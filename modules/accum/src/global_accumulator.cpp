#include "pimscope/accum/global_accumulator.hpp"

#include <cmath>

namespace pimscope::modules {

global_accumulator::global_accumulator(sc_core::sc_module_name name, const pimscope::accum::accum_model& model,
                                       double clock_s, double trees, int width)
    : work_target(name, "accumulation", channels::per_layer), m_model(model), m_clock_s(clock_s),
      m_trees(trees), m_width(width) {
    m_adds = mutable_stats().action("tree_passes", "pass", "adder-tree passes over a layer's tile rows",
                                    "accumulation");
}

double global_accumulator::serve(const work_extension& w) {
    if (w.tree_inputs < 2) return 0;
    double& pending = m_pending[w.layer];
    double& passes = m_passes[w.layer];
    pending += w.outputs;
    const double full = w.flush ? std::ceil(pending / m_trees - 1e-9) : std::floor(pending / m_trees);
    const double fresh = (full - passes) * w.column_tiles;
    passes = full;
    mutable_stats().charge(m_adds, w.layer, fresh, m_trees * m_model.tree_energy_j(w.tree_inputs, m_width));
    return fresh * m_model.tree_cycles(w.tree_inputs, m_width) * m_clock_s;
}

} // namespace pimscope::modules
