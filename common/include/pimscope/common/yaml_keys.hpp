#pragma once
// yaml-cpp keeps both entries of a key given twice in a mapping and readers see only
// one of them: a silent "last one wins" (or first). Every YAML file pimscope reads goes
// through this check first.
#include <yaml-cpp/yaml.h>

#include <string>

namespace pimscope {

// Throws input_error naming the file, the line and the key when any mapping in `node`
// (recursively) has a key twice, or a key that is not a plain name (a list, a mapping or
// nothing: `? [a, b]`).
void refuse_duplicate_keys(const YAML::Node& node, const std::string& origin);

} // namespace pimscope
