#include "pimscope/sw/stage_plan.hpp"

#include <algorithm>

namespace pimscope::sw {

namespace {

bool is_crossbar(const node& n) { return (n.kind == op_kind::conv || n.kind == op_kind::fc) && n.binary; }

void add_unique(std::vector<int>& v, int x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

} // namespace

stage_plan plan_stages(const graph& g) {
    stage_plan p;
    p.stage_of.assign(g.nodes.size(), -1);
    auto open_stage = [&](int node, int crossbar) {
        p.stages.push_back({g.nodes[std::size_t(node)].name, crossbar, {}, {}, {}});
        return int(p.stages.size()) - 1;
    };
    for (int i = 1; i < int(g.nodes.size()); ++i) {
        const node& n = g.nodes[std::size_t(i)];
        // The stage of the latest producer (stages are numbered in execution order).
        int latest = -1;
        for (int producer : n.inputs) latest = std::max(latest, p.stage_of[std::size_t(producer)]);
        int stage;
        if (is_crossbar(n))
            stage = open_stage(i, i);
        else if (latest < 0)
            stage = open_stage(i, -1);   // reads only the network input
        else if (n.kind == op_kind::global_avgpool && !p.stages[std::size_t(latest)].unit())
            stage = open_stage(i, -1);   // a whole-map reduction: a chip-level unit
        else
            stage = latest;
        p.stage_of[std::size_t(i)] = stage;
        p.stages[std::size_t(stage)].nodes.push_back(i);
    }
    for (int i = 1; i < int(g.nodes.size()); ++i) {
        const int consumer_stage = p.stage_of[std::size_t(i)];
        for (int producer : g.nodes[std::size_t(i)].inputs) {
            const int producer_stage = p.stage_of[std::size_t(producer)];
            if (producer_stage == consumer_stage) continue;
            add_unique(p.stages[std::size_t(consumer_stage)].inputs, producer);
            if (producer_stage >= 0) add_unique(p.stages[std::size_t(producer_stage)].outputs, producer);
        }
    }
    const int out = g.output_node();
    if (out > 0) add_unique(p.stages[std::size_t(p.stage_of[std::size_t(out)])].outputs, out);
    for (auto& s : p.stages) {
        std::sort(s.inputs.begin(), s.inputs.end());
        std::sort(s.outputs.begin(), s.outputs.end());
    }
    return p;
}

} // namespace pimscope::sw
