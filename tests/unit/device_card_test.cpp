// Device files (docs/models.md §4.1, "Device files"): the cells pimscope ships load, and
// what the subarray and ADC models take from them follows the cell.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/subarray/device_model.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

using namespace pimscope;

namespace {

const std::string arch_dir = std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch";

arch_config with_device(const std::string& type) {
    auto tree = param_tree::from_yaml_file(arch_dir + "/rram22_xnor.yaml");
    tree.set("device.type", type, true);
    return load_arch_config(tree);
}

} // namespace

TEST(device_card, shipped_cells_load_with_their_facts) {
    const auto rram = subarray::load_device_card(arch_dir + "/device/rram.yaml");
    EXPECT_NEAR(rram.read_current_a, 0.5 / 6000.0, 1e-7);   // 0.5 V across 6 kOhm
    EXPECT_DOUBLE_EQ(rram.cell_width_f * rram.cell_height_f, 60);
    EXPECT_EQ(rram.cell_leakage_w, 0);   // non-volatile
    EXPECT_TRUE(rram.column_mux);
    const auto sram = subarray::load_device_card(arch_dir + "/device/sram.yaml");
    EXPECT_DOUBLE_EQ(sram.cell_width_f * sram.cell_height_f, 280);
    EXPECT_EQ(sram.max_bits_per_cell, 1);
    EXPECT_GT(sram.cell_leakage_w, 0);
    EXPECT_FALSE(sram.column_mux);
}

TEST(device_card, the_models_follow_the_cell) {
    const arch_config rram = with_device("rram"), sram = with_device("sram");
    const auto& r = *rram.models;
    const auto& s = *sram.models;
    EXPECT_NEAR(s.subarray.cell_array_area_m2() / r.subarray.cell_array_area_m2(), 280.0 / 60.0, 1e-9);
    // No mux: no mux area, no select-line delay in the clock, no mux inputs on the ADC.
    EXPECT_EQ(s.subarray.mux_area_m2(), 0);
    EXPECT_GT(r.subarray.mux_area_m2(), 0);
    EXPECT_LT(s.clock_s, r.clock_s);
    // Sensing carries the cells' current; the SRAM cell's is smaller.
    EXPECT_LT(s.adc.sensing_energy_j(), r.adc.sensing_energy_j());
    // Volatile cells leak; the tile's leakage grows by rows x cols x cell leakage each.
    EXPECT_EQ(r.subarray.cells_leakage_w(), 0);
    EXPECT_GT(s.tile.leakage_w(), r.tile.leakage_w());
    // Without level shifters the SRAM's periphery is smaller.
    EXPECT_LT(s.subarray.periphery_area_m2(), r.subarray.periphery_area_m2());
}

TEST(device_card, an_unknown_key_or_a_bad_value_names_the_file) {
    const std::string dir = testing::TempDir();
    const std::string bad = dir + "/bad_device.yaml";
    {
        FILE* f = std::fopen(bad.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("cell_width_f: 12\ncell_hieght_f: 5\n", f);
        std::fclose(f);
    }
    try {
        subarray::load_device_card(bad);
        FAIL() << "a misspelt key was accepted";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad_device.yaml"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("cell_hieght_f"), std::string::npos) << e.what();
    }
    EXPECT_THROW(subarray::load_device_card(dir + "/no_such_device.yaml"), input_error);
}
