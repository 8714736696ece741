#pragma once
// Hierarchical, typed parameters read from YAML ("chip.tile.pe.subarray.adc.bits").
// Every leaf must be consumed by the code that builds the model: a key nobody asked for
// is a typo or a stale option, and check_all_used() reports it as an error.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pimscope {

class param_tree {
public:
    // Loads a YAML mapping; nested mappings become dotted keys, sequences are kept as
    // comma-separated text (read with get_list). Throws input_error naming the file.
    static param_tree from_yaml_file(const std::string& path);
    static param_tree from_yaml_text(const std::string& text, const std::string& origin);

    // --set key=value: any key (a parameter the file does not name may be set; keys no
    // block declares are reported by the registry's unknown-key check, as "--set key").
    void set_override(const std::string& assignment);
    // A command-line option that stands for a key (--adc-bits for adc.bits): messages about
    // the value name the option.
    void set_from_option(const std::string& key, const std::string& value, const std::string& option);
    // Sets a key to a value; the key must exist unless create is true.
    void set(const std::string& key, const std::string& value, bool create = false);

    bool has(const std::string& key) const;
    std::string get_string(const std::string& key) const;
    std::string get_string(const std::string& key, const std::string& fallback) const;
    int64_t get_int(const std::string& key) const;
    int64_t get_int(const std::string& key, int64_t fallback) const;
    double get_double(const std::string& key) const;
    double get_double(const std::string& key, double fallback) const;
    bool get_bool(const std::string& key) const;
    bool get_bool(const std::string& key, bool fallback) const;
    std::vector<std::string> get_list(const std::string& key) const;
    // Keys directly below a prefix ("costs" -> {"adc", "buffer"}), marking nothing used.
    std::vector<std::string> children(const std::string& prefix) const;

    // Throws input_error for the first key never read (sorted, so the message is stable).
    void check_all_used() const;
    // Keys never read, sorted.
    std::vector<std::string> unused_keys() const;
    // "line N, key 'k'" (or "key 'k'" when the key has no line), for messages.
    std::string where(const std::string& key) const;
    const std::string& origin() const { return m_origin; }
    const std::map<std::string, std::string>& values() const { return m_values; }

private:
    const std::string& raw(const std::string& key) const;
    [[noreturn]] void type_error(const std::string& key, const char* expected) const;

    std::string m_origin;
    std::map<std::string, std::string> m_values;
    std::map<std::string, int> m_lines;
    std::map<std::string, std::string> m_given_as;   // key -> the command-line option that set it
    mutable std::set<std::string> m_used;
};

} // namespace pimscope
