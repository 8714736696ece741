#include "pimscope/adc/adc_bank.hpp"

#include "pimscope/kernel/crossbar.hpp"

#include <algorithm>

namespace pimscope::modules {

using sc_core::sc_time;

adc_bank::adc_bank(sc_core::sc_module_name name, const adc_bank_params& params, int layer,
                   const kernel::adc_quantizer& quantizer)
    : sc_module(name), m_stats(sc_object::name()),
      m_conversions(m_stats.action("conversions", "conversion", "column conversions", "adc")), m_params(params),
      m_layer(layer), m_quantizer(quantizer), m_phase(params.conversion_s, sc_core::SC_SEC),
      m_conversion_j(params.model ? params.model->conversion_energy_j() : 0.0) {}

void adc_bank::hot_lines(core::cache_lines& out) const {
    m_stats.hot_lines(out);
    out.add(&m_conversions, std::size_t(reinterpret_cast<const char*>(&m_conversion_j + 1) -
                                        reinterpret_cast<const char*>(&m_conversions)));
    out.add(&m_quantizer);   // the layer's, shared: its first line
}

sc_time adc_bank::convert(const uint16_t* counts, int used, int64_t active, int64_t scale, int64_t* outputs,
                          const sc_time& at, sc_time& begin) {
    kernel::add_slice_values(m_quantizer, counts, used, int(active), scale, outputs);
    const int phases = std::min(m_params.columns_per_adc, (used + m_params.adcs - 1) / m_params.adcs);
    const sc_time busy = phases * m_phase;
    m_stats.charge(m_conversions, m_layer, used, m_conversion_j);
    return m_group.reserve(at, busy, &begin);
}

} // namespace pimscope::modules
