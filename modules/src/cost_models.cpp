// The circuit cost models of the blocks (subarray + ADC, accumulation, buffers,
// interconnect) and the per-action costs the SystemC modules charge. Every formula is in
// docs/models.md section 4 with its source; the constants are data (configs/arch).
#include "pimscope/modules/accum/accum_cost.hpp"
#include "pimscope/modules/buffer/buffer_cost.hpp"
#include "pimscope/modules/core/tech_scale.hpp"
#include "pimscope/modules/interconnect/interconnect_cost.hpp"
#include "pimscope/modules/subarray/subarray_cost.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::modules {

namespace {
double comparators(const arch_config& a) {
    return a.adc_type == "sar" ? 1.0 : std::ldexp(1.0, a.adc_bits) - 1.0;
}
bool sar(const arch_config& a) { return a.adc_type == "sar"; }
} // namespace

double clock_period(const arch_config& a) {
    if (a.clock_mode != "sensing") return a.clock_period_s;
    // The MLSA senses the column node, loaded by the inputs of its comparators: one RC
    // step per comparator on top of the unloaded sensing delay. A SAR ADC presents one
    // comparator; its b decisions take b clocks (adc_model).
    const auto& c = a.circuit;
    return (c.sense_delay_s + comparators(a) * c.comparator_load_delay_s) * tech_scale::of(a).delay;
}

adc_cost adc_model(const arch_config& a) {
    const auto s = tech_scale::of(a);
    const auto& c = a.circuit;
    const double n = comparators(a);
    const double levels = std::ldexp(1.0, a.adc_bits) - 1.0;
    adc_cost r;
    const double t = clock_period(a);
    if (!sar(a)) {
        // Flash-style MLSA: 2^b - 1 comparators, each sized up with the number of levels
        // it must resolve (offset must stay a fraction of one level).
        r.area_m2 = n * (c.comparator_area_f2 + c.comparator_sizing_area_f2 * levels) * s.f2_m2;
        r.conversion_s = t;
        r.energy_per_conversion_j =
            (c.adc_energy_per_conversion_j + c.adc_energy_per_comparator_j * levels) * s.energy;
    } else {
        // SAR: one comparator, a binary-weighted capacitor DAC (2^b unit caps) and the
        // successive-approximation register; b decisions, one per clock.
        r.area_m2 = (c.sar_logic_area_f2 + c.comparator_area_f2 +
                     c.sar_dac_unit_cap_area_f2 * std::ldexp(1.0, a.adc_bits)) * s.f2_m2;
        r.conversion_s = a.adc_bits * t;
        r.energy_per_conversion_j =
            (c.adc_energy_per_conversion_j + a.adc_bits * c.sar_energy_per_cycle_j) * s.energy;
    }
    r.reference_area_m2 = c.adc_reference_area_fraction * r.area_m2;
    r.leakage_w = n * c.comparator_leakage_w * s.leakage;
    return r;
}

double column_read_energy_j(const arch_config& a, int active, int agree) {
    const double g_on = 1.0 / a.r_on_ohm, g_off = g_on / a.on_off_ratio;
    const double v = a.read_voltage_v;
    return v * v * (agree * g_on + (active - agree) * g_off) * a.read_pulse_s;
}

subarray_cost subarray_model(const arch_config& a) {
    const auto s = tech_scale::of(a);
    const auto& c = a.circuit;
    subarray_cost r;
    r.cell_array_m2 = double(a.subarray_rows) * a.subarray_cols * a.cell_width_f * a.cell_height_f * s.f2_m2;
    r.drivers_m2 = 2.0 * a.subarray_rows * c.driver_area_f2 * s.f2_m2;   // WL + SL per row
    r.mux_m2 = double(a.subarray_cols) * c.mux_area_f2 * s.f2_m2;
    r.adc = adc_model(a);
    r.adc_m2 = a.adcs_per_subarray() * r.adc.area_m2;
    r.adc_reference_m2 = a.adcs_per_subarray() * r.adc.reference_area_m2;
    const double levels = std::ldexp(1.0, a.adc_bits) - 1.0;
    r.read_energy_j = (c.read_energy_j + c.read_energy_per_comparator_j * (sar(a) ? 1.0 : levels)) *
                      s.energy * (double(a.subarray_rows) / 128.0);
    r.sensing_delay_s = clock_period(a);
    r.read_s = 0;   // the array settles within the sensing delay (one clock per phase)
    return r;
}

int accum_cost::stage_cycles(int width) const {
    const double t = fixed_delay_s + width * carry_delay_s;
    return std::max(1, int(std::ceil(t / timing_period_s - 1e-9)));
}

double accum_cost::add_energy_j(int width) const {
    return fixed_energy_j + width * energy_per_bit_j;
}

int accum_cost::tree_cycles(int inputs, int width) const {
    int cycles = 0;
    for (int n = inputs, w = width; n > 1; n = (n + 1) / 2, ++w) cycles += stage_cycles(w);
    return cycles;
}

double accum_cost::tree_energy_j(int inputs, int width) const {
    double e = 0;   // a stage adds pairs; an odd operand passes to the next stage
    for (int n = inputs, w = width; n > 1; n = (n + 1) / 2, ++w) e += (n / 2) * add_energy_j(w);
    return e;
}

accum_cost accum_model(const arch_config& a) {
    const auto s = tech_scale::of(a);
    const auto& c = a.circuit;
    accum_cost r;
    r.fixed_delay_s = c.adder_fixed_delay_s * s.delay;
    r.carry_delay_s = c.adder_carry_delay_s * s.delay;
    r.clock_s = clock_period(a);
    r.timing_period_s = c.digital_timing_period_s > 0 ? c.digital_timing_period_s : r.clock_s;
    r.fixed_energy_j = c.adder_fixed_energy_j * s.energy;
    r.energy_per_bit_j = c.adder_energy_per_bit_j * s.energy;
    r.adder_bits = a.adc_bits + int(std::lround(std::log2(double(a.pe_subarrays * a.pe_subarrays))));
    r.tile_area_m2 = double(a.tile_cols()) * r.adder_bits * c.adder_area_per_bit_f2 * s.f2_m2;
    r.energy_per_add_j = r.add_energy_j(r.adder_bits);
    r.level_s = r.stage_cycles(r.adder_bits) * r.clock_s;
    return r;
}

buffer_cost buffer_model(const arch_config& a) {
    const auto s = tech_scale::of(a);
    const auto& c = a.circuit;
    buffer_cost r;
    // The tile's buffers, drivers' decoders and control: register-file bits plus the
    // subarray periphery (drivers, mux) counted in the subarray model.
    r.tile_area_m2 = double(c.tile_buffer_bits) * c.register_bit_area_f2 * s.f2_m2;
    r.energy_per_bit_j = c.buffer_energy_per_bit_j * s.energy;
    r.energy_per_output_j =
        (a.adc_bits + c.buffer_output_extra_bits) * c.buffer_energy_per_output_bit_j * s.energy;
    r.cycles_per_output = c.buffer_access_cycles;
    r.access_s = c.buffer_access_time_s * s.delay;
    r.input_bits_per_cycle = c.buffer_input_port_bits;
    r.global_port_bits = c.global_buffer_port_bits;
    r.global_bus_max_bits = c.global_bus_max_bits;
    r.leakage_w = c.tile_leakage_w * s.leakage;
    return r;
}

int interconnect_cost::tile_cycles(double tile_pitch_m) const {
    return std::max(1, int(std::ceil(tile_delay_per_m_s * tile_pitch_m / timing_period_s - 1e-9)));
}

interconnect_cost interconnect_model(const arch_config& a) {
    const auto& t = a.tech;
    const auto& c = a.circuit;
    const auto s = tech_scale::of(a);
    interconnect_cost r;
    r.energy_per_bit_m_j = t.wire_cap_f_per_m * t.vdd_v * t.vdd_v * (1 + c.wire_repeater_overhead);
    r.output_energy_per_bit_m2_j = c.htree_output_energy_per_bit_m2_j * s.energy;
    r.tile_bits = c.tile_htree_bits;
    r.tile_delay_per_m_s = c.tile_htree_delay_per_m_s * s.delay;
    r.timing_period_s = c.digital_timing_period_s > 0 ? c.digital_timing_period_s : clock_period(a);
    r.global_cycles_per_m = c.global_bus_cycles_per_m;
    r.path_pitches = c.htree_path_pitches;
    // Area = bus width x wire pitch x length: the wire pitch scales with F, the length
    // (tile pitch) already carries the node's scaling.
    r.area_per_pitch_m = c.htree_area_per_tile_pitch_m * (t.feature_m / c.ref_feature_m);
    return r;
}

void apply_cost_models(arch_config& a) {
    a.clock_period_s = clock_period(a);
    if (a.costs_from_table) return;
    const auto sub = subarray_model(a);
    const auto acc = accum_model(a);
    const auto buf = buffer_model(a);
    const auto ic = interconnect_model(a);
    const double t = a.clock_period_s;
    a.subarray_read = {sub.read_s, sub.read_energy_j};
    a.adc_conversion = {sub.adc.conversion_s, sub.adc.energy_per_conversion_j};
    const double levels = std::ceil(std::log2(double(a.pe_subarrays * a.pe_subarrays)));
    a.adder_tree_op = {levels * acc.level_s, levels * acc.energy_per_add_j};
    a.shift_add_op = {t, acc.energy_per_add_j};
    a.accumulation_op = {acc.level_s, acc.energy_per_add_j};
    // Digital units: one 16-bit add-like operation per element and lane-step per clock.
    const double unit_j = acc.add_energy_j(16);
    a.activation_op = {t, unit_j};
    a.pooling_op = {t, unit_j};
    a.eltwise_op = {t, unit_j};
    a.buffer_energy_per_bit_j = buf.energy_per_bit_j;
    // One H-tree hop of a tile-pitch-sized chip level: ~1 mm at the study's tile size.
    a.link_energy_per_bit_hop_j = ic.energy_per_bit_m_j * 1e-3;
    a.subarray_leakage_w = sub.adc.leakage_w * a.adcs_per_subarray();
}

} // namespace pimscope::modules
