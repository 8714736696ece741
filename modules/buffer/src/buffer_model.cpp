#include "pimscope/buffer/buffer_model.hpp"

namespace pimscope::buffer {

using core::non_negative;
using core::positive;

buffer_model::buffer_model(const core::param_scope& s, const core::technology& tech)
    : m_tech(&tech),
      m_register_bit_area(s, "buffer.register_bit_area_f2", 6198, "F2", "one register-file bit (DFF + ports)",
                          non_negative<double>()),
      m_tile_bits(s, "buffer.tile_bits", 65536, "bit", "register-file bits of one tile", positive<int>()),
      m_access_cycles(s, "buffer.access_cycles", 1.037, "cycle", "clock cycles per output element written",
                      non_negative<double>()),
      m_access_time(s, "buffer.access_time_s", 0.264e-9, "s",
                    "register-file access time per output element, on top of the cycles", non_negative<double>()),
      m_input_port_bits(s, "buffer.input_port_bits", 557, "bit", "input bits the tile buffer delivers per cycle",
                        positive<int>()),
      m_global_port_bits(s, "buffer.global_port_bits", 128, "bit", "global buffer: bits per core per cycle",
                         positive<int>()),
      m_global_bus_max_bits(s, "buffer.global_bus_max_bits", 2048, "bit",
                            "global bus width cap (halved from the tiles' width until below)", positive<int>()),
      m_input_energy_per_bit(s, "buffer.energy_per_input_bit_j", 0.0397e-12, "J",
                             "one input bit through the tile buffer", non_negative<double>()),
      m_output_energy_per_bit(s, "buffer.energy_per_output_bit_j", 0.01856e-12, "J",
                              "one output bit written to the tile buffer", non_negative<double>()),
      m_output_extra_bits(s, "buffer.output_extra_bits", 1.28, "bit",
                          "an output element holds the ADC bits plus these", non_negative<double>()) {}

double buffer_model::tile_area_m2() const { return double(m_tile_bits) * m_register_bit_area * m_tech->f2_m2(); }

double buffer_model::input_energy_per_bit_j() const { return m_input_energy_per_bit * m_tech->energy_scale(); }

double buffer_model::output_energy_j(int adc_bits) const {
    return (adc_bits + m_output_extra_bits) * m_output_energy_per_bit * m_tech->energy_scale();
}

double buffer_model::access_s() const { return m_access_time * m_tech->delay_scale(); }

} // namespace pimscope::buffer
