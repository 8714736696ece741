#pragma once
// A tile group's adder trees in the study configuration: the PE trees over a copy's
// subarrays (the copies in parallel), the tile trees over the PEs (once per window), and
// the shift-add of input planes. Programmed at elaboration with the layer's work.
#include "pimscope/accum/accum_model.hpp"
#include "pimscope/core/work_target.hpp"

namespace pimscope::modules {

class adder_trees : public work_target {
public:
    adder_trees(sc_core::sc_module_name name, const pimscope::accum::accum_model& model, double clock_s,
                const pimscope::accum::tree_work& work);

private:
    double serve(const work_extension& w) override;

    const pimscope::accum::accum_model& m_model;
    double m_clock_s;
    pimscope::accum::tree_work m_work;
    core::stats_group::handle m_windows, m_shift_adds;
};

} // namespace pimscope::modules
