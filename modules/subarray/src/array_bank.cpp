#include "pimscope/subarray/array_bank.hpp"

namespace pimscope::modules {

array_bank::array_bank(sc_core::sc_module_name name, const pimscope::subarray::subarray_model& cells,
                       const pimscope::adc::adc_model& adc, double clock_s, int phases,
                       const pimscope::subarray::array_work& per_window)
    : work_target(name, "adc"), m_cells(cells), m_adc(adc), m_clock_s(clock_s), m_phases(phases),
      m_work(per_window) {
    auto& s = mutable_stats();
    // The study books the read (line charging) with the ADCs.
    m_reads = s.action("reads", "read", "subarray reads", "adc");
    m_conversions = s.action("conversions", "conversion", "ADC conversions (sensing)", "adc");
    m_decisions = s.action("sar_decisions", "conversion", "SAR conversions' successive decisions", "adc");
    m_periphery = s.action("periphery_activations", "activation", "row drivers, switch matrix and mux switching",
                           "other");
}

double array_bank::serve(const work_extension& w) {
    const double planes = m_work.planes * w.windows;
    auto& s = mutable_stats();
    s.charge(m_reads, w.layer, planes * m_work.reads, m_cells.read_energy_j(m_work.read_rows));
    s.charge(m_conversions, w.layer, planes * m_work.conversions, m_adc.sensing_energy_j(m_work.activity));
    s.charge(m_decisions, w.layer, planes * m_work.decisions, m_adc.decision_energy_j());
    s.charge(m_periphery, w.layer, planes * m_work.periphery_reads, m_cells.periphery_read_energy_j());
    // The copies convert in parallel: one read per plane, each of its column phases.
    return w.group_share * m_work.planes * m_phases * m_adc.conversion_s(m_clock_s);
}

} // namespace pimscope::modules
