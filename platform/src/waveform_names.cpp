#include "pimscope/platform/waveform_names.hpp"

#include "pimscope/traces/vcd.hpp"

#include <cctype>
#include <vector>

namespace pimscope::platform {
namespace {

std::string join(const std::vector<std::string>& parts, std::size_t from, char sep) {
    std::string s;
    for (std::size_t i = from; i < parts.size(); ++i) s += (i > from ? std::string(1, sep) : "") + parts[i];
    return s;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

std::string waveform_name(const std::string& module_path) {
    const auto parts = traces::split_path(module_path);
    if (parts.size() < 3) return module_path;
    const std::string& top = parts[0];
    const std::string& block = parts[1];
    // What follows the block, as one leaf: the block kind names a leaf of its own only.
    const std::string rest = join(parts, 2, '_');
    const std::string kind_leaf = parts.size() == 3 ? "_" + rest : "";
    if (starts_with(block, "stage_") && block.size() > 6)
        return top + "." + block.substr(6) + "." + (kind_leaf.empty() ? rest : "stage" + kind_leaf);
    if (block == "host") return top + ".host." + (kind_leaf.empty() ? rest : "stage" + kind_leaf);
    if (starts_with(block, "unit_") && block.size() > 5)
        return top + "." + block.substr(5) + "." + (kind_leaf.empty() ? rest : "unit" + kind_leaf);
    if (starts_with(block, "tile_")) {
        // tile_<layer>_<index>: the layer name may hold '_' itself, the index is the last digits.
        const std::size_t cut = block.rfind('_');
        const std::string index = block.substr(cut + 1);
        bool digits = !index.empty() && cut > 5;
        for (char c : index) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (digits) return top + "." + block.substr(5, cut - 5) + ".tile_" + index + "." + rest;
    }
    if (parts.size() == 3 && block != "interconnect") return top + "." + block + "_" + parts[2];
    return module_path;
}

} // namespace pimscope::platform
