#include "pimscope/subarray/subarray_model.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>

namespace pimscope {

const std::vector<std::pair<subarray::array_mode, const char*>>& core::enum_names<subarray::array_mode>::table() {
    static const std::vector<std::pair<subarray::array_mode, const char*>> t{
        {subarray::array_mode::xnor_parallel, "xnor_parallel"}};
    return t;
}
const std::vector<std::pair<subarray::device_type, const char*>>& core::enum_names<subarray::device_type>::table() {
    static const std::vector<std::pair<subarray::device_type, const char*>> t{{subarray::device_type::rram, "rram"},
                                                                             {subarray::device_type::sram, "sram"}};
    return t;
}

namespace subarray {

namespace {
std::string type_name(device_type t) { return core::detail::enum_codec<device_type>::text(t); }

device_card device_card_of(const core::param_scope& s, const core::param<device_type>& type,
                           const core::param<std::string>& file) {
    const auto& r = *s.registry;
    const std::string name = "device/" + type_name(type) + ".yaml";
    std::string shipped;
    const std::string path = core::card_path(r, file, name, &shipped);
    if (!std::filesystem::exists(path)) {
        const std::string key = file.get().empty() ? type.set_by() : file.set_by();
        throw input_error(r.config().origin(), r.config().where(key.empty() ? "device.type" : key),
                          "no device file '" + path + "'" + (shipped.empty() ? "" : " (nor '" + shipped + "')"));
    }
    return load_device_card(path);
}
} // namespace

using core::non_negative;
using core::positive;

subarray_model::subarray_model(const core::param_scope& s, const core::technology& tech)
    : m_tech(&tech),
      m_rows(s, "array.rows", 128, "row", "rows of a subarray (two per ±1 weight)",
             [](const int& v) {
                 if (v <= 0 || v % 2 != 0)
                     return std::string("must be a positive even number (two rows per binary weight)");
                 return v <= 4096 ? std::string() : std::string("must be at most 4096");
             }),
      m_cols(s, "array.cols", 128, "column", "columns of a subarray", core::in_range(1, 4096)),
      m_columns_per_adc(s, "array.columns_per_adc", 8, "column", "columns sharing one ADC through the column mux",
                        positive<int>()),
      m_mode(s, "array.mode", array_mode::xnor_parallel, "",
             "two rows per ±1 weight, all rows read at once, no DAC"),
      m_read_energy(s, "array.read_energy_j", 19.4e-12, "J",
                    "one read of all rows of a 128-row array (line charging, drivers)", non_negative<double>()),
      m_reference_read_current(s, "array.reference_read_current_a", 83.3e-6, "A",
                               "cell read current the read and sensing energies are stated at (the study's RRAM: 0.5 V / 6 kOhm)",
                               core::positive<double>()),
      m_mux_area(s, "array.mux_area_f2", 5785, "F2", "one column-mux transmission gate with its decoder share",
                 non_negative<double>()),
      // The periphery's energy and layout: fitted once over every 22 nm RRAM layer of the
      // reference runs (docs/calibration/neurosim_accounting.md §4.2, §4.4).
      m_periphery_energy_per_row(s, "array.periphery_energy_per_row_j", 6.254e-15, "J",
                                 "row drivers and switch matrix: one row in one column-mux phase of a read",
                                 non_negative<double>()),
      m_mux_decoder_phases(s, "array.mux_decoder_phases", 0.38, "",
                           "column-mux decoder of one read, in row-drive phases (with more than one column per ADC)",
                           non_negative<double>()),
      m_row_periphery_width(s, "array.row_periphery_width_f", 6025, "F",
                            "row periphery (WL/SL drivers, switch matrix) beside the array", non_negative<double>()),
      m_column_periphery_height(s, "array.column_periphery_height_f", 1340, "F",
                                "column periphery under the array besides mux and ADCs (sensing, shift-add)",
                                non_negative<double>()),
      m_device(s, "device.type", device_type::rram, "", "memory cell; selects the device file device/<type>.yaml"),
      m_device_file(s, "device.file", "", "", "device file (relative to the arch file); default: device/<type>.yaml"),
      m_card(device_card_of(s, m_device, m_device_file)),
      m_cell_width(s, "device.cell_width_f", m_card.cell_width_f, "F", "cell width along a row (default: the device file's)",
                   positive<double>()),
      m_cell_height(s, "device.cell_height_f", m_card.cell_height_f, "F",
                    "cell height along a column (default: the device file's)", positive<double>()),
      m_on_off_ratio(s, "device.on_off_ratio", m_card.on_off_ratio, "", "G_on / G_off (default: the device file's)",
                     [](const double& v) { return v > 1 ? std::string() : std::string("must be greater than 1"); }),
      m_bits_per_cell(s, "device.bits_per_cell", 1, "bit", "bits stored per cell (binary networks: 1)",
                      core::in_range(1, 8)),
      m_variation_sigma(s, "nonideal.variation_sigma", 0, "", "log-normal sigma of each cell's conductance",
                        core::in_range(0.0, 3.0)),
      m_read_noise_sigma(s, "nonideal.read_noise_sigma", 0, "G_on", "Gaussian noise per read on each column current",
                         non_negative<double>()),
      m_stuck_on_rate(s, "nonideal.stuck_on_rate", 0, "", "share of cells stuck at LRS", core::in_range(0.0, 1.0)),
      m_stuck_off_rate(s, "nonideal.stuck_off_rate", 0, "", "share of cells stuck at HRS", core::in_range(0.0, 1.0)),
      m_nonideal_seed(s, "nonideal.seed", 1, "", "draws the chip's cells and its read noise", non_negative<int64_t>()) {
    const auto& config = s.registry->config();
    if (m_bits_per_cell > m_card.max_bits_per_cell)
        throw input_error(config.origin(), config.where("device.bits_per_cell"),
                          "a cell of device '" + type_name(m_device) + "' holds at most " +
                              std::to_string(m_card.max_bits_per_cell) + " bit" +
                              (m_card.max_bits_per_cell > 1 ? "s" : "") + " (device file " + m_card.file + ")");
    if (m_bits_per_cell != 1)
        throw input_error(config.origin(), config.where("device.bits_per_cell"),
                          "must be 1: binary weights map one bit per cell (XNOR-parallel)");
    if (m_cols % m_columns_per_adc != 0)
        throw input_error(config.origin(), config.where("array.columns_per_adc"),
                          "must divide array.cols (" + std::to_string(m_cols.get()) + ")");
    if (m_stuck_on_rate + m_stuck_off_rate > 1)
        throw input_error(config.origin(), config.where("nonideal.stuck_on_rate"),
                          "stuck_on_rate + stuck_off_rate must not exceed 1");
}

double subarray_model::cell_array_area_m2() const {
    return double(m_rows) * m_cols * m_cell_width * m_cell_height * m_tech->f2_m2();
}

double subarray_model::periphery_area_m2() const {
    return (m_rows * m_card.row_periphery_area_f2 + m_cols * m_card.column_periphery_area_f2) *
           m_tech->wide_logic_f2_m2();
}

double subarray_model::mux_area_m2() const {
    return column_mux() ? double(m_cols) * m_mux_area * m_tech->wide_logic_f2_m2() : 0.0;
}

double subarray_model::cells_leakage_w() const {
    return double(m_rows) * m_cols * m_card.cell_leakage_w * m_tech->leakage_scale();
}

double subarray_model::read_energy_j(double used_rows) const {
    // The lines of the whole array charge in proportion to its rows (stated for 128);
    // rows left undriven do not. They charge to the read voltage the device sets, drawn
    // from VDD: F·VDD across nodes (core::technology::analog_energy_scale).
    // The lines carry the cells' current: the energy follows the cell's read current.
    return m_read_energy * read_current_ratio() * m_tech->analog_energy_scale() * (double(m_rows) / 128.0) *
           (used_rows / m_rows);
}

double subarray_model::periphery_read_energy_j() const {
    // Every row's driver switches once per column-mux phase; the mux decoder only exists
    // when columns share an ADC.
    const double phases = m_columns_per_adc + (column_mux() ? m_mux_decoder_phases.get() : 0.0);
    // A row's driver charges its word line, as long as the row: the constant is stated for
    // the study's 128 columns of 12F-wide 1T1R cells.
    const double row_length = m_cols * m_cell_width / (128.0 * 12.0);
    return m_periphery_energy_per_row * row_length * m_rows * phases * m_tech->energy_scale();
}

double subarray_model::width_m() const {
    return (m_cols * m_cell_width + m_row_periphery_width) * m_tech->feature_m();
}

double subarray_model::height_m(double adc_area_m2) const {
    const double array_width_m = m_cols * m_cell_width * m_tech->feature_m();
    return (m_rows * m_cell_height + m_column_periphery_height) * m_tech->feature_m() +
           (mux_area_m2() + adc_area_m2) / array_width_m;
}

} // namespace subarray
} // namespace pimscope
