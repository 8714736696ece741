#pragma once
// Typed, self-describing parameters (DESIGN §3), declared where they are used:
//
//     core::param<int> bits{scope, "adc.bits", 5, "bit", "ADC resolution", core::in_range(1, 16)};
//
// A parameter has a key (its type path, "adc.bits"), a unit, a default, a one-line
// description and a check. Its value comes from the configuration (the arch YAML with
// its --set overrides) as seen from the instance that owns it: for an owner at
// "chip.stem.tile0" the keys "chip.stem.tile0.adc.bits", "chip.stem.adc.bits",
// "chip.adc.bits" and "adc.bits" are tried in that order, so an instance path overrides
// the type path and a setting on a layer reaches every block below it.
//
// Every declaration is recorded in a param_registry: `pimscope params` lists them, and a
// configuration key that no declaration read is an error (a typo or a stale option).
// Plain C++ (no SystemC): the kit serves the blocks, the mapper and the tests alike.
#include "pimscope/common/param_tree.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace pimscope::core {

// What `pimscope params` tells about one key, merged over every instance declaring it.
struct param_info {
    std::string key;            // type path, e.g. "adc.bits"
    std::string type;           // "integer", "real", "bool", "text" or "a|b|c" for a mode
    std::string unit;           // SI unit ("" for counts and modes)
    std::string description;
    std::string default_text;
    std::vector<std::string> values;   // distinct values in use, in the order first seen
    std::vector<std::string> set_by;   // configuration keys that set it (type or instance paths)
};

// The configuration the parameters read and the record of what was declared.
class param_registry {
public:
    // Defaults only: every parameter takes its declared default.
    param_registry();
    // Values from `config` (not owned; must outlive the registry).
    explicit param_registry(const param_tree& config);

    // The configuration key that holds `key` as seen from `owner` (instance path, may be
    // empty), or "" when none does; see the file comment for the search order.
    std::string find(const std::string& owner, const std::string& key) const;
    const param_tree& config() const { return *m_config; }

    // Records one declaration; the same key declared twice with a different type, unit or
    // default is a programming error (std::logic_error): one place holds each default.
    void declare(const param_info& declaration, const std::string& value_text,
                 const std::string& set_by);
    // Every declared key, sorted.
    std::vector<param_info> declarations() const;
    bool declared(const std::string& key) const { return m_infos.count(key) != 0; }

    // Throws input_error naming the file and the first configuration key no declaration
    // read, with the closest declared key as a suggestion.
    void check_all_used() const;

    // The registry parameters resolve against when their scope names none (the platform
    // installs one for the duration of an elaboration; see installed_registry).
    static param_registry& current();

private:
    param_tree m_empty;
    const param_tree* m_config;
    std::map<std::string, param_info> m_infos;
    friend class installed_registry;
    static param_registry* s_current;
};

// Makes `r` the current registry for the lifetime of this object (nesting restores the
// previous one).
class installed_registry {
public:
    explicit installed_registry(param_registry& r) : m_previous(param_registry::s_current) {
        param_registry::s_current = &r;
    }
    ~installed_registry() { param_registry::s_current = m_previous; }
    installed_registry(const installed_registry&) = delete;
    installed_registry& operator=(const installed_registry&) = delete;

private:
    param_registry* m_previous;
};

// Where a block's parameters resolve: its instance path and the registry.
struct param_scope {
    param_registry* registry;
    std::string path;
    // `path` is usually the owner's hierarchical name (sc_module::name()).
    explicit param_scope(std::string instance_path, param_registry& r = param_registry::current())
        : registry(&r), path(std::move(instance_path)) {}
};

// A check returns "" when the value is acceptable, else what was expected.
template <typename T>
using param_check = std::function<std::string(const T&)>;

template <typename T>
param_check<T> positive() {
    return [](const T& v) { return v > T(0) ? std::string() : std::string("must be positive"); };
}
template <typename T>
param_check<T> non_negative() {
    return [](const T& v) { return v >= T(0) ? std::string() : std::string("must not be negative"); };
}
template <typename T>
param_check<T> in_range(T lo, T hi) {
    return [lo, hi](const T& v) {
        if (v >= lo && v <= hi) return std::string();
        return "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
    };
}
param_check<int64_t> power_of_two();

// Modes are enums with a string table: specialise enum_names<E> with
//     static const std::vector<std::pair<E, const char*>>& table();
template <typename E>
struct enum_names;

namespace detail {
template <typename T, typename = void>
struct has_enum_names : std::false_type {};
template <typename T>
struct has_enum_names<T, std::void_t<decltype(enum_names<T>::table())>> : std::true_type {};

// Text <-> value for the supported types; parse throws input_error naming file and key.
template <typename T>
struct codec;
template <>
struct codec<int64_t> {
    static const char* type() { return "integer"; }
    static int64_t parse(const param_tree& c, const std::string& k) { return c.get_int(k); }
    static std::string text(int64_t v) { return std::to_string(v); }
};
template <>
struct codec<int> {
    static const char* type() { return "integer"; }
    static int parse(const param_tree& c, const std::string& k);
    static std::string text(int v) { return std::to_string(v); }
};
template <>
struct codec<double> {
    static const char* type() { return "real"; }
    static double parse(const param_tree& c, const std::string& k);
    static std::string text(double v);
};
template <>
struct codec<bool> {
    static const char* type() { return "bool"; }
    static bool parse(const param_tree& c, const std::string& k) { return c.get_bool(k); }
    static std::string text(bool v) { return v ? "true" : "false"; }
};
template <>
struct codec<std::string> {
    static const char* type() { return "text"; }
    static std::string parse(const param_tree& c, const std::string& k) { return c.get_string(k); }
    static std::string text(const std::string& v) { return v; }
};
[[noreturn]] void enum_error(const param_tree& c, const std::string& key, const std::string& got,
                             const std::string& allowed);
template <typename E>
struct enum_codec {
    static std::string type() {
        std::string s;
        for (const auto& [value, name] : enum_names<E>::table()) s += (s.empty() ? "" : "|") + std::string(name);
        return s;
    }
    static E parse(const param_tree& c, const std::string& k) {
        const std::string got = c.get_string(k);
        for (const auto& [value, name] : enum_names<E>::table())
            if (got == name) return value;
        enum_error(c, k, got, type());
    }
    static std::string text(E v) {
        for (const auto& [value, name] : enum_names<E>::table())
            if (value == v) return name;
        return "?";
    }
};
template <typename T>
using codec_of = std::conditional_t<std::is_enum_v<T>, enum_codec<T>, codec<T>>;

// The largest value a circuit constant in `unit` can take in this chip (a delay of a
// millisecond, an action of a microjoule, a block of 10^9 F²), or 0 for units without one:
// larger values are typos or unit slips, and would print figures that look plausible.
double physical_ceiling(const std::string& unit);
// "" or what the ceiling says about `value`.
std::string over_ceiling(const std::string& unit, double value);

[[noreturn]] void check_error(const param_tree& config, const std::string& set_by,
                              const std::string& key, const std::string& what);
} // namespace detail

template <typename T>
class param {
public:
    param(const param_scope& scope, std::string key, T default_value, const char* unit,
          const char* description, param_check<T> check = {})
        : m_key(std::move(key)), m_value(std::move(default_value)) {
        using codec = detail::codec_of<T>;
        param_info info{m_key, codec::type(), unit, description, codec::text(m_value), {}, {}};
        const auto& config = scope.registry->config();
        m_set_by = scope.registry->find(scope.path, m_key);
        if (!m_set_by.empty()) m_value = codec::parse(config, m_set_by);
        if constexpr (std::is_floating_point_v<T>) {
            if (!std::isfinite(m_value))
                detail::check_error(config, m_set_by, m_key, "must be a finite number");
            const std::string over = detail::over_ceiling(unit, double(m_value));
            if (!over.empty()) detail::check_error(config, m_set_by, m_key, over);
        }
        if (check) {
            const std::string what = check(m_value);
            if (!what.empty()) detail::check_error(config, m_set_by, m_key, what);
        }
        scope.registry->declare(info, codec::text(m_value), m_set_by);
    }

    const T& get() const { return m_value; }
    operator const T&() const { return m_value; }
    const std::string& key() const { return m_key; }
    // The configuration key that set the value ("" when it is the default).
    const std::string& set_by() const { return m_set_by; }

private:
    std::string m_key;
    T m_value;
    std::string m_set_by;
};

// Text table of the declarations (`pimscope params`): key, value(s), unit, description.
std::string format_params(const std::vector<param_info>& params);

} // namespace pimscope::core
