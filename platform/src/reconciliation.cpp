#include "pimscope/platform/reconciliation.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/mapper.hpp"

#include <iomanip>
#include <map>
#include <sstream>
#include <set>

namespace pimscope::platform {

namespace {

double energy_of(const study_result& s) { return s.dynamic_j + s.leakage_j; }

// A study result's dynamic energy by the chip components the true chip's blocks use.
std::map<std::string, double> parts_of(const study_result& s) {
    return {{"buffer", s.buffer_j}, {"interconnect", s.interconnect_j}, {"adc", s.adc_j},
            {"accumulation", s.accumulation_j}, {"other", s.other_j}};
}

std::string explain_component(const std::string& c) {
    if (c == "buffer")
        return "buffer accesses: the true chip's input and output buffers against the study's per-window "
               "buffer charges";
    if (c == "interconnect")
        return "data movement: maps moved tile to tile against the study's per-window wire and bus charges";
    if (c == "adc") return "array reads and conversions";
    if (c == "accumulation") return "adder trees and shift-add";
    if (c == "digital")
        return "the output units (threshold, residual add, pooling, a multi-bit layer's MACs), which the study "
               "does not charge";
    if (c == "other") return "array periphery (row drivers, switch matrix, column mux)";
    return "energy the blocks charge to '" + c + "'";
}

std::string seconds_text(double s) {
    std::ostringstream o;
    o << std::setprecision(4) << s * 1e6 << " µs";
    return o.str();
}

const layer_result* layer_named(const run_result& r, const std::string& name) {
    for (const auto& L : r.layers)
        if (L.name == name) return &L;
    return nullptr;
}

} // namespace

std::vector<study_setup> reconciliation_plan::setups() const {
    std::vector<study_setup> out{study};
    for (const auto& s : steps) out.push_back(s.setup);
    return out;
}

reconciliation_plan plan_reconciliation(const study_setup& study, const arch_config& arch, const sw::graph& g,
                                        int input_planes) {
    reconciliation_plan plan;
    plan.study = study;
    study_setup at = study;
    if (study.quirks) {
        // The study's layer table (its own input size, valid windows) → the network's layers.
        at.quirks = false;
        at.floorplan = sw::map_network(g, arch);
        at.layers = study_inputs_from_graph(g, 1);
        plan.steps.push_back({"network shapes",
                              "the network's own layers and windows (padding, stride, input size) instead of "
                              "the study's layer table with valid windows",
                              at});
        if (input_planes != 1) {
            at.layers = study_inputs_from_graph(g, input_planes);
            plan.steps.push_back({"first-layer input planes",
                                  "the first layer reads its " + std::to_string(input_planes) +
                                      " input bit planes one after another instead of one",
                                  at});
        }
    }
    at.overlapped_phases = true;
    plan.steps.push_back({"overlapped phases",
                          "buffers, wires, arrays and adder trees work on successive window groups at once "
                          "instead of one phase after another",
                          at});
    return plan;
}

reconciliation reconcile(const reconciliation_plan& plan, const arch_config& arch, const run_result& r) {
    if (!r.study || r.study_steps.size() != plan.steps.size())
        throw input_error(arch.source, "", "the run did not simulate the study configuration and its steps");
    reconciliation rec;
    const study_result& study = *r.study;
    rec.study_latency_s = study.stage_s;
    rec.study_energy_j = energy_of(study);
    rec.true_latency_s = r.first_latency_s;
    rec.true_energy_j = r.energy_per_image_j;

    const study_result* previous = &study;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& s = r.study_steps[i];
        rec.effects.push_back({plan.steps[i].name, plan.steps[i].explanation, s.stage_s - previous->stage_s,
                               energy_of(s) - energy_of(*previous)});
        previous = &s;
    }
    const study_result& last = *previous;

    // Latency, last step → the true chip.
    if (arch.pipeline_mode == "layer") {
        // Layer by layer, both sides add their layers up: the stages' own times, then the
        // hand-over from one stage to the next.
        double busy = 0;
        for (const auto& L : r.layers) busy += L.busy_s;
        rec.effects.push_back({"tile datapath",
                               "every layer as its tile group runs it in the true chip (input rows buffered once "
                               "and reused, output units), summed, against the study configuration's sum",
                               busy - last.stage_s, 0});
        rec.effects.push_back({"layers in turn", "image 0 waits at each hand-over from one stage to the next",
                               r.first_latency_s - busy, 0});
    } else {
        const layer_result* same = layer_named(r, last.slowest_layer);
        const double same_busy = same ? same->busy_s : last.stage_s;
        std::string study_parts_s;
        for (const auto& L : last.layers)
            if (L.name == last.slowest_layer)
                study_parts_s = "; study: buffer " + seconds_text(L.buffer_s) + ", wires " +
                                seconds_text(L.interconnect_s) + ", ADC " + seconds_text(L.adc_s) + ", trees " +
                                seconds_text(L.accumulation_s);
        rec.effects.push_back({"tile datapath",
                               "layer '" + last.slowest_layer +
                                   "' as its tile group runs it in the true chip (input rows buffered once and "
                                   "reused, output units, contention) against its study-configuration time" +
                                   study_parts_s,
                               same_busy - last.stage_s, 0});
        rec.effects.push_back({"critical stage",
                               r.slowest_stage == last.slowest_layer
                                   ? "the true chip's slowest stage is the same layer"
                                   : "the true chip's slowest stage is '" + r.slowest_stage + "', not '" +
                                         last.slowest_layer + "'",
                               r.slowest_stage_s - same_busy, 0});
        rec.effects.push_back({"pipeline fill and drain", "image 0 passes through every stage, not only the slowest",
                               r.first_latency_s - r.slowest_stage_s, 0});
    }

    // Energy, last step → the true chip: by component, then leakage.
    std::map<std::string, double> study_parts = parts_of(last);
    std::set<std::string> components;
    for (const auto& [c, j] : study_parts) components.insert(c);
    for (const auto& [c, j] : r.dynamic_energy_parts_j) components.insert(c);
    for (const auto& c : components) {
        const auto t = r.dynamic_energy_parts_j.find(c);
        const double true_j = t == r.dynamic_energy_parts_j.end() ? 0 : t->second;
        rec.effects.push_back({c + " energy", explain_component(c), 0, true_j - study_parts[c]});
    }
    rec.effects.push_back({"leakage",
                           std::string("every tile leaks for the whole run, against the study's rule (") +
                               (last.layer_mode ? "the other layers' tiles while each layer runs)"
                                                : "each layer's tiles over the time they wait for the slowest layer)"),
                           0, r.leakage_energy_per_image_j - last.leakage_j});
    return rec;
}

} // namespace pimscope::platform
