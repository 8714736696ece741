#pragma once
// What a yaml-cpp parse error says, for the input_error that reports it. yaml-cpp stops at
// 2000 levels of nesting with the message "bad file", which reads as if the file could not
// be opened; say what it is instead.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include <string>

namespace pimscope {

inline std::string yaml_error_text(const YAML::Exception& e) {
    if (dynamic_cast<const YAML::DeepRecursion*>(&e))
        return "nested too deeply (at most 2000 levels of mappings and lists)";
    return e.msg;
}

} // namespace pimscope
