#include "pimscope/accum/accum_model.hpp"

#include "pimscope/core/cycles.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::accum {

using core::non_negative;

accum_model::accum_model(const core::param_scope& s, const core::technology& tech, double timing_period_s)
    : m_tech(&tech), m_timing_period_s(timing_period_s),
      m_area_per_bit(s, "accumulation.adder_area_per_bit_f2", 2254, "F2", "one full-adder bit",
                     non_negative<double>()),
      m_fixed_delay(s, "accumulation.adder_fixed_delay_s", 0.32e-9, "s",
                    "ripple-carry adder: delay independent of its width", non_negative<double>()),
      m_carry_delay(s, "accumulation.adder_carry_delay_s", 44e-12, "s",
                    "ripple-carry adder: carry delay per bit", non_negative<double>()),
      m_fixed_energy(s, "accumulation.adder_fixed_energy_j", 1.187e-15, "J",
                     "one addition: operand and result registers' share", non_negative<double>()),
      m_energy_per_bit(s, "accumulation.adder_energy_per_bit_j", 1.023e-15, "J",
                       "one addition: per bit of width", non_negative<double>()) {}

int accum_model::stage_cycles(int width) const {
    const double t = (m_fixed_delay + width * m_carry_delay) * m_tech->delay_scale();
    return core::whole_cycles(t, m_timing_period_s,
                              "accumulation.adder_fixed_delay_s, accumulation.adder_carry_delay_s, clock.digital_period_s");
}

double accum_model::add_energy_j(int width) const {
    return (m_fixed_energy + width * m_energy_per_bit) * m_tech->energy_scale();
}

int accum_model::tree_cycles(int inputs, int width) const {
    int cycles = 0;
    for (int n = inputs, w = width; n > 1; n = (n + 1) / 2, ++w) cycles += stage_cycles(w);
    return cycles;
}

double accum_model::tree_energy_j(int inputs, int width) const {
    double e = 0;   // a stage adds pairs; an odd operand passes on to the next stage
    for (int n = inputs, w = width; n > 1; n = (n + 1) / 2, ++w) e += (n / 2) * add_energy_j(w);
    return e;
}

double accum_model::adder_area_m2(double bits) const { return bits * m_area_per_bit * m_tech->logic_f2_m2(); }

double accum_model::cycles_of(const std::vector<tree_pass>& passes) const {
    double cycles = 0;
    for (const auto& p : passes) cycles += p.count * tree_cycles(p.inputs, p.width);
    return cycles;
}

double accum_model::energy_of(const std::vector<tree_pass>& passes) const {
    double joules = 0;
    for (const auto& p : passes) joules += p.count * tree_energy_j(p.inputs, p.width);
    return joules;
}

} // namespace pimscope::accum
