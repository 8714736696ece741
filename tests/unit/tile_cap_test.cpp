// The tile is sized by the network (the study simulator's floorplan rule, docs/models.md
// §2): never wider than its widest crossbar layer's columns rounded up to a power of two,
// never narrower than one PE, and every block sees the capped tile.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace pimscope;

namespace {

arch_config for_network(int subarray, int widest, int tile_pes = 2) {
    auto tree = param_tree::from_yaml_file(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch/rram22_xnor.yaml");
    tree.set("array.rows", std::to_string(subarray));
    tree.set("array.cols", std::to_string(subarray));
    tree.set("hierarchy.tile_pes", std::to_string(tile_pes), true);
    return load_arch_config_for_network(tree, widest);
}

} // namespace

TEST(tile_cap, study_networks_keep_the_study_tiles) {
    // 1000-column classifiers: a 1024-column cap, which 128x128 and 64x64 subarrays fit.
    EXPECT_EQ(for_network(128, 1000).tile_cols(), 1024);
    EXPECT_EQ(for_network(64, 1000).tile_cols(), 512);
}

TEST(tile_cap, large_subarrays_get_one_pe_per_tile_not_a_wider_tile) {
    const arch_config a = for_network(256, 1000);
    EXPECT_EQ(a.tile_pes, 1);
    EXPECT_EQ(a.tile_cols(), 1024);
    // The models were rebuilt for the capped tile: its area is the 1024-column tile's.
    const arch_config uncapped = for_network(256, 0);
    EXPECT_EQ(uncapped.tile_cols(), 2048);
    EXPECT_LT(a.models->tile.cols(), uncapped.models->tile.cols());
}

TEST(tile_cap, a_wider_configured_tile_is_halved_down_to_the_cap) {
    EXPECT_EQ(for_network(64, 1000, 4).tile_pes, 4);    // 4 PEs of 256 columns: 1024
    EXPECT_EQ(for_network(64, 500, 4).tile_pes, 2);     // cap 512
    EXPECT_EQ(for_network(128, 256).tile_pes, 1);       // narrow network: one PE, never less
    EXPECT_EQ(for_network(128, 16).tile_cols(), 512);
}

TEST(tile_cap, study_mode_refuses_what_the_study_refuses) {
    // The study's simulator refuses a subarray wider than a quarter of its tile cap; in its
    // own mode pimscope does too, and otherwise keeps one PE per tile.
    auto tree = param_tree::from_yaml_file(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch/rram22_xnor.yaml");
    tree.set("array.rows", "512");
    tree.set("array.cols", "512");
    EXPECT_EQ(load_arch_config_for_network(tree, 1000).tile_pes, 1);
    tree.set("study.quirks", "true", true);
    EXPECT_THROW(load_arch_config_for_network(tree, 1000), input_error);
    tree.set("array.rows", "256");
    tree.set("array.cols", "256");
    EXPECT_NO_THROW(load_arch_config_for_network(tree, 1000));
}
