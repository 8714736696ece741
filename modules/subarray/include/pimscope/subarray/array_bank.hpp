#pragma once
// A tile group's subarrays and ADCs in the study configuration: for each window and input
// plane, its copy's subarrays are read (the row periphery switching) and their columns
// converted, one column-mux phase after another; the copies serve a group of windows at
// once. Programmed at elaboration with the layer's per-window work.
#include "pimscope/adc/adc_model.hpp"
#include "pimscope/core/work_target.hpp"
#include "pimscope/subarray/subarray_model.hpp"

namespace pimscope::modules {

class array_bank : public work_target {
public:
    // phases: column-mux phases per read (columns per ADC).
    array_bank(sc_core::sc_module_name name, const pimscope::subarray::subarray_model& cells, const pimscope::adc::adc_model& adc,
               double clock_s, int phases, const pimscope::subarray::array_work& per_window);

private:
    double serve(const work_extension& w) override;

    const pimscope::subarray::subarray_model& m_cells;
    const pimscope::adc::adc_model& m_adc;
    double m_clock_s;
    int m_phases;
    pimscope::subarray::array_work m_work;
    core::stats_group::handle m_reads, m_conversions, m_decisions, m_periphery;
};

} // namespace pimscope::modules
