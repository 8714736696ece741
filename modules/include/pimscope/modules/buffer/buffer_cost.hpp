#pragma once
// Cost model of the register-file buffers (tile and stage buffers). docs/models.md 4.3.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct buffer_cost {
    double tile_area_m2 = 0;          // tile buffer: tile_buffer_bits register-file bits
    double energy_per_bit_j = 0;      // one input bit read/written
    double energy_per_output_j = 0;   // one output element written
    double cycles_per_output = 0;     // output elements go through one at a time
    double access_s = 0;              // + the register file's access time per output
    int input_bits_per_cycle = 0;
    int global_port_bits = 0;         // global buffer: bits per core access
    int global_bus_max_bits = 0;      // global bus: widest it may grow with the tile count
    double leakage_w = 0;             // one tile's buffers and periphery
};
buffer_cost buffer_model(const arch_config& a);

} // namespace pimscope::modules
