#include "pimscope/chip/chip_models.hpp"

#include "pimscope/common/error.hpp"

#include <cmath>
#include <sstream>

namespace pimscope {

const std::vector<std::pair<chip::clock_mode, const char*>>& core::enum_names<chip::clock_mode>::table() {
    static const std::vector<std::pair<chip::clock_mode, const char*>> t{{chip::clock_mode::fixed, "fixed"},
                                                                         {chip::clock_mode::sensing, "sensing"}};
    return t;
}

namespace chip {

namespace {
// No clock of this chip is faster than 1 THz: a period of 1e-49 s is a typo, and it would
// turn every delay into more cycles than an int counts.
core::param_check<double> at_least_a_picosecond(bool zero_allowed) {
    return [zero_allowed](const double& v) {
        if (zero_allowed && v == 0) return std::string();
        return v >= 1e-12 ? std::string()
                          : std::string("must be at least 1e-12 s (a 1 THz clock)") + (zero_allowed ? ", or 0" : "");
    };
}
} // namespace

clock_model::clock_model(const core::param_scope& s)
    : m_mode(s, "clock.mode", clock_mode::sensing, "",
             "fixed: clock.period_s; sensing: one ADC conversion (the study's rule)"),
      m_period(s, "clock.period_s", 1.96e-9, "s", "clock period in fixed mode", at_least_a_picosecond(false)),
      m_digital_period(s, "clock.digital_period_s", 1.0e-9, "s",
                       "design period digital stages are timed against (0: the chip clock)",
                       at_least_a_picosecond(true)) {}

chip_models::chip_models(const core::param_scope& s)
    : tech(s), clock(s), subarray(s, tech), adc(s, tech, subarray),
      clock_s(clock.mode() == clock_mode::sensing ? adc.conversion_time_s() : clock.fixed_period_s()),
      digital_period_s(clock.digital_period_s() > 0 ? clock.digital_period_s() : clock_s),
      accum(s, tech, digital_period_s), buffer(s, tech),
      interconnect(s, tech, digital_period_s), tile(s, tech, subarray, adc, accum, buffer) {
    // The sensing clock is not a parameter of its own: its floor is checked on what sets it.
    if (clock.mode() == clock_mode::sensing && !(clock_s >= 1e-12)) {
        std::ostringstream o;
        o << "the chip clock follows one ADC conversion (clock.mode sensing), which these make " << clock_s
          << " s: it must be at least 1e-12 s (a 1 THz clock)";
        throw input_error(s.registry->config().origin(),
                          "adc.sense_delay_s, adc.sense_delay_per_row_s, adc.comparator_load_delay_s, adc.mux_select_delay_per_gate_s",
                          o.str());
    }
}

double chip_models::tile_pitch_m() const { return std::sqrt(tile.area().total_m2()); }

double chip_models::global_bus_bits(int tiles) const {
    const int rows = tile.rows();
    return interconnect.global_bus_bits(tiles, rows + rows / subarray.columns_per_adc());
}

chip_area chip_models::area(int tiles) const {
    const auto t = tile.area();
    chip_area a;
    a.array_m2 = double(tiles) * t.array_m2;
    a.adc_m2 = double(tiles) * t.adc_m2;
    a.accumulation_m2 = double(tiles) * t.accumulation_m2;
    a.other_m2 = double(tiles) * t.other_m2;
    a.interconnect_m2 = interconnect.area_m2(tile_pitch_m(), tiles, global_bus_bits(tiles));
    return a;
}

double chip_models::datapath_area_m2(int stages, int tiles, int port_bits, int link_bits, int lanes,
                                     int multiplier_rows) const {
    const double ports = double(stages + 1) * buffer.port_area_m2(port_bits);
    const double links = double(stages + 1) * interconnect.link_area_m2(link_bits, tile_pitch_m(), tiles);
    const double units = (double(stages) + double(multiplier_rows)) * double(lanes) * accum.adder_area_m2(16);
    return ports + links + units;
}

} // namespace chip
} // namespace pimscope
