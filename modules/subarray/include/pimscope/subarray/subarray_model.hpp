#pragma once
// A crossbar subarray: its geometry, its cells (the device) and their non-idealities, and
// the circuit model of the array, its drivers and column mux (docs/models.md §4.1).
// XNOR-parallel mode: each ±1 weight is a complementary pair of cells on two rows of one
// column, all rows are read at once, no DAC; `columns_per_adc` columns share one ADC
// through the column mux. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"
#include "pimscope/subarray/device_model.hpp"

#include <cstdint>

namespace pimscope::subarray {

// Subarrays and ADCs, per window and input plane: reads of `read_rows` rows, conversions
// at a column-current share `activity`, periphery activations. Per group of windows (one
// per copy, the copies in parallel): `planes` reads, each of the column-mux phases.
struct array_work {
    int planes = 1;
    double reads = 0, read_rows = 0, conversions = 0, activity = 1, periphery_reads = 0;
    // Conversions whose SAR decisions are charged (= conversions, except for a copy read as
    // one array: its slices' SAR ADCs all decide, docs/models.md §5).
    double decisions = 0;
};

enum class array_mode { xnor_parallel };
enum class device_type { rram, sram };

class subarray_model {
public:
    subarray_model(const core::param_scope& scope, const core::technology& tech);

    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    int columns_per_adc() const { return m_columns_per_adc; }
    int adcs() const { return m_cols / m_columns_per_adc; }
    int synapses_per_column() const { return m_rows / 2; }   // two rows per ±1 weight

    double cell_array_area_m2() const;
    // Row and column periphery the cell needs (drivers, switches, level shifters,
    // precharge, write drivers: the device file's per-row and per-column areas).
    double periphery_area_m2() const;
    double mux_area_m2() const;              // column mux (none if the device reads without one)
    bool column_mux() const { return m_card.column_mux && m_columns_per_adc > 1; }
    // Standby leakage of the cells (volatile cells only).
    double cells_leakage_w() const;
    // The cell's read current relative to the one the read and sensing energies are stated at.
    double read_current_ratio() const { return m_card.read_current_a / m_reference_read_current; }
    const device_card& device() const { return m_card; }
    // One read of all rows (word/select/bit-line charging, drivers), for a read that drives
    // `used_rows` of the array's rows.
    double read_energy_j(double used_rows) const;
    // The rest of the periphery's energy in one read (the study's "other": row drivers and
    // switch matrix once per column-mux phase, the column mux and its decoder).
    double periphery_read_energy_j() const;

    // Layout (docs/models.md §4.1, §4.5): the array with its row periphery beside it (width) and
    // its column periphery under it (height: mux, `adc_area_m2` of ADCs spread over the
    // array's width, sensing); the PE buses run along these.
    double width_m() const;
    double height_m(double adc_area_m2) const;

    // Cells and their non-idealities (docs/models.md, "Device non-idealities").
    double on_off_ratio() const { return m_on_off_ratio; }
    double variation_sigma() const { return m_variation_sigma; }
    double read_noise_sigma() const { return m_read_noise_sigma; }
    double stuck_on_rate() const { return m_stuck_on_rate; }
    double stuck_off_rate() const { return m_stuck_off_rate; }
    uint64_t nonideal_seed() const { return uint64_t(m_nonideal_seed.get()); }

private:
    const core::technology* m_tech;
    core::param<int> m_rows, m_cols, m_columns_per_adc;
    core::param<array_mode> m_mode;
    core::param<double> m_read_energy, m_reference_read_current, m_mux_area;
    core::param<double> m_periphery_energy_per_row, m_mux_decoder_phases;
    core::param<double> m_row_periphery_width, m_column_periphery_height;
    core::param<device_type> m_device;
    core::param<std::string> m_device_file;
    device_card m_card;
    core::param<double> m_cell_width, m_cell_height, m_on_off_ratio;
    core::param<int> m_bits_per_cell;
    core::param<double> m_variation_sigma, m_read_noise_sigma, m_stuck_on_rate, m_stuck_off_rate;
    core::param<int64_t> m_nonideal_seed;
};

} // namespace pimscope::subarray

template <>
struct pimscope::core::enum_names<pimscope::subarray::array_mode> {
    static const std::vector<std::pair<subarray::array_mode, const char*>>& table();
};
template <>
struct pimscope::core::enum_names<pimscope::subarray::device_type> {
    static const std::vector<std::pair<subarray::device_type, const char*>>& table();
};
