// The per-bit and per-read energies of the buffer, wire and subarray models at the study's
// point (22 nm, 128x128, 8 columns per ADC) against the constants of the calibration
// analysis (docs/calibration/neurosim_accounting.md §4.1, §4.2, §4.4), and the H-tree
// geometry behind the chip's wire path.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/arch_config.hpp"

#include <gtest/gtest.h>

using namespace pimscope;

namespace {

arch_config study_arch() { return load_arch_config_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml"); }

} // namespace

TEST(block_energy, htree_path_is_a_step_function_of_the_grid) {
    using ic = interconnect::interconnect_model;
    // Every study chip (77, 142, 149 tiles) has the same 18-pitch path; 257..1024 tiles 35.
    EXPECT_EQ(ic::htree_path_pitches(77), 18);
    EXPECT_EQ(ic::htree_path_pitches(142), 18);
    EXPECT_EQ(ic::htree_path_pitches(149), 18);
    EXPECT_EQ(ic::htree_path_pitches(287), 35);
    // A tile's 2x2 PEs: two PE pitches, i.e. one tile pitch.
    EXPECT_EQ(ic::htree_path_pitches(4), 2);
    EXPECT_EQ(ic::htree_path_pitches(1), 0);
}

TEST(block_energy, a_bus_is_charged_in_whole_widths) {
    using ic = interconnect::interconnect_model;
    EXPECT_DOUBLE_EQ(ic::bus_charged_bits(1, 2048), 2048);
    EXPECT_DOUBLE_EQ(ic::bus_charged_bits(4096, 2048), 4096);
    EXPECT_DOUBLE_EQ(ic::bus_charged_bits(4097, 2048), 6144);
}

TEST(block_energy, constants_at_the_study_point) {
    const auto arch = study_arch();
    const auto& m = *arch.models;
    // Wires: 0.25 x C_wire VDD^2 x (1 + repeaters) = 46.8 fJ/(bit mm) for the H-trees and
    // 62.1 for the PE buses.
    EXPECT_NEAR(m.interconnect.htree_energy_per_bit_m_j() * 1e-3, 46.8e-15, 0.1e-15);
    EXPECT_NEAR(m.interconnect.pe_bus_energy_per_bit_m_j() * 1e-3, 62.1e-15, 0.1e-15);
    EXPECT_NEAR(m.interconnect.global_bus_bits(77, 1024 + 128), 1386, 1);   // 88704 halved 6 times
    // Buffers: per bit, and a (b + 6)-bit partial-sum word with the decoder's share.
    EXPECT_NEAR(m.buffer.global_energy_j(1), 1.622e-15, 1e-18);
    EXPECT_NEAR(m.buffer.tile_input_energy_j(1), 11.20e-15, 1e-18);
    EXPECT_NEAR(m.buffer.partial_sum_energy_j(1, 11), 12 * 5.127e-15, 1e-18);
    // Periphery: 6.65 pJ per 128-row read at 8 columns per ADC (the reference's "other").
    EXPECT_NEAR(m.subarray.periphery_read_energy_j(), 6.71e-12, 0.01e-12);
    // Layout: three subarray widths of 12F cells plus the row periphery; the heights grow
    // with the ADC area spread under the array.
    EXPECT_NEAR(m.tile.pe_input_bus_m(), 3 * (128 * 12 + 6025) * 22e-9, 1e-9);
    EXPECT_GT(m.tile.pe_output_bus_m(), 3 * (128 * 5 + 1340) * 22e-9);
}

TEST(block_energy, pe_output_bus_grows_with_the_adc) {
    auto load = [](int bits) {
        auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
        tree.set("adc.bits", std::to_string(bits));
        return load_arch_config(tree);
    };
    const auto b3 = load(3), b8 = load(8);
    EXPECT_GT(b8.models->tile.pe_output_bus_m(), 3 * b3.models->tile.pe_output_bus_m());
    EXPECT_DOUBLE_EQ(b8.models->tile.pe_input_bus_m(), b3.models->tile.pe_input_bus_m());
}
