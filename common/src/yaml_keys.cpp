#include "pimscope/common/yaml_keys.hpp"

#include "pimscope/common/error.hpp"

#include <map>

namespace pimscope {

namespace {

void refuse(const YAML::Node& node, const std::string& origin, const std::string& prefix) {
    if (node.IsMap()) {
        std::map<std::string, int> seen;   // key -> line of its first occurrence
        for (const auto& kv : node) {
            const int line = kv.first.Mark().line + 1;
            // YAML allows a list or a mapping as a key (`? [a, b]`), and an empty one; every
            // reader takes keys as names, and yaml-cpp's conversion of such a key to a string
            // throws an exception that is not an input_error.
            if (!kv.first.IsScalar())
                throw input_error(origin, "line " + std::to_string(line) + (prefix.empty() ? "" : ", in '" + prefix + "'"),
                                  std::string("a key must be a plain name, got ") +
                                      (kv.first.IsSequence() ? "a list" : kv.first.IsMap() ? "a mapping" : "an empty key"));
            const std::string key = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
            const auto [it, added] = seen.emplace(key, line);
            if (!added)
                throw input_error(origin, "line " + std::to_string(line) + ", key '" + key + "'",
                                  "given twice (first on line " + std::to_string(it->second) + ")");
            refuse(kv.second, origin, key);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node) refuse(item, origin, prefix);
    }
}

} // namespace

void refuse_duplicate_keys(const YAML::Node& node, const std::string& origin) { refuse(node, origin, ""); }

} // namespace pimscope
