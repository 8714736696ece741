#include "pimscope/core/param.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/suggest.hpp"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace pimscope::core {

param_registry* param_registry::s_current = nullptr;

param_registry::param_registry() : m_config(&m_empty) {}

param_registry::param_registry(const param_tree& config) : m_config(&config) {}

param_registry& param_registry::current() {
    // Outside an installed registry (unit tests building one block) every parameter
    // takes its default.
    static param_registry defaults;
    return s_current ? *s_current : defaults;
}

std::string param_registry::find(const std::string& owner, const std::string& key) const {
    // owner.key, then each ancestor of owner, then the bare key.
    std::string path = owner;
    while (!path.empty()) {
        const std::string candidate = path + "." + key;
        if (m_config->has(candidate)) return candidate;
        const auto dot = path.rfind('.');
        path = dot == std::string::npos ? std::string() : path.substr(0, dot);
    }
    return m_config->has(key) ? key : std::string();
}

void param_registry::declare(const param_info& d, const std::string& value_text,
                             const std::string& set_by) {
    auto [it, added] = m_infos.emplace(d.key, d);
    param_info& info = it->second;
    if (!added && (info.type != d.type || info.unit != d.unit || info.default_text != d.default_text))
        throw std::logic_error("parameter '" + d.key + "' is declared twice with different "
                               "types, units or defaults (" + info.type + " " + info.unit + " " +
                               info.default_text + " vs " + d.type + " " + d.unit + " " +
                               d.default_text + ")");
    if (std::find(info.values.begin(), info.values.end(), value_text) == info.values.end())
        info.values.push_back(value_text);
    if (!set_by.empty() && std::find(info.set_by.begin(), info.set_by.end(), set_by) == info.set_by.end())
        info.set_by.push_back(set_by);
}

std::vector<param_info> param_registry::declarations() const {
    std::vector<param_info> out;
    for (const auto& kv : m_infos) out.push_back(kv.second);
    return out;
}

void param_registry::check_all_used() const {
    const auto unused = m_config->unused_keys();
    if (unused.empty()) return;
    const std::string& key = unused.front();
    std::string what = "unknown key (no block declares it)";
    // The suggestion compares the type path: an instance-path key "chip.stem.adc.bitz"
    // is matched on its last components.
    std::string best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (const auto& [declared, info] : m_infos) {
        const std::string tail = key.size() > declared.size() ? key.substr(key.size() - declared.size()) : key;
        const std::size_t d = std::min(edit_distance(key, declared), edit_distance(tail, declared));
        if (d < best_distance) {
            best_distance = d;
            best = declared;
        }
    }
    if (!best.empty() && best_distance <= std::max<std::size_t>(2, best.size() / 4))
        what += "; did you mean '" + best + "'?";
    throw input_error(m_config->origin(), m_config->where(key), what);
}

param_check<int64_t> power_of_two() {
    return [](const int64_t& v) {
        return v > 0 && (v & (v - 1)) == 0 ? std::string() : std::string("must be a power of two");
    };
}

namespace detail {

int codec<int>::parse(const param_tree& c, const std::string& k) {
    const int64_t v = c.get_int(k);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        throw input_error(c.origin(), c.where(k), "integer out of range, got " + std::to_string(v));
    return int(v);
}

double codec<double>::parse(const param_tree& c, const std::string& k) { return c.get_double(k); }

std::string codec<double>::text(double v) {
    std::ostringstream s;
    s << std::setprecision(6) << v;
    return s.str();
}

void enum_error(const param_tree& c, const std::string& key, const std::string& got,
                const std::string& allowed) {
    throw input_error(c.origin(), c.where(key), "expected one of " + allowed + ", got '" + got + "'");
}

double physical_ceiling(const std::string& unit) {
    static const std::map<std::string, double> ceiling = {
        {"s", 1e-3},  {"J", 1e-6},  {"W", 1e-3},  {"F2", 1e9},
        {"F", 1e6},   {"s/m", 1e-3}, {"m2/m", 1.0}};
    const auto it = ceiling.find(unit);
    return it == ceiling.end() ? 0.0 : it->second;
}

std::string over_ceiling(const std::string& unit, double value) {
    const double limit = physical_ceiling(unit);
    if (limit <= 0 || value <= limit) return "";
    std::ostringstream o;
    o << "must be at most " << limit << " " << unit << " (no circuit constant of this chip is that large)";
    return o.str();
}

void check_error(const param_tree& config, const std::string& set_by, const std::string& key,
                 const std::string& what) {
    // A default that fails its own check is a programming error.
    if (set_by.empty()) throw std::logic_error("parameter '" + key + "': default " + what);
    throw input_error(config.origin(), config.where(set_by), what);
}

} // namespace detail

std::string format_params(const std::vector<param_info>& params) {
    std::size_t key_width = 3, value_width = 5, unit_width = 4;
    auto joined = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    };
    for (const auto& p : params) {
        key_width = std::max(key_width, p.key.size());
        value_width = std::max(value_width, std::min<std::size_t>(24, joined(p.values).size()));
        unit_width = std::max(unit_width, p.unit.size());
    }
    std::ostringstream o;
    o << std::left << std::setw(int(key_width)) << "key" << "  " << std::setw(int(value_width))
      << "value" << "  " << std::setw(int(unit_width)) << "unit" << "  description\n";
    for (const auto& p : params) {
        o << std::setw(int(key_width)) << p.key << "  " << std::setw(int(value_width))
          << joined(p.values) << "  " << std::setw(int(unit_width)) << p.unit << "  " << p.description;
        if (p.values.size() != 1 || p.values.front() != p.default_text)
            o << " (default " << p.default_text << ")";
        if (p.type.find('|') != std::string::npos) o << " [" << p.type << "]";
        o << "\n";
    }
    return o.str();
}

} // namespace pimscope::core
