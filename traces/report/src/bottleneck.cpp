#include "pimscope/report/bottleneck.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace pimscope::report {

namespace {

std::string us(double s) {
    std::ostringstream o;
    o << std::setprecision(4) << s * 1e6 << " µs";
    return o.str();
}

// A change's relative cost: small ones keep two significant digits rather than "+0.0 %".
std::string signed_pct(double f) {
    std::ostringstream o;
    o << std::showpos;
    if (std::abs(100 * f) < 1 && f != 0)
        o << std::setprecision(2) << 100 * f << " %";
    else
        o << std::fixed << std::setprecision(1) << 100 * f << " %";
    return o.str();
}

std::string pct(double f) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(1) << 100 * f << " %";
    return o.str();
}

// The slowest stage other than `skip`, per image.
const layer_result* slowest_other(const run_result& r, int skip) {
    const layer_result* best = nullptr;
    for (const auto& L : r.layers)
        if (L.node != skip && (!best || L.busy_s > best->busy_s)) best = &L;
    return best;
}

// Period and limiting stage once the critical stage takes `stage_after_s` per image.
void settle(what_if& h, const run_result& r, int node, const std::string& name) {
    h.stage = name;
    if (r.layer_mode) {
        // The stages take turns: the time per image is their sum, and a faster stage
        // shortens it by what it saves; no single stage limits.
        h.period_before_s = r.period_s;
        h.period_after_s = std::max(1e-15, r.period_s - (h.stage_before_s - h.stage_after_s));
        h.then_limits.clear();
        return;
    }
    const auto* other = slowest_other(r, node);
    h.period_before_s = r.slowest_stage_s;
    h.period_after_s = h.stage_after_s;
    h.then_limits = name;
    if (other && other->busy_s > h.stage_after_s) {
        h.period_after_s = other->busy_s;
        h.then_limits = other->name;
    }
}

const study_layer* study_layer_named(const study_result& s, const std::string& name) {
    for (const auto& L : s.layers)
        if (L.name == name) return &L;
    return nullptr;
}

what_if duplication_hint(const run_result& r, const study_result& study, const layer_result& L) {
    what_if h;
    h.change = "2x weight duplication";
    h.stage_before_s = L.busy_s;
    const auto* before = study_layer_named(study, L.name);
    if (!before || before->latency_s <= 0) {
        h.basis = "not computed: the study's layer table has no layer '" + L.name + "'";
        return h;
    }
    // In the study configuration's simulation of this layer, the ADC phase runs once per
    // group of windows (one window per copy): twice the copies halve it. Its buffer, wire
    // and adder-tree phases are charged per window and stay; the copies take the layer's
    // tiles again.
    const double after_s = before->latency_s - before->adc_s / 2;
    const double ratio = after_s / before->latency_s;
    h.stage_after_s = L.busy_s * ratio;
    h.area_before_m2 = study.area_m2;
    h.area_after_m2 = study.area_m2 + before->area_m2;
    std::ostringstream b;
    b << "study configuration, duplication " << before->duplication << " -> " << 2 * before->duplication
      << ": its ADC phase (" << us(before->adc_s) << " of " << us(before->latency_s)
      << ") halves, layer time x" << std::setprecision(3) << ratio << " applied to the simulated stage time";
    h.basis = b.str();
    settle(h, r, L.node, L.name);
    return h;
}

what_if lanes_hint(const run_result& r, const layer_result& L, const resource_group* unit) {
    what_if h;
    h.change = "2x digital-unit lanes";
    h.stage_before_s = L.busy_s;
    if (!unit) {
        h.basis = "not computed: the stage has no digital unit";
        return h;
    }
    // A row holds the buffer read then the unit's ceil(elements / lanes) steps: twice the
    // lanes halves the unit's part of the stage time.
    const double unit_per_image = unit->busy_s / double(std::max<std::size_t>(1, r.images.size()));
    h.stage_after_s = std::max(0.0, L.busy_s - unit_per_image / 2);
    h.basis = "unit steps = ceil(elements / lanes); the unit's busy time (" + us(unit_per_image) +
              " per image) halves";
    settle(h, r, L.node, L.name);
    return h;
}

// A resource twice as wide (a buffer port, an interconnect link) moves the same bits in half
// the cycles: the busiest instance's busy time halves (a link keeps its per-hop cycles, so
// at most). The estimate leaves out the wider datapath's area (--what-if measures it).
what_if widening_hint(const run_result& r, const layer_result& L, const resource_group& g, const std::string& change,
                      const std::string& cycles) {
    what_if h;
    h.change = change;
    h.stage_before_s = L.busy_s;
    const double per_image = g.busiest_s / double(std::max<std::size_t>(1, r.images.size()));
    h.stage_after_s = std::max(0.0, L.busy_s - per_image / 2);
    h.basis = cycles + "; the " + g.kind + "'s busy time (" + us(per_image) +
              " per image) at most halves";
    settle(h, r, L.node, L.name);
    return h;
}

} // namespace

std::string layer_label(const sw::graph& g, int node) {
    return node < 0 || node >= int(g.nodes.size()) ? std::string("host") : g.nodes[std::size_t(node)].name;
}

bottleneck_report analyse_bottlenecks(const run_result& r, const study_result& study, const arch_config& arch) {
    bottleneck_report b;
    const layer_result* critical = slowest_other(r, -2);
    if (!critical) return b;
    b.critical_stage = critical->name;
    b.critical_node = critical->node;
    b.critical_busy_s = critical->busy_s;
    const double images = double(std::max<std::size_t>(1, r.images.size()));
    for (const auto& group : r.resources)
        if (group.node == critical->node && (!b.limiting || group.busiest_s > b.limiting->busiest_s))
            b.limiting = &group;
    if (b.limiting && critical->busy_s > 0)
        b.limiting_share = b.limiting->busiest_s / (critical->busy_s * images);

    const std::pair<const char*, double> area[] = {
        {"cim_array", study.array_m2}, {"interconnect", study.interconnect_m2}, {"adc", study.adc_m2},
        {"accumulation", study.accumulation_m2}, {"buffer+other", study.other_m2}};
    const std::pair<const char*, double> energy[] = {
        {"buffer", study.buffer_j}, {"interconnect", study.interconnect_j}, {"adc", study.adc_j},
        {"accumulation", study.accumulation_j}, {"other", study.other_j}, {"leakage", study.leakage_j}};
    const std::pair<const char*, double> latency[] = {
        {"buffer", study.buffer_s}, {"interconnect", study.interconnect_s}, {"adc", study.adc_s},
        {"accumulation", study.accumulation_s}};
    auto top = [](const auto& parts, std::string& name, double& value, double& share) {
        double total = 0;
        for (const auto& p : parts) total += p.second;
        for (const auto& p : parts)
            if (name.empty() || p.second > value) {
                name = p.first;
                value = p.second;
            }
        share = total > 0 ? value / total : 0;
    };
    double value = 0, unused = 0;
    top(area, b.area_component, value, b.area_share);
    top(energy, b.energy_component, value, b.energy_share);
    top(latency, b.latency_component, b.latency_s, unused);

    const resource_group* unit = nullptr;
    for (const auto& group : r.resources)
        if (group.node == critical->node && group.kind == "unit") unit = &group;
    // First the knob on the resource that limits the stage, then duplication for a
    // crossbar stage (the knob architects turn first).
    // Every hint is a change an option makes (the whole chip's, as a configuration can
    // only say), with the estimate for the stage it targets.
    const std::string limit = b.limiting ? b.limiting->kind : "";
    auto twice = [](const char* key, int value) { return std::string(key) + "=" + std::to_string(2 * value); };
    if (limit == "buffer_port") {
        b.hints.push_back(widening_hint(r, *critical, *b.limiting, "2x buffer port width",
                                        "port cycles = ceil(bits / port bits)"));
        b.hints.back().setting = twice("buffer.port_bits", arch.buffer_port_bits);
    }
    if (limit == "link") {
        b.hints.push_back(widening_hint(r, *critical, *b.limiting,
                                        "2x interconnect link width",
                                        "link cycles = ceil(bits / link bits) + hops"));
        b.hints.back().setting = twice("interconnect.link_bits", arch.htree_link_bits);
    }
    if (limit == "unit" || !critical->crossbar) {
        b.hints.push_back(lanes_hint(r, *critical, unit));
        b.hints.back().setting = twice("units.lanes", arch.unit_lanes);
    }
    // Weight duplication, the knob architects turn first: the option doubles the copies of
    // every layer the speed-up rule duplicates; the estimate is for the slowest crossbar
    // stage (the critical one, or the slowest crossbar stage when the critical is digital).
    const layer_result* xbar = critical->crossbar ? critical : nullptr;
    if (!xbar)
        for (const auto& L : r.layers)
            if (L.crossbar && (!xbar || L.busy_s > xbar->busy_s)) xbar = &L;
    if (xbar) {
        b.hints.push_back(duplication_hint(r, study, *xbar));
        b.hints.back().setting = twice("pipeline.speed_up_degree", arch.speed_up_degree);
    }
    return b;
}

void print_bottlenecks(std::ostream& os, const bottleneck_report& b, const run_result& r) {
    if (b.critical_stage.empty()) return;
    const layer_result* L = nullptr;
    for (const auto& x : r.layers)
        if (x.node == b.critical_node) L = &x;
    const double images = double(std::max<std::size_t>(1, r.images.size()));
    os << "  critical stage    '" << b.critical_stage << "' busy " << us(b.critical_busy_s)
       << " per image; stalled on input " << us(L->stall_input_s / images) << ", on output "
       << us(L->stall_output_s / images) << " per image\n";
    if (b.limiting)
        os << "  limited by        " << b.limiting->kind << " " << b.limiting->busiest << " (busy "
           << pct(b.limiting_share) << " of the stage's busy time)\n";
    os << "  dominating        area: " << b.area_component << " (" << pct(b.area_share)
       << "), latency: " << b.latency_component << " (" << us(b.latency_s) << " in the slowest layer)"
       << ", energy: " << b.energy_component << " (" << pct(b.energy_share) << ")\n";
    for (const auto& h : b.hints) {
        os << "  what if           " << h.change;
        if (!h.setting.empty()) os << " [--set " << h.setting << "]";
        os << ": ";
        if (h.measured) {
            // The changed chip, simulated: the figures that decide, with their cost.
            os << "measured: time per image " << us(h.time_before_s) << " -> " << us(h.time_after_s)
               << " (x" << std::setprecision(3) << h.time_before_s / h.time_after_s << "), energy per image "
               << signed_pct(h.energy_after_j / h.energy_before_j - 1) << ", chip area "
               << signed_pct(h.area_after_m2 / h.area_before_m2 - 1) << "\n";
            continue;
        }
        if (h.stage_after_s <= 0) {
            os << h.basis << "\n";
            continue;
        }
        os << "estimate: stage '" << h.stage << "' " << us(h.stage_before_s) << " -> " << us(h.stage_after_s) << ", throughput x"
           << std::setprecision(3) << h.period_before_s / h.period_after_s;
        if (h.then_limits.empty())
            os << " (layers in turn: the image time is the stages' sum)";
        else
            os << " ('" << h.then_limits << "' limits)";
        if (h.area_after_m2 > 0)
            os << ", chip area +" << pct(h.area_after_m2 / h.area_before_m2 - 1);
        if (!h.measure_error.empty())
            os << "; not measured: " << h.measure_error;
        os << "\n";
    }
    if (!b.hints.empty() && !b.hints.front().measured && b.hints.front().measure_error.empty())
        os << "                    (estimates from this run; --what-if simulates each change)\n";
}

std::string bottlenecks_csv(const bottleneck_report& b, const run_result& r, const sw::graph& g) {
    std::ostringstream o;
    o << std::setprecision(9);
    o << "section,name,kind,instances,busy_s,stall_input_s,stall_output_s,utilisation,value,note\n";
    const double images = double(std::max<std::size_t>(1, r.images.size()));
    const double span = r.simulated_s > 0 ? r.simulated_s : 1;
    for (const auto& L : r.layers)
        o << "stage," << L.name << ',' << L.op << ",1," << L.busy_s * images << ',' << L.stall_input_s << ','
          << L.stall_output_s << ',' << L.busy_s * images / span << ',' << L.busy_s
          << ",value: busy s per image\n";
    for (const auto& x : r.resources)
        o << "resource," << layer_label(g, x.node) << ',' << x.kind << ',' << x.instances << ','
          << x.busy_s << ",0,0," << x.busy_s / (x.instances * span) << ',' << x.busiest_s / span
          << ",value: utilisation of the busiest " << x.busiest << '\n';
    if (!b.critical_stage.empty())
        o << "critical," << b.critical_stage << ',' << (b.limiting ? b.limiting->kind : "") << ",1,"
          << b.critical_busy_s * images << ",0,0,0," << b.limiting_share
          << ",value: busiest resource's share of the stage's busy time "
          << (b.limiting ? b.limiting->busiest : "") << '\n';
    o << "component,area," << b.area_component << ",0,0,0,0,0," << b.area_share << ",value: share of chip area\n";
    o << "component,latency," << b.latency_component << ",0,0,0,0,0," << b.latency_s
      << ",value: s in the slowest layer (study)\n";
    o << "component,energy," << b.energy_component << ",0,0,0,0,0," << b.energy_share
      << ",value: share of energy per image (study)\n";
    for (const auto& h : b.hints) {
        std::string basis = h.basis;
        std::replace(basis.begin(), basis.end(), ',', ';');
        if (h.measured)
            o << "what_if," << h.change << ",time_per_image,0,0,0,0,0," << h.time_before_s / h.time_after_s
              << ",value: measured speed-up (--set " << h.setting << "); time per image " << h.time_before_s
              << " -> " << h.time_after_s << " s; energy per image " << h.energy_before_j << " -> "
              << h.energy_after_j << " J; chip area " << h.area_before_m2 << " -> " << h.area_after_m2 << " m2\n";
        else
            o << "what_if," << h.change << ",throughput,0,0,0,0,0,"
              << (h.period_after_s > 0 ? h.period_before_s / h.period_after_s : 0) << ",value: estimated speed-up (--set "
              << h.setting << "); stage " << h.stage_before_s << " -> " << h.stage_after_s << " s; then "
              << h.then_limits << " limits; " << basis << '\n';
    }
    return o.str();
}

} // namespace pimscope::report
