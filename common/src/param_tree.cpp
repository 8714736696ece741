#include "pimscope/common/param_tree.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/yaml_keys.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/common/yaml_error.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace pimscope {

namespace {

void flatten(const YAML::Node& node, const std::string& prefix, const std::string& origin,
             std::map<std::string, std::string>& out, std::map<std::string, int>& lines) {
    const int line = node.Mark().line + 1;
    switch (node.Type()) {
    case YAML::NodeType::Map:
        for (const auto& kv : node) {
            const std::string key = kv.first.as<std::string>();
            flatten(kv.second, prefix.empty() ? key : prefix + "." + key, origin, out, lines);
        }
        return;
    case YAML::NodeType::Sequence: {
        std::string joined;
        for (const auto& item : node) {
            if (!item.IsScalar())
                throw input_error(origin, "line " + std::to_string(item.Mark().line + 1) +
                                              ", key '" + prefix + "'",
                                  "expected a list of scalars");
            joined += (joined.empty() ? "" : ",") + item.as<std::string>();
        }
        out[prefix] = joined;
        lines[prefix] = line;
        return;
    }
    case YAML::NodeType::Scalar:
        out[prefix] = node.as<std::string>();
        lines[prefix] = line;
        return;
    case YAML::NodeType::Null:
        throw input_error(origin, "line " + std::to_string(line) + ", key '" + prefix + "'",
                          "has no value");
    default:
        throw input_error(origin, "key '" + prefix + "'", "unsupported YAML node");
    }
}

param_tree build(const YAML::Node& root, const std::string& origin,
                 std::map<std::string, std::string>& values, std::map<std::string, int>& lines) {
    if (!root.IsMap()) throw input_error(origin, "", "expected a YAML mapping at the top level");
    flatten(root, "", origin, values, lines);
    return {};
}

} // namespace

param_tree param_tree::from_yaml_text(const std::string& text, const std::string& origin) {
    param_tree t;
    t.m_origin = origin;
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw input_error(origin, "line " + std::to_string(e.mark.line + 1),
                          "malformed YAML: " + yaml_error_text(e));
    }
    refuse_duplicate_keys(root, origin);
    build(root, origin, t.m_values, t.m_lines);
    return t;
}

param_tree param_tree::from_yaml_file(const std::string& path) {
    return from_yaml_text(read_input_file(path, max_text_input_bytes), path);
}

void param_tree::set_override(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw input_error("--set", assignment, "expected key=value");
    // Any declared parameter may be set, whether the file names it or not; a key no block
    // declares is reported by the parameter registry's unknown-key check.
    const std::string key = assignment.substr(0, eq);
    set_from_option(key, assignment.substr(eq + 1), "--set");
}

void param_tree::set_from_option(const std::string& key, const std::string& value,
                                 const std::string& option) {
    set(key, value, true);
    m_lines.erase(key);
    m_given_as[key] = option;
}

void param_tree::set(const std::string& key, const std::string& value, bool create) {
    if (!create && !m_values.count(key))
        throw input_error(m_origin, "key '" + key + "'", "unknown key (cannot be set)");
    m_values[key] = value;
}

bool param_tree::has(const std::string& key) const { return m_values.count(key) != 0; }

const std::string& param_tree::raw(const std::string& key) const {
    auto it = m_values.find(key);
    if (it == m_values.end()) throw input_error(m_origin, "key '" + key + "'", "missing");
    m_used.insert(key);
    return it->second;
}

std::string param_tree::where(const std::string& key) const {
    if (auto given = m_given_as.find(key); given != m_given_as.end())
        return given->second == "--set" ? "--set key '" + key + "'" : given->second + " (key '" + key + "')";
    auto line = m_lines.find(key);
    std::string w = "key '" + key + "'";
    if (line != m_lines.end()) w = "line " + std::to_string(line->second) + ", " + w;
    return w;
}

void param_tree::type_error(const std::string& key, const char* expected) const {
    throw input_error(m_origin, where(key),
                      std::string("expected ") + expected + ", got '" + m_values.at(key) + "'");
}

std::string param_tree::get_string(const std::string& key) const { return raw(key); }
std::string param_tree::get_string(const std::string& key, const std::string& fb) const {
    return has(key) ? raw(key) : fb;
}

int64_t param_tree::get_int(const std::string& key) const {
    const std::string& s = raw(key);
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0) type_error(key, "an integer");
    return v;
}
int64_t param_tree::get_int(const std::string& key, int64_t fb) const {
    return has(key) ? get_int(key) : fb;
}

double param_tree::get_double(const std::string& key) const {
    const std::string& s = raw(key);
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno != 0) type_error(key, "a number");
    return v;
}
double param_tree::get_double(const std::string& key, double fb) const {
    return has(key) ? get_double(key) : fb;
}

bool param_tree::get_bool(const std::string& key) const {
    const std::string& s = raw(key);
    if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
    if (s == "false" || s == "no" || s == "off" || s == "0") return false;
    type_error(key, "true or false");
}
bool param_tree::get_bool(const std::string& key, bool fb) const {
    return has(key) ? get_bool(key) : fb;
}

std::vector<std::string> param_tree::get_list(const std::string& key) const {
    std::vector<std::string> out;
    std::stringstream ss(raw(key));
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(item);
    return out;
}

std::vector<std::string> param_tree::children(const std::string& prefix) const {
    std::vector<std::string> out;
    const std::string p = prefix + ".";
    for (auto it = m_values.lower_bound(p); it != m_values.end(); ++it) {
        if (it->first.compare(0, p.size(), p) != 0) break;
        std::string rest = it->first.substr(p.size());
        rest = rest.substr(0, rest.find('.'));
        if (out.empty() || out.back() != rest) out.push_back(rest);
    }
    return out;
}

std::vector<std::string> param_tree::unused_keys() const {
    std::vector<std::string> out;
    for (const auto& kv : m_values)
        if (!m_used.count(kv.first)) out.push_back(kv.first);
    return out;
}

void param_tree::check_all_used() const {
    const auto unused = unused_keys();
    if (!unused.empty())
        throw input_error(m_origin, where(unused.front()), "unknown key (not a parameter of this model)");
}

} // namespace pimscope
