#pragma once
// Register-file buffers: the tile buffer that receives a layer's input windows and its
// outputs, and the chip's global buffer whose cores feed the global bus (docs/models.md
// §4.3). Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

namespace pimscope::buffer {

class buffer_model {
public:
    buffer_model(const core::param_scope& scope, const core::technology& tech);

    double tile_area_m2() const;               // one tile's buffer bits
    double input_energy_per_bit_j() const;     // one input bit written and read
    double output_energy_j(int adc_bits) const;   // one output element of adc_bits + extra bits
    double cycles_per_output() const { return m_access_cycles; }   // outputs go one at a time
    double access_s() const;                   // + the register file's access time per output
    int input_bits_per_cycle() const { return m_input_port_bits; }
    int global_port_bits() const { return m_global_port_bits; }   // one global-buffer core
    int global_bus_max_bits() const { return m_global_bus_max_bits; }

private:
    const core::technology* m_tech;
    core::param<double> m_register_bit_area;
    core::param<int> m_tile_bits;
    core::param<double> m_access_cycles, m_access_time;
    core::param<int> m_input_port_bits, m_global_port_bits, m_global_bus_max_bits;
    core::param<double> m_input_energy_per_bit, m_output_energy_per_bit, m_output_extra_bits;
};

} // namespace pimscope::buffer
