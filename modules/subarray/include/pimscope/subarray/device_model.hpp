#pragma once
// A memory cell as data (docs/models.md §4.1, "Device files"): its layout, its read current
// and on/off ratio, its standby leakage, the periphery it needs per row and per column,
// and whether its columns reach the ADCs through a column mux. One file per cell type,
// device/<type>.yaml beside the arch file (configs/arch/device/ ships RRAM 1T1R and SRAM
// 6T), chosen by `device.type`. Plain C++.
#include "pimscope/core/param.hpp"

#include <string>

namespace pimscope::subarray {

struct device_card {
    std::string file;
    double cell_width_f = 0;             // along a row
    double cell_height_f = 0;            // along a column
    double on_off_ratio = 0;             // read current of an on cell / an off cell
    int max_bits_per_cell = 1;           // levels the cell can hold, in bits
    double read_current_a = 0;           // one on cell at its read condition
    double cell_leakage_w = 0;           // standby, per cell, at the reference node
    double row_periphery_area_f2 = 0;    // per row: word-line driver/switch (+ level shifters)
    double column_periphery_area_f2 = 0; // per column: source-line switch / precharge, write driver
    bool column_mux = true;              // columns share an ADC through a transmission-gate mux
};

// Reads and checks a device file (every field declared, none unknown).
device_card load_device_card(const std::string& path);

} // namespace pimscope::subarray
