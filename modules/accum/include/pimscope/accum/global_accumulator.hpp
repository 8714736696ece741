#pragma once
// The chip's global accumulator in the study configuration: it adds the partial sums of a
// layer's tile rows, `trees` outputs per pass for each column tile. A layer's outputs are
// packed into passes as they come; the last, partly filled pass runs when the layer
// flushes. Each layer has its own channel (the study's convention).
#include "pimscope/accum/accum_model.hpp"
#include "pimscope/core/work_target.hpp"

#include <map>

namespace pimscope::modules {

class global_accumulator : public work_target {
public:
    // trees: outputs per pass; width: operand width.
    global_accumulator(sc_core::sc_module_name name, const pimscope::accum::accum_model& model, double clock_s,
                       double trees, int width);

private:
    double serve(const work_extension& w) override;

    const pimscope::accum::accum_model& m_model;
    double m_clock_s, m_trees;
    int m_width;
    std::map<int, double> m_pending, m_passes;   // per layer: outputs received, passes run
    core::stats_group::handle m_adds;
};

} // namespace pimscope::modules
