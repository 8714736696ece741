#include "pimscope/buffer/buffer_model.hpp"

#include <algorithm>

namespace pimscope::buffer {

using core::non_negative;
using core::positive;

// Energy constants: DNN+NeuroSim V1.3's register-file buffers, fitted once over every 22 nm
// RRAM layer of the reference runs (docs/calibration/neurosim_accounting.md §4.1).
buffer_model::buffer_model(const core::param_scope& s, const core::technology& tech)
    : m_tech(&tech),
      m_register_bit_area(s, "buffer.register_bit_area_f2", 6198, "F2", "one register-file bit (DFF + ports)",
                          non_negative<double>()),
      m_bits_per_tile_column(s, "buffer.bits_per_tile_column", 8, "bit",
                             "register-file bits of a tile per column of its crossbar grid", positive<int>()),
      m_access_cycles(s, "buffer.access_cycles", 1.037, "cycle", "clock cycles per output element written",
                      non_negative<double>()),
      m_access_time(s, "buffer.access_time_s", 0.264e-9, "s",
                    "register-file access time per output element, on top of the cycles", non_negative<double>()),
      m_input_port_bits(s, "buffer.input_port_bits", 557, "bit", "input bits the tile buffer delivers per cycle",
                        positive<int>()),
      m_global_port_bits(s, "buffer.global_port_bits", 128, "bit", "global buffer: bits per core per cycle",
                         positive<int>()),
      m_outputs_per_bank(s, "buffer.outputs_per_bank", 128, "element",
                         "tile output buffer: outputs of one conversion phase one bank takes", positive<int>()),
      m_max_parallel_banks(s, "buffer.max_parallel_banks", 3, "bank",
                           "tile output buffer: banks the tile bus writes at once", positive<int>()),
      m_global_energy_per_bit(s, "buffer.global_energy_per_bit_j", 1.622e-15, "J",
                              "global buffer: one bit read or written", non_negative<double>()),
      m_tile_input_energy_per_bit(s, "buffer.tile_input_energy_per_bit_j", 11.20e-15, "J",
                                  "tile input buffer: one input bit written and read (PE input registers included)",
                                  non_negative<double>()),
      m_partial_sum_energy_per_bit(s, "buffer.partial_sum_energy_per_bit_j", 5.127e-15, "J",
                                   "tile output buffer or PE output registers: one partial-sum bit written and read",
                                   non_negative<double>()),
      m_word_decoder_bits(s, "buffer.word_decoder_bits", 1, "bit",
                          "decoder share of one partial-sum word access, in bit accesses", non_negative<double>()) {}

double buffer_model::tile_area_m2(int tile_columns) const {
    // The tile's buffers hold rows of its inputs and outputs: they grow with its width.
    return double(m_bits_per_tile_column) * tile_columns * m_register_bit_area * m_tech->logic_f2_m2();
}

double buffer_model::port_area_m2(int bits) const { return double(bits) * m_register_bit_area * m_tech->logic_f2_m2(); }

int buffer_model::output_banks(int tile_columns, int columns_per_adc) const {
    const int per_phase = tile_columns / std::max(1, columns_per_adc);
    const int banks = (per_phase + m_outputs_per_bank - 1) / m_outputs_per_bank;
    return std::clamp(banks, 1, int(m_max_parallel_banks));
}

// A register-file bit line is read like a column: array_delay_scale (the reference's buffer
// cycles per output are the same at 14, 22, 65 and 130 nm).
double buffer_model::access_s() const { return m_access_time * m_tech->array_delay_scale(); }

double buffer_model::global_energy_j(double bits) const {
    return bits * m_global_energy_per_bit * m_tech->energy_scale();
}

double buffer_model::tile_input_energy_j(double bits) const {
    return bits * m_tile_input_energy_per_bit * m_tech->energy_scale();
}

double buffer_model::partial_sum_energy_j(double words, int word_bits) const {
    return words * (word_bits + m_word_decoder_bits) * m_partial_sum_energy_per_bit * m_tech->energy_scale();
}

double buffer_model::tile_window_s(const tile_buffer_work& w, double clock_s) const {
    return w.outputs_serial * (cycles_per_output() * clock_s + access_s()) +
           w.input_bits_serial / input_bits_per_cycle() * clock_s;
}

double buffer_model::tile_window_energy_j(const tile_buffer_work& w) const {
    return tile_input_energy_j(w.input_bits) + partial_sum_energy_j(w.words, w.word_bits) +
           partial_sum_energy_j(w.pe_words, w.pe_word_bits);
}

double buffer_model::global_transfer_s(double bits, double cores, double share, double clock_s) const {
    return bits / global_port_bits() / cores * share * clock_s;
}

} // namespace pimscope::buffer
