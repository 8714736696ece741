// The component kit's statistics groups: named stats with units, per layer, and the
// registry that reports walk.
#include "pimscope/core/stats.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace pimscope;

TEST(stats, values_per_layer_and_totals) {
    core::stats_registry r;
    core::stats_group g("chip.stem.tile0.pe0.subarray0", r);
    const auto reads = g.counter("reads", "read", "subarray reads", "adc");
    const auto energy = g.energy("read_energy", "energy of the reads", "adc");
    g.add(reads, 3, 1);
    g.add(reads, 3, 2);
    g.add(reads, 1, 5);
    g.add(energy, 3, 1e-12);
    EXPECT_DOUBLE_EQ(g.value(reads, 3), 3);
    EXPECT_DOUBLE_EQ(g.value(reads, 1), 5);
    EXPECT_DOUBLE_EQ(g.value(reads, 2), 0);
    EXPECT_DOUBLE_EQ(g.total(reads), 8);
    EXPECT_EQ(g.layers(), (std::vector<int>{1, 3}));
    EXPECT_EQ(g.stats()[1].unit, "J");
    EXPECT_EQ(g.stats()[0].unit, "read");
}

TEST(stats, registry_walks_groups_and_sums_by_kind_and_component) {
    core::stats_registry r;
    {
        core::stats_group adc("a", r), buffer("b", r);
        adc.add(adc.energy("conversion_energy", "d", "adc"), 0, 2.0);
        buffer.add(buffer.energy("access_energy", "d", "buffer"), 0, 3.0);
        buffer.add(buffer.busy_time("port_busy", "d", "buffer"), 1, 4.0);
        EXPECT_EQ(r.groups().size(), 2u);
        EXPECT_DOUBLE_EQ(r.sum(core::stat_kind::energy), 5.0);
        EXPECT_DOUBLE_EQ(r.sum(core::stat_kind::energy, "adc"), 2.0);
        EXPECT_DOUBLE_EQ(r.sum(core::stat_kind::time, "", 1), 4.0);
        EXPECT_DOUBLE_EQ(r.sum(core::stat_kind::time, "", 0), 0.0);
    }
    EXPECT_TRUE(r.groups().empty());   // groups leave the registry with their block
}

TEST(stats, a_name_is_declared_once_per_group) {
    core::stats_registry r;
    core::stats_group g("x", r);
    g.counter("reads", "read", "d");
    EXPECT_THROW(g.counter("reads", "read", "d"), std::logic_error);
}

TEST(stats, installed_registry_receives_new_groups) {
    core::stats_registry r;
    core::installed_stats installed(r);
    core::stats_group g("x");
    EXPECT_EQ(r.groups().size(), 1u);
}
