#include "pimscope/common/yaml_keys.hpp"

#include "pimscope/common/error.hpp"

#include <map>

namespace pimscope {

namespace {

void refuse(const YAML::Node& node, const std::string& origin, const std::string& prefix) {
    if (node.IsMap()) {
        std::map<std::string, int> seen;   // key -> line of its first occurrence
        for (const auto& kv : node) {
            const std::string key = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
            const int line = kv.first.Mark().line + 1;
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
