// The component kit's parameters: resolution order (instance path over type path),
// defaults, checks, modes, the unknown-key report and the declaration list.
#include "pimscope/common/error.hpp"
#include "pimscope/core/param.hpp"

#include <gtest/gtest.h>

using namespace pimscope;

namespace {

enum class flavour { flash, sar };

} // namespace

template <>
struct pimscope::core::enum_names<flavour> {
    static const std::vector<std::pair<flavour, const char*>>& table() {
        static const std::vector<std::pair<flavour, const char*>> t{{flavour::flash, "flash"},
                                                                    {flavour::sar, "sar"}};
        return t;
    }
};

namespace {

param_tree yaml(const std::string& text) { return param_tree::from_yaml_text(text, "arch.yaml"); }

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

TEST(param, default_when_the_configuration_is_silent) {
    core::param_registry r;
    core::param<int> bits{core::param_scope("chip.stem", r), "adc.bits", 5, "bit", "ADC resolution"};
    EXPECT_EQ(bits.get(), 5);
    EXPECT_EQ(bits.set_by(), "");
}

TEST(param, instance_path_overrides_the_type_path) {
    const auto config = yaml("adc: {bits: 4}\nchip: {stem: {adc: {bits: 8}}}\n");
    core::param_registry r(config);
    core::param<int> stem{core::param_scope("chip.stem.tile0.pe1", r), "adc.bits", 5, "bit", "d"};
    core::param<int> other{core::param_scope("chip.s1b1.tile0.pe1", r), "adc.bits", 5, "bit", "d"};
    EXPECT_EQ(stem.get(), 8);
    EXPECT_EQ(stem.set_by(), "chip.stem.adc.bits");
    EXPECT_EQ(other.get(), 4);
    EXPECT_EQ(other.set_by(), "adc.bits");
    EXPECT_NO_THROW(r.check_all_used());
    const auto infos = r.declarations();
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_EQ(infos[0].values, (std::vector<std::string>{"8", "4"}));
    EXPECT_EQ(infos[0].set_by, (std::vector<std::string>{"chip.stem.adc.bits", "adc.bits"}));
}

TEST(param, types_and_modes) {
    const auto config = yaml("a: {r: 2.5e-12, b: true, t: hello, m: sar}\n");
    core::param_registry r(config);
    const core::param_scope s("", r);
    core::param<double> real{s, "a.r", 1.0, "J", "d"};
    core::param<bool> flag{s, "a.b", false, "", "d"};
    core::param<std::string> text{s, "a.t", "x", "", "d"};
    core::param<flavour> mode{s, "a.m", flavour::flash, "", "d"};
    EXPECT_DOUBLE_EQ(real.get(), 2.5e-12);
    EXPECT_TRUE(flag.get());
    EXPECT_EQ(text.get(), "hello");
    EXPECT_EQ(mode.get(), flavour::sar);
    const auto infos = r.declarations();   // sorted by key: a.b, a.m, a.r, a.t
    EXPECT_EQ(infos[1].type, "flash|sar");
    EXPECT_EQ(infos[2].type, "real");
}

TEST(param, bad_values_name_the_file_line_and_key) {
    const auto config = yaml("adc:\n  bits: 40\n  type: pipelined\n  gain: inf\n  count: 3.5\n");
    core::param_registry r(config);
    const core::param_scope s("chip", r);
    const auto range = error_of([&] {
        core::param<int> bits{s, "adc.bits", 5, "bit", "d", core::in_range(1, 16)};
    });
    EXPECT_NE(range.find("arch.yaml: line 2, key 'adc.bits': must be between 1 and 16"), std::string::npos)
        << range;
    const auto mode = error_of([&] { core::param<flavour> m{s, "adc.type", flavour::flash, "", "d"}; });
    EXPECT_NE(mode.find("expected one of flash|sar, got 'pipelined'"), std::string::npos) << mode;
    const auto finite = error_of([&] { core::param<double> g{s, "adc.gain", 1.0, "", "d"}; });
    EXPECT_NE(finite.find("must be a finite number"), std::string::npos) << finite;
    const auto integer = error_of([&] { core::param<int> c{s, "adc.count", 1, "", "d"}; });
    EXPECT_NE(integer.find("expected an integer, got '3.5'"), std::string::npos) << integer;
}

TEST(param, power_of_two_check) {
    const auto config = yaml("pe: {n: 6}\n");
    core::param_registry r(config);
    const auto e = error_of([&] {
        core::param<int64_t> n{core::param_scope("", r), "pe.n", 4, "", "d", core::power_of_two()};
    });
    EXPECT_NE(e.find("must be a power of two"), std::string::npos) << e;
}

TEST(param, unknown_key_is_an_error_with_a_suggestion) {
    const auto config = yaml("adc: {bits: 5, bitz: 6}\n");
    core::param_registry r(config);
    core::param<int> bits{core::param_scope("", r), "adc.bits", 5, "bit", "d"};
    const auto e = error_of([&] { r.check_all_used(); });
    EXPECT_NE(e.find("arch.yaml: line 1, key 'adc.bitz': unknown key"), std::string::npos) << e;
    EXPECT_NE(e.find("did you mean 'adc.bits'?"), std::string::npos) << e;
}

TEST(param, one_place_holds_each_default) {
    core::param_registry r;
    core::param<int> a{core::param_scope("x", r), "adc.bits", 5, "bit", "d"};
    EXPECT_THROW((core::param<int>{core::param_scope("y", r), "adc.bits", 6, "bit", "d"}), std::logic_error);
    EXPECT_THROW((core::param<int>{core::param_scope("y", r), "adc.bits", 5, "", "d"}), std::logic_error);
}

TEST(param, installed_registry_is_the_default_scope) {
    const auto config = yaml("adc: {bits: 7}\n");
    core::param_registry r(config);
    {
        core::installed_registry installed(r);
        core::param<int> bits{core::param_scope("chip"), "adc.bits", 5, "bit", "d"};
        EXPECT_EQ(bits.get(), 7);
    }
    core::param<int> outside{core::param_scope("chip"), "adc.bits", 5, "bit", "d"};
    EXPECT_EQ(outside.get(), 5);
}

TEST(param, listing_shows_value_unit_description_and_default) {
    const auto config = yaml("adc: {bits: 7}\n");
    core::param_registry r(config);
    core::param<int> bits{core::param_scope("", r), "adc.bits", 5, "bit", "ADC resolution"};
    core::param<double> e{core::param_scope("", r), "adc.energy_j", 2.5e-13, "J", "energy per conversion"};
    const std::string table = core::format_params(r.declarations());
    EXPECT_NE(table.find("adc.bits"), std::string::npos);
    EXPECT_NE(table.find("ADC resolution (default 5)"), std::string::npos) << table;
    EXPECT_NE(table.find("2.5e-13"), std::string::npos) << table;
    EXPECT_EQ(table.find("energy per conversion (default"), std::string::npos) << table;
}

} // namespace
