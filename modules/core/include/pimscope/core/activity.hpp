#pragma once
// What a block did: counts of each action and the energy they took, per layer.
// Every module owns one; the platform sums them into the reports. Most blocks serve a
// single layer, so the per-layer table is a short vector searched linearly.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::modules {

enum class action : uint8_t {
    subarray_read,     // one read of a subarray (all rows at once) for one input plane
    adc_conversion,    // one column converted
    adder_tree,        // one PE adder-tree reduction of a column vector
    shift_add,         // one shift-add of a column vector across input planes
    accumulation,      // tile/chip accumulation of one output element
    buffer_bits,       // bits moved through a buffer port (read or write)
    link_bit_hops,     // bits times hops on the interconnect
    activation,        // threshold/sign/bn/relu of one element
    pooling,           // one pooled output element
    eltwise,           // one residual-add or concat element
    count_
};
constexpr int action_count = int(action::count_);
const char* to_string(action a);

struct action_tally {
    uint64_t count = 0;
    double energy_j = 0;
};
using action_table = std::array<action_tally, action_count>;

class activity {
public:
    void charge(int layer, action a, uint64_t n, double energy_each) {
        auto& t = table(layer)[int(a)];
        t.count += n;
        t.energy_j += double(n) * energy_each;
    }
    const std::vector<std::pair<int, action_table>>& per_layer() const { return m_layers; }

private:
    action_table& table(int layer) {
        for (auto& entry : m_layers)
            if (entry.first == layer) return entry.second;
        m_layers.emplace_back(layer, action_table{});
        return m_layers.back().second;
    }
    std::vector<std::pair<int, action_table>> m_layers;
};

// A module that does work, as the platform's reports see it.
struct activity_source {
    std::string module;      // hierarchical name
    std::string kind;        // subarray, pe, tile, buffer, interconnect, unit
    const activity* tally = nullptr;
};

} // namespace pimscope::modules
