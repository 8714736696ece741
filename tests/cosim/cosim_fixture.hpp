#pragma once
// What the whole-network co-simulation tests share: the workload and its behavioural
// reference run (in a forked child: one elaboration per process).
#include "../sim/sim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"

#include <string>
#include <vector>

namespace pimscope::test::cosim {

inline const char* const net = "configs/nets/bresnete18.yaml";
// A multi-bit input (4 planes) so the shift-add does real work in the first layer.
inline const std::vector<std::string> overrides{"adc.bits=7", "input.bits=4"};

// The workload with the PE datapath bound to `datapath` (pe.datapath) in `layers` (all if
// empty), the way `--set` or `--cosim` ask for it.
inline setup rtl_setup(const std::string& datapath, const std::string& layers = "") {
    auto sets = overrides;
    sets.push_back("pe.datapath=" + datapath);
    if (!layers.empty()) sets.push_back("pe.datapath_layers=" + layers);
    return make_setup(net, 32, 1, sets);
}

inline uint64_t hash_all(const std::vector<sw::tensor>& outs) {
    uint64_t h = 1469598103934665603ull;
    for (const auto& t : outs) h = hash_outputs(t.v, h);
    return h;
}

inline digest behavioural_digest() {
    return in_child([] {
        const auto s = make_setup(net, 32, 1, overrides);
        std::vector<sw::tensor> outs;
        auto d = summarise(platform::simulate(s.arch, s.net, s.fp, s.images, &outs));
        d.output_hash = hash_all(outs);
        return d;
    });
}

} // namespace pimscope::test::cosim
