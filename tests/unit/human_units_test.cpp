// Figures in reports: the unit a figure's name implies, with the prefix its values need,
// and 3-4 significant digits without exponents.
#include "pimscope/traces/human_units.hpp"

#include <gtest/gtest.h>

using namespace pimscope::traces;

TEST(human_units, significant_digits_without_exponents) {
    EXPECT_EQ(significant(13.2541), "13.25");
    EXPECT_EQ(significant(175.12), "175.1");
    EXPECT_EQ(significant(0.06), "0.06000");
    EXPECT_EQ(significant(48851.2), "48850");
    EXPECT_EQ(significant(999.96), "1000");   // rounding moves the decimal point
    EXPECT_EQ(significant(-2.5), "-2.500");
    EXPECT_EQ(significant(0), "0");
    EXPECT_EQ(significant(13.2541, 3), "13.3");
    EXPECT_EQ(significant(1.5e-7), "1.5e-07");   // far outside a report's range: an exponent
}

TEST(human_units, the_name_gives_the_unit_and_the_values_its_prefix) {
    EXPECT_EQ(show(1.3254e-5, unit_for("run.true.latency_s", {1.3254e-5, 2.2e-4})), "13.25 µs");
    EXPECT_EQ(show(2.2e-4, unit_for("run.true.latency_s", {1.3254e-5, 2.2e-4})), "220.0 µs");
    EXPECT_EQ(show(3.481e-3, unit_for("latency_s", {3.481e-3})), "3.481 ms");
    EXPECT_EQ(show(4.885e-5, unit_for("run.study.chip_area_m2", {4.885e-5})), "48.85 mm²");
    EXPECT_EQ(show(5.48e-7, unit_for("run.true.energy_per_image_j", {5.48e-7, 9.1e-7})), "548.0 nJ");
    EXPECT_EQ(show(1.2e-6, unit_for("energy_j", {1.2e-6, 2.2e-6})), "1.200 µJ");
    EXPECT_EQ(show(117.66, unit_for("run.study.tops_per_w", {117.66})), "117.7 TOPS/W");
    EXPECT_EQ(show(0.8835, unit_for("accuracy.hardware.top1", {0.8835})), "88.35 %");
    EXPECT_TRUE(unit_for("accuracy.agreement", {1.0}).percent);
    // Already in percent (values above 1): left as they are.
    EXPECT_EQ(show(88.35, unit_for("top1", {88.35})), "88.35");
    EXPECT_EQ(show(3, unit_for("adc_bits", {3, 8})), "3");   // a count stays whole
    EXPECT_EQ(show(1.5e-3, unit_for("leakage_power_w", {1.5e-3})), "1.500 mW");
}
