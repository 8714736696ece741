#pragma once
// The ADC of a subarray's column group: what it is (type, resolution, rounding, range
// policy) and its circuit model (docs/models.md §4.1). Flash-style multi-level sense
// amplifier ("mlsa", the seed study's): 2^b - 1 comparators decide at once, and its
// sensing delay sets the chip clock. SAR: one comparator, a binary capacitor DAC, the
// column sampled and then b decisions; the conversion sets the clock as the study's
// simulator has it. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"
#include "pimscope/subarray/subarray_model.hpp"

namespace pimscope::adc {

enum class kind { mlsa, sar };
enum class rounding { floor, nearest };
// Where the ADC's input range comes from (docs/models.md, "Accuracy models").
enum class range_policy { fixed, study, calibrated };

class adc_model {
public:
    // The subarray sets the column the ADC senses: its rows, its mux (if the device has one)
    // and its cells' read current.
    adc_model(const core::param_scope& scope, const core::technology& tech, const subarray::subarray_model& sub);

    adc::kind type() const { return m_type; }
    int bits() const { return m_bits; }
    adc::rounding rounding() const { return m_rounding; }
    range_policy range() const { return m_range; }
    double clip_percentile() const { return m_clip_percentile; }
    int calibration_images() const { return m_calibration_images; }

    int comparators() const;                 // 2^b - 1 (MLSA) or 1 (SAR)
    double area_m2() const;                  // one ADC
    double reference_area_m2() const;        // its share of reference generation and biasing
    double sensing_delay_s() const;          // the column node's sensing delay
    // One conversion's own delay: MLSA the sensing delay; SAR sampling plus `bits`
    // decisions. The chip clock follows it in clock.mode sensing (the study's rule).
    double conversion_time_s() const;
    // One conversion at the given clock: the whole clocks its delay takes (at least one).
    double conversion_s(double clock_s) const;
    // One conversion; `activity` is the share of driven rows relative to a ±1 input (1), e.g.
    // the P(1) of an unsigned input bit plane: the column current and the sensing node's
    // swing both shrink with it, so the energy goes with its square (fitted exponent).
    double conversion_energy_j(double activity = 1.0) const;
    // Its two parts: sensing the column (with the MLSA's comparators), and the SAR's
    // successive decisions (0 for an MLSA).
    double sensing_energy_j(double activity = 1.0) const;
    double decision_energy_j() const;
    double leakage_w() const;                // one ADC
    double converter_leakage_w() const;      // one ADC without its comparators (encoder, register)

private:
    const core::technology* m_tech;
    int m_column_rows, m_select_gates, m_mux_inputs;
    double m_read_current_ratio;
    core::param<adc::kind> m_type;
    core::param<int> m_bits;
    core::param<adc::rounding> m_rounding;
    core::param<range_policy> m_range;
    core::param<double> m_clip_percentile;
    core::param<int> m_calibration_images;
    core::param<double> m_sense_delay, m_sense_delay_per_row, m_comparator_load_delay, m_mux_select_delay;
    core::param<double> m_comparator_area, m_comparator_sizing_area, m_reference_area_fraction;
    core::param<double> m_energy_per_conversion, m_energy_per_comparator, m_energy_per_mux_input;
    core::param<double> m_sar_dac_unit_cap_area, m_sar_logic_area, m_sar_energy_per_cycle, m_sar_cycle;
    core::param<double> m_comparator_leakage, m_converter_leakage, m_converter_leakage_per_bit;
};

} // namespace pimscope::adc

template <>
struct pimscope::core::enum_names<pimscope::adc::kind> {
    static const std::vector<std::pair<adc::kind, const char*>>& table();
};
template <>
struct pimscope::core::enum_names<pimscope::adc::rounding> {
    static const std::vector<std::pair<adc::rounding, const char*>>& table();
};
template <>
struct pimscope::core::enum_names<pimscope::adc::range_policy> {
    static const std::vector<std::pair<adc::range_policy, const char*>>& table();
};
