#include "pimscope/adc/adc_model.hpp"

#include <algorithm>

#include <cmath>

namespace pimscope {

const std::vector<std::pair<adc::kind, const char*>>& core::enum_names<adc::kind>::table() {
    static const std::vector<std::pair<adc::kind, const char*>> t{{adc::kind::mlsa, "mlsa"},
                                                                  {adc::kind::sar, "sar"}};
    return t;
}
const std::vector<std::pair<adc::rounding, const char*>>& core::enum_names<adc::rounding>::table() {
    static const std::vector<std::pair<adc::rounding, const char*>> t{{adc::rounding::floor, "floor"},
                                                                      {adc::rounding::nearest, "nearest"}};
    return t;
}
const std::vector<std::pair<adc::range_policy, const char*>>& core::enum_names<adc::range_policy>::table() {
    static const std::vector<std::pair<adc::range_policy, const char*>> t{
        {adc::range_policy::fixed, "fixed"}, {adc::range_policy::study, "study"},
        {adc::range_policy::calibrated, "calibrated"}};
    return t;
}

namespace adc {

using core::non_negative;

adc_model::adc_model(const core::param_scope& s, const core::technology& tech, const subarray::subarray_model& sub)
    // A select line drives one transmission gate per ADC (none without a mux); an ADC's
    // input node joins its columns (the fitted energy is linear in them from one column
    // on), unless the device reads without a mux at all (the study's SRAM subarray).
    : m_tech(&tech), m_column_rows(sub.rows()), m_select_gates(sub.column_mux() ? sub.adcs() : 0),
      m_mux_inputs(sub.device().column_mux ? sub.columns_per_adc() : 0),
      m_read_current_ratio(sub.read_current_ratio()),
      m_type(s, "adc.type", kind::mlsa, "", "mlsa: flash-style multi-level sense amplifier; sar: successive approximation"),
      m_bits(s, "adc.bits", 5, "bit", "resolution", core::in_range(1, 16)),
      m_rounding(s, "adc.rounding", rounding::nearest, "", "rounding of a column count to a code"),
      m_range(s, "adc.range", range_policy::fixed, "",
              "input range: fixed (full scale = rows/2), study (batch min/max, floor), calibrated (percentiles)"),
      m_clip_percentile(s, "adc.clip_percentile", 99.9, "%", "calibrated range: clip counts at this percentile",
                        [](const double& v) { return v > 50 && v <= 100 ? std::string() : std::string("must be in (50, 100]"); }),
      m_calibration_images(s, "adc.calibration_images", 500, "image",
                           "calibrated range: first N images of the calibration split", core::positive<int>()),
      m_sense_delay(s, "adc.sense_delay_s", 1.3101e-9, "s",
                    "MLSA sensing delay of the unloaded column node, without its rows", non_negative<double>()),
      m_sense_delay_per_row(s, "adc.sense_delay_per_row_s", 1.806e-12, "s",
                            "sensing delay per row of the column (the line's charge grows with its length)",
                            non_negative<double>()),
      m_comparator_load_delay(s, "adc.comparator_load_delay_s", 4.285e-12, "s",
                              "extra sensing delay per comparator loading the column node", non_negative<double>()),
      m_mux_select_delay(s, "adc.mux_select_delay_per_gate_s", 24.70e-12, "s",
                         "column-mux select: delay per transmission gate one select line drives (0 without a mux)",
                         non_negative<double>()),

      m_comparator_area(s, "adc.comparator_area_f2", 14676, "F2", "one comparator (sense amplifier + latch)",
                        non_negative<double>()),
      m_comparator_sizing_area(s, "adc.comparator_sizing_area_f2", 54.1, "F2",
                               "comparator upsizing per level it must resolve (offset)", non_negative<double>()),
      m_reference_area_fraction(s, "adc.reference_area_fraction", 0.015, "",
                                "reference generation and biasing, relative to the ADC area", non_negative<double>()),
      m_energy_per_conversion(s, "adc.energy_per_conversion_j", 0.0754e-12, "J",
                              "one conversion: sensing the current of a 128-row column (scales with its rows)",
                              non_negative<double>()),
      m_energy_per_comparator(s, "adc.energy_per_comparator_j", 1.794e-15, "J",
                              "one conversion of a 128-row column: per comparator (scales with its rows)", non_negative<double>()),
      m_energy_per_mux_input(s, "adc.energy_per_mux_input_j", 25.0e-15, "J",
                             "one conversion of a 128-row column: per column the ADC's mux joins (scales with its rows)",
                             non_negative<double>()),
      m_sar_dac_unit_cap_area(s, "adc.sar_dac_unit_cap_area_f2", 519, "F2", "SAR: unit capacitor of the binary DAC",
                              non_negative<double>()),
      m_sar_logic_area(s, "adc.sar_logic_area_f2", 225400, "F2", "SAR: successive-approximation register and logic",
                       non_negative<double>()),
      m_sar_energy_per_cycle(s, "adc.sar_energy_per_cycle_j", 0.3372e-12, "J", "SAR: energy per decision",
                             non_negative<double>()),
      m_sar_cycle(s, "adc.sar_cycle_s", 1.39e-9, "s", "SAR: one decision (DAC step and comparison)",
                  non_negative<double>()),
      // Leakage: fitted once, jointly, to the study's per-tile leakage of full layers in the 11
      // 22 nm runs (ADC 3-8 b, 1-16 columns per ADC, 64x64, SAR) and to what it leaves out
      // of partly used tiles (docs/models.md §4.1, §5).
      m_comparator_leakage(s, "adc.comparator_leakage_w", 5.432e-11, "W", "static bias of one comparator",
                           non_negative<double>()),
      m_converter_leakage(s, "adc.converter_leakage_w", 0.4547e-9, "W",
                          "one ADC besides its comparators: encoder, output register, reference tap",
                          non_negative<double>()),
      m_converter_leakage_per_bit(s, "adc.converter_leakage_per_bit_w", 0.1344e-9, "W",
                                  "the same, per output bit (encoder and register width)", non_negative<double>()) {}

int adc_model::comparators() const { return m_type == kind::sar ? 1 : (1 << m_bits) - 1; }

double adc_model::area_m2() const {
    const double f2 = m_tech->logic_f2_m2();
    if (m_type == kind::sar)
        return (m_sar_logic_area + m_comparator_area + m_sar_dac_unit_cap_area * std::ldexp(1.0, m_bits)) * f2;
    const double levels = std::ldexp(1.0, m_bits) - 1.0;
    return comparators() * (m_comparator_area + m_comparator_sizing_area * levels) * f2;
}

double adc_model::reference_area_m2() const { return m_reference_area_fraction * area_m2(); }

double adc_model::sensing_delay_s() const {
    // The column node drives the inputs of the comparators: one RC step per comparator on
    // top of the unloaded sensing delay.
    // The column's own line adds a delay per row it spans (a 64-row column senses faster).
    // Before the column reaches its ADC, the mux decoder must switch its select line, which
    // drives one transmission gate per ADC of the subarray: fewer columns per ADC, more
    // gates, a slower select (no mux, no select at all).
    // Across nodes the sensing delay follows FO4 only in part (the cell current that
    // charges the column does not scale with the node): core::technology::array_delay_scale.
    const double at_ref = m_sense_delay + m_column_rows * m_sense_delay_per_row +
                          comparators() * m_comparator_load_delay + m_select_gates * m_mux_select_delay;
    return at_ref * m_tech->array_delay_scale();
}

double adc_model::conversion_time_s() const {
    // MLSA: every comparator decides at once. SAR: the column is sampled (sensed by its
    // one comparator), then one decision per bit, each a DAC step and a comparison.
    if (m_type == kind::mlsa) return sensing_delay_s();
    return sensing_delay_s() + m_bits * m_sar_cycle * m_tech->delay_scale();
}

double adc_model::conversion_s(double clock_s) const {
    // Whole clocks: one when the clock follows the conversion (the study's rule).
    const double clocks = std::ceil(conversion_time_s() / clock_s * (1 - 1e-9));
    return std::max(1.0, clocks) * clock_s;
}

double adc_model::sensing_energy_j(double activity) const {
    // The sensed current grows with the rows summed on the column, and with it the energy
    // of sensing it and (MLSA) of the comparators biased to its full scale. Sensing charges
    // the column's node to a swing the device sets, from VDD: F·VDD across nodes; it falls
    // with the share of rows an input drives (activity, squared: current and swing).
    const double rows = m_column_rows / 128.0;
    const double act2 = activity * activity;
    // The ADC's input node carries the drains of the mux's gates: one more per column shared.
    // The sensed current is the cells': its part follows the cell's read current.
    const double sensing = (m_energy_per_conversion + m_mux_inputs * m_energy_per_mux_input) * m_read_current_ratio;
    const double comparators = m_type == kind::sar ? 0.0 : m_energy_per_comparator * (std::ldexp(1.0, m_bits) - 1.0);
    return (sensing + comparators) * rows * m_tech->analog_energy_scale() * act2;
}

double adc_model::decision_energy_j() const {
    // A SAR's decisions switch its DAC and logic rail to rail (F·VDD²), whatever the input;
    // an MLSA's comparators decide within the sensing.
    return m_type == kind::sar ? m_bits * m_sar_energy_per_cycle * m_tech->energy_scale() : 0.0;
}

double adc_model::conversion_energy_j(double activity) const {
    return sensing_energy_j(activity) + decision_energy_j();
}

double adc_model::converter_leakage_w() const {
    return (m_converter_leakage + m_bits * m_converter_leakage_per_bit) * m_tech->leakage_scale();
}

double adc_model::leakage_w() const {
    return converter_leakage_w() + comparators() * m_comparator_leakage * m_tech->leakage_scale();
}

} // namespace adc
} // namespace pimscope
