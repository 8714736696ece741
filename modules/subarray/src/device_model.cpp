#include "pimscope/subarray/device_model.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>

namespace pimscope::subarray {

device_card load_device_card(const std::string& path) {
    if (!std::filesystem::exists(path)) throw input_error(path, "", "device file does not exist");
    const auto tree = param_tree::from_yaml_file(path);
    core::param_registry r(tree);
    const core::param_scope s("", r);
    using core::non_negative;
    using core::positive;
    core::param<std::string> source{s, "source", "", "", "where the numbers come from"};
    core::param<double> width{s, "cell_width_f", 12, "F", "cell width along a row", positive<double>()};
    core::param<double> height{s, "cell_height_f", 5, "F", "cell height along a column", positive<double>()};
    core::param<double> ratio{s, "on_off_ratio", 17, "", "read current of an on cell / an off cell",
                              [](const double& v) { return v > 1 ? std::string() : std::string("must be greater than 1"); }};
    core::param<int> bits{s, "max_bits_per_cell", 1, "bit", "levels the cell can hold", core::in_range(1, 8)};
    core::param<double> current{s, "read_current_a", 83.3e-6, "A", "read current of one on cell", positive<double>()};
    core::param<double> leakage{s, "cell_leakage_w", 0, "W", "standby leakage of one cell at the reference node",
                                non_negative<double>()};
    core::param<double> row_area{s, "row_periphery_area_f2", 0, "F2", "periphery per row", non_negative<double>()};
    core::param<double> col_area{s, "column_periphery_area_f2", 0, "F2", "periphery per column",
                                 non_negative<double>()};
    core::param<bool> mux{s, "column_mux", true, "", "columns reach a shared ADC through a column mux"};
    r.check_all_used();
    device_card c;
    c.file = path;
    c.cell_width_f = width;
    c.cell_height_f = height;
    c.on_off_ratio = ratio;
    c.max_bits_per_cell = bits;
    c.read_current_a = current;
    c.cell_leakage_w = leakage;
    c.row_periphery_area_f2 = row_area;
    c.column_periphery_area_f2 = col_area;
    c.column_mux = mux;
    return c;
}

} // namespace pimscope::subarray
