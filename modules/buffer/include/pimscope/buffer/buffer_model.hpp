#pragma once
// Register-file buffers: the chip's global buffer whose cores feed the global bus, the tile
// buffers (a layer's input rows in, its partial sums out) and the PE's output registers
// (docs/models.md §4.4). Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

namespace pimscope::buffer {

// Tile buffer, per window: outputs leave one at a time and inputs come in through the
// port on each of the layer's tiles (the serial part, one tile's); over all tiles, the
// input bits written and read and the partial-sum words of the tiles and PEs.
struct tile_buffer_work {
    double outputs_serial = 0, input_bits_serial = 0;
    double input_bits = 0;
    double words = 0;
    int word_bits = 0;
    double pe_words = 0;
    int pe_word_bits = 0;
};

class buffer_model {
public:
    buffer_model(const core::param_scope& scope, const core::technology& tech);

    double tile_area_m2(int tile_columns) const;   // one tile's buffer bits
    // A buffer port `bits` wide: a register bit per port bit (its latches, sense and
    // write drivers; docs/models.md §4.4).
    double port_area_m2(int bits) const;
    double cycles_per_output() const { return m_access_cycles; }   // outputs go one at a time
    // The tile's output buffer is banked: one bank per `buffer.outputs_per_bank` outputs its
    // ADCs deliver in one conversion phase (tile columns / columns per ADC), and up to
    // `buffer.max_parallel_banks` banks (the tile bus over one bank's port) take outputs at
    // once. A wide mux leaves one bank; one ADC per column or two fill several.
    int output_banks(int tile_columns, int columns_per_adc) const;
    double access_s() const;                   // + the register file's access time per output
    int input_bits_per_cycle() const { return m_input_port_bits; }
    int global_port_bits() const { return m_global_port_bits; }   // one global-buffer core

    // Energies (docs/models.md §4.4): `bits` read from or written to the global buffer;
    // input bits written to a tile's input buffer and read back out of it; `words`
    // partial sums of `word_bits` each written to and read from a tile's output buffer or
    // a PE's output registers, each access costing its word's bits plus the decoder's share.
    double global_energy_j(double bits) const;
    double tile_input_energy_j(double bits) const;
    double partial_sum_energy_j(double words, int word_bits) const;

    // One window through the layer's tile buffers: the time on one tile (outputs one at a
    // time, inputs through the port) and the energy over all of them.
    double tile_window_s(const tile_buffer_work& w, double clock_s) const;
    double tile_window_energy_j(const tile_buffer_work& w) const;
    // `bits` through `cores` global-buffer cores in parallel, for a layer that holds them
    // one `share`-th of the time.
    double global_transfer_s(double bits, double cores, double share, double clock_s) const;

private:
    const core::technology* m_tech;
    core::param<double> m_register_bit_area;
    core::param<int> m_bits_per_tile_column;
    core::param<double> m_access_cycles, m_access_time;
    core::param<int> m_input_port_bits, m_global_port_bits, m_outputs_per_bank, m_max_parallel_banks;
    core::param<double> m_global_energy_per_bit, m_tile_input_energy_per_bit, m_partial_sum_energy_per_bit,
        m_word_decoder_bits;
};

} // namespace pimscope::buffer
