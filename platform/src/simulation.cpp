#include "pimscope/platform/simulation.hpp"

#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/platform/chip.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/stage_plan.hpp"
#ifdef PIMSCOPE_HAVE_RTL
#include "pimscope/rtl/cosim.hpp"
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <exception>
#include <iomanip>
#include <map>
#include <memory>
#include <sstream>
#include <system_error>
#include <thread>

namespace pimscope::platform {

using sc_core::sc_time;

namespace {

int arg_max(const sw::tensor& t) {
    return int(std::max_element(t.v.begin(), t.v.end()) - t.v.begin());
}

double seconds(const sc_time& t) { return t.to_seconds(); }

// Ends the simulation once every stage has finished (a free-running clock would keep
// sc_start from returning).
struct stopper : sc_core::sc_module {
    const chip& top;
    const std::vector<std::unique_ptr<study_chip>>& studies;
    SC_HAS_PROCESS(stopper);
    stopper(sc_core::sc_module_name n, const chip& c, const std::vector<std::unique_ptr<study_chip>>& s)
        : sc_module(n), top(c), studies(s) {
        SC_THREAD(run);
    }
    void run() {
        for (const auto& s : top.stages())
            while (!s->finished()) sc_core::wait(s->finished_event());
        for (const auto& s : studies) s->wait_until_finished();
        sc_core::sc_stop();
    }
};

#ifdef PIMSCOPE_HAVE_RTL
using datapath_binding = std::unique_ptr<rtl::cosim_session>;
#else
struct no_rtl {
    bool needs_stop() const { return false; }
};
using datapath_binding = std::unique_ptr<no_rtl>;
#endif

// Binds every PE's datapath to the target pe.datapath names: the behavioural model needs
// nothing; the RTL targets get a co-simulation session that installs a Verilated datapath
// into the PEs of the chosen layers and checks every column sum.
datapath_binding bind_pe_datapaths(const arch_config& arch, const sw::graph& g, chip& top,
                                   const run_hooks& hooks) {
    if (arch.pe_datapath == "behavioural") {
        if (!hooks.rtl_trace_file.empty())
            throw input_error("", "--trace-rtl", "needs an RTL PE datapath (pe.datapath=rtl|rtl_pins, or --cosim)");
        return nullptr;
    }
#ifdef PIMSCOPE_HAVE_RTL
    auto spec = rtl::spec_of(arch);
    spec.options.trace_file = hooks.rtl_trace_file;
    spec.options.trace_limit = hooks.rtl_trace_limit;
    auto session = std::make_unique<rtl::cosim_session>(arch, g, spec);
    for (int node = 0; node < int(g.nodes.size()); ++node)
        for (const auto& t : top.tiles(node))
            for (const auto& p : t->pes()) session->install(node, *p);
    return session;
#else
    throw input_error(arch.source, "pe.datapath",
                      "this pimscope was built without Verilator (no RTL co-simulation)");
#endif
}

// The figures a run reports must make sense together; a configuration that drives a model
// outside its range (a clock of 1e308 s, a quantum coarser than the work) would otherwise
// print 0 ps or a time per image below its slowest stage.
std::string sig(double v) {
    std::ostringstream o;
    o << std::setprecision(4) << v;
    return o.str();
}

void check_invariants(const arch_config& arch, const run_result& r) {
    auto fail = [&](const std::string& what) {
        throw input_error(arch.source, "",
                          "the run's figures are not consistent (" + what +
                              "): a parameter is outside the range its model holds for; `pimscope params` lists "
                              "them with the values in use");
    };
    auto check = [&](const char* name, double v, bool positive) {
        if (!std::isfinite(v) || v < 0 || (positive && v == 0))
            fail(std::string(name) + " = " + sig(v));
    };
    check("clock period", arch.clock_period_s, true);
    check("latency of image 0", r.first_latency_s, true);
    check("time per image", r.period_s, true);
    check("energy per image", r.energy_per_image_j, true);
    check("chip area", r.chip_area_m2, true);
    for (const auto& L : r.layers) {
        check(("busy time of " + L.name).c_str(), L.busy_s, false);
        check(("energy of " + L.name).c_str(), L.energy_j, false);
    }
    // No stage can take longer per image than the pipeline's period. Over a few images the
    // period (last image out minus the first) and a stage's mean busy time differ by the
    // fill; a stage busy for twice the period is not that, it is a broken timing model.
    if (r.period_s < 0.5 * r.slowest_stage_s)
        fail("time per image " + sig(r.period_s) + " s is shorter than the slowest stage's " +
             sig(r.slowest_stage_s) + " s; pipeline.quantum_s " + sig(arch.quantum_s) +
             " s may be too coarse for this network");
}

// The elaborated model: the chip, its PE datapaths' binding and the study
// configurations, and the statistics registry the chip's blocks joined.
struct elaboration {
    core::stats_registry stats;
    core::installed_stats collecting{stats};   // blocks built while this lives join `stats`
    uint64_t rows_done = 0, rows_total = 0;    // progress
    std::unique_ptr<chip> top;
    datapath_binding datapaths;
    std::vector<std::unique_ptr<study_chip>> studies;   // each keeps its own statistics
    std::unique_ptr<stopper> stop;
};

std::unique_ptr<elaboration> elaborate(const arch_config& arch, const sw::prepared_network& net,
                                       const sw::floorplan& fp, const std::vector<sw::tensor>& images,
                                       const run_hooks& hooks, const std::vector<study_setup>& studies) {
    const auto& g = *net.g;
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(arch.quantum_s, sc_core::SC_SEC));
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    auto e = std::make_unique<elaboration>();
    for (const auto& node : g.nodes) e->rows_total += uint64_t(node.out.h) * images.size();
    std::function<void()> on_row;
    if (hooks.progress) {
        auto* el = e.get();
        on_row = [el, progress = hooks.progress] { progress(++el->rows_done, el->rows_total); };
    }
    e->top = std::make_unique<chip>("chip", arch, net, fp, images, on_row);
    e->top->trace_to(hooks.trace);
    e->datapaths = bind_pe_datapaths(arch, g, *e->top, hooks);
    for (std::size_t i = 0; i < studies.size(); ++i)
        e->studies.push_back(std::make_unique<study_chip>(
            i == 0 ? "study_chip" : ("study_step_" + std::to_string(i)).c_str(), arch, studies[i]));
    if (e->datapaths && e->datapaths->needs_stop()) {
        // The pin-level RTL runs a free-running clock, which keeps sc_start from returning.
        e->stop = std::make_unique<stopper>("stop_when_finished", *e->top, e->studies);
        sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    }
    return e;
}

// Runs the simulation to the end; a pipeline that stopped before its last output is a
// deadlock (input buffers too small for the network's branches).
void run(const arch_config& arch, const sw::graph& g, elaboration& e, run_result& r) {
    sc_core::sc_start();
#ifdef PIMSCOPE_HAVE_RTL
    if (e.datapaths) {
        e.datapaths->finish();
        r.cosim = std::make_shared<rtl::cosim_report>(e.datapaths->report());
        r.rtl_datapaths = e.datapaths->installed();
    }
#else
    (void)r;
#endif
    const auto unfinished = e.top->unfinished_stages();
    if (!unfinished.empty())
        throw input_error(arch.source, "pipeline.stage_buffer_rows",
                          "the pipeline deadlocked at layer '" + g.nodes[unfinished.front()].name +
                              "': input buffers are too small for this network's branches "
                              "(raise pipeline.stage_buffer_rows or use 0 for whole maps)");
    for (const auto& s : e.studies)
        if (!s->finished()) throw input_error(arch.source, "", "the study configuration's layers did not finish");
}

// The figures, from every block's statistics (each tags its work with the stage's layer;
// layer 0 is the host's writes into the global buffer) and the circuit models.
void collect(const arch_config& arch, const sw::graph& g, const sw::floorplan& fp, int n_images,
             const elaboration& e, run_result& r) {
    const chip& top = *e.top;
    const auto& stats = e.stats;
    for (std::size_t i = 0; i < e.studies.size(); ++i) {
        if (i == 0) r.study = e.studies[i]->collect();
        else r.study_steps.push_back(e.studies[i]->collect());
    }
    // The run ends when the last output has arrived; a stage's local time may not have
    // been synchronised that far. (The study configuration, simulated alongside, may end
    // later: its time is its own.)
    sc_time end = e.studies.empty() ? sc_core::sc_time_stamp() : sc_core::SC_ZERO_TIME;
    for (const auto& t : top.stages().back()->stats().image_end) end = std::max(end, t);
    r.simulated_s = seconds(end);
    r.simulated_ticks = end.value();
    r.resources = top.resource_groups();
    r.tiles = fp.total_tiles;
    r.subarrays = top.instantiated_subarrays();
    // Area is the blocks' circuit models over the floorplan's tiles.
    const auto area = arch.models->area(fp.total_tiles);
    r.array_area_m2 = area.array_m2;
    // Stages whose unit runs a multi-bit (integer-weight) conv/fc have multipliers too.
    r.datapath_area_m2 = arch.models->datapath_area_m2(int(top.stages().size()) - 1, fp.total_tiles,
                                                       arch.buffer_port_bits, arch.htree_link_bits, arch.unit_lanes,
                                                       top.multiplier_rows());
    r.chip_area_m2 = area.total_m2() + r.datapath_area_m2;

    // Operations: a multiply and an add per synapse of every output window a crossbar
    // layer computes (stride and padding counted).
    const auto rows = sw::layer_table(g);
    const auto crossbars = g.crossbar_layers();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& out = g.nodes[crossbars[i]].out;
        const double windows = rows[i].is_fc() ? 1.0 : double(out.h) * out.w;
        r.ops_per_image += 2.0 * windows * rows[i].k * rows[i].k * rows[i].ifm_c * rows[i].ofm_c;
    }
    // Per layer: subarray reads, conversions and energy, from one pass over the statistics
    // (a pass per layer cost as much as a fifth of the simulation on large chips). Each
    // layer's energy adds its values in the registry's order, as stats_registry::sum does.
    std::map<int, double> reads, conversions, layer_energy;
    for (const auto* group : stats.groups())
        for (std::size_t k = 0; k < group->stats().size(); ++k) {
            const auto& info = group->stats()[k];
            std::map<int, double>* named = info.name == "reads"         ? &reads
                                           : info.name == "conversions" ? &conversions
                                                                        : nullptr;
            const bool energy = info.kind == core::stat_kind::energy;
            if (!named && !energy) continue;
            group->for_each_layer(int(k), [&](int layer, double v) {
                if (named) (*named)[layer] += v;
                if (energy) layer_energy[layer] += v;
            });
        }
    auto of = [](const std::map<int, double>& m, int layer) {
        const auto it = m.find(layer);
        return it == m.end() ? 0.0 : it->second;
    };
    for (const auto& s : top.stages()) {
        const int i = s->node();
        if (i == 0) continue;
        layer_result L;
        L.node = i;
        L.name = g.nodes[i].name;
        L.op = sw::to_string(g.nodes[i].kind);
        if (const auto* m = fp.for_node(i)) {
            L.crossbar = true;
            L.tiles = m->tiles;
            L.duplication = m->duplication;
        }
        L.windows = s->stats().windows;
        L.subarray_reads = uint64_t(of(reads, i));
        L.adc_conversions = uint64_t(of(conversions, i));
        L.busy_s = seconds(s->stats().busy) / n_images;
        L.stall_input_s = seconds(s->stats().stall_input);
        L.stall_output_s = seconds(s->stats().stall_output);
        for (int k = 0; k < n_images; ++k)
            L.image_spans.emplace_back(seconds(s->stats().image_start[k]), seconds(s->stats().image_end[k]));
        L.energy_j = of(layer_energy, i) / n_images;
        for (const auto& in : s->external_inputs())
            L.peak_buffer_rows = std::max(L.peak_buffer_rows, top.stream(in.producer).peak_occupancy(in.consumer_id));
        if (L.busy_s > r.slowest_stage_s) {
            r.slowest_stage_s = L.busy_s;
            r.slowest_stage = L.name;
        }
        r.layers.push_back(std::move(L));
    }
    // Energy: every block's actions, by chip component, and the leakage of every tile over
    // the whole run (the chip is powered from the first write to the last output).
    r.dynamic_energy_per_image_j = stats.sum(core::stat_kind::energy) / n_images;
    for (const auto* group : stats.groups())
        for (std::size_t k = 0; k < group->stats().size(); ++k) {
            const auto& info = group->stats()[k];
            if (info.kind == core::stat_kind::energy)
                r.dynamic_energy_parts_j[info.component.empty() ? "unattributed" : info.component] +=
                    group->total(int(k)) / n_images;
        }
    r.leakage_w = fp.total_tiles * arch.models->tile.leakage_w();
    r.leakage_energy_per_image_j = r.leakage_w * r.simulated_s / n_images;
    r.energy_per_image_j = r.dynamic_energy_per_image_j + r.leakage_energy_per_image_j;

    // Timing per image, from the host's first write to the last stage's output.
    const auto& host = *top.stages().front();
    const auto& last = *top.stages().back();
    for (int k = 0; k < n_images; ++k) {
        image_result ir;
        ir.start_s = seconds(host.stats().image_start[k]);
        ir.end_s = seconds(last.stats().image_end[k]);
        r.images.push_back(ir);
    }
    r.first_latency_s = r.images.front().end_s - r.images.front().start_s;
    r.layer_mode = arch.pipeline_mode == "layer";
    if (n_images > 1)
        r.period_s = (r.images.back().end_s - r.images.front().end_s) / (n_images - 1);
    else if (r.layer_mode)
        r.period_s = r.first_latency_s;   // the stages take turns: an image holds the chip throughout
    else
        r.period_s = r.slowest_stage_s;
    const double span = r.images.back().end_s - r.images.front().start_s;
    r.throughput_ips = span > 0 ? n_images / span : 0;
}

// The golden reference of the images: what the chip's outputs must equal.
struct golden_maps {
    std::vector<sw::tensor> outputs;    // the network output of every image
    std::vector<sw::tensor> last;       // every node's map of the last image (first divergence)
};

// CPU time of the calling thread: the golden reference's own cost, whether it ran on a
// worker beside the simulation or on the main thread after it.
double thread_cpu_s() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// Computes the golden reference while the simulation runs. It reads only the graph, the
// parameters and the images (plain C++: no SystemC object, no statistics registry), so its
// workers may run beside the SystemC kernel, which stays on the calling thread. Each image
// is computed whole by one thread into its own slot: the results do not depend on the
// number of threads.
class golden_reference {
public:
    // threads 1: everything on the calling thread, in get(); N >= 2: started now on
    // min(N - 1, images) worker threads, images dealt round-robin.
    golden_reference(const sw::prepared_network& net, const std::vector<sw::tensor>& images, int threads)
        : m_net(net), m_images(images), m_shares(shares(threads, images.size())),
          m_maps{std::vector<sw::tensor>(images.size()), {}} {
        if (threads < 2) return;
        for (std::size_t id = 0; id < m_shares.size(); ++id) {
            try {
                m_shares[id].thread = std::thread([this, id] { compute_share(id); });
                ++m_started;
            } catch (const std::system_error&) {
                // The system refused a thread: get() computes this share on the calling thread.
            }
        }
    }
    golden_reference(const golden_reference&) = delete;
    golden_reference& operator=(const golden_reference&) = delete;
    ~golden_reference() {
        m_stop = true;   // e.g. elaboration failed: stop at the next image
        for (auto& s : m_shares)
            if (s.thread.joinable()) s.thread.join();
    }

    // Waits for the workers (computes what no worker took); rethrows the error of the first
    // image that failed, as a single thread would have.
    const golden_maps& get() {
        for (auto& s : m_shares)
            if (s.thread.joinable()) s.thread.join();
        for (std::size_t id = 0; id < m_shares.size(); ++id)
            if (!m_shares[id].done) compute_share(id);
        const share* failed = nullptr;
        for (const auto& s : m_shares)
            if (s.error && (!failed || s.failed_image < failed->failed_image)) failed = &s;
        if (failed) std::rethrow_exception(failed->error);
        return m_maps;
    }
    double cpu_s() const {
        double t = 0;
        for (const auto& s : m_shares) t += s.cpu_s;
        return t;
    }
    int threads_started() const { return m_started; }

private:
    // One share per worker (N - 1 of them, no more than there are images); one share
    // computed on the calling thread when there are no workers.
    static std::size_t shares(int threads, std::size_t images) {
        return std::size_t(std::clamp<long>(long(threads) - 1, 1, std::max<long>(1, long(images))));
    }

    struct share {
        std::thread thread;
        bool done = false;
        double cpu_s = 0;
        std::exception_ptr error;
        std::size_t failed_image = 0;
    };

    void compute_share(std::size_t id) {
        share& s = m_shares[id];
        const double t0 = thread_cpu_s();
        const auto& g = *m_net.g;
        const std::size_t n = m_images.size(), out_node = std::size_t(g.output_node());
        std::vector<sw::tensor> maps;   // reused from image to image
        for (std::size_t k = id; k < n && !m_stop; k += m_shares.size()) {
            try {
                sw::golden_run(g, *m_net.params, m_images[k], maps);
                m_maps.outputs[k] = maps[out_node];
                if (k + 1 == n) m_maps.last = std::move(maps);
            } catch (...) {
                s.error = std::current_exception();
                s.failed_image = k;
                break;
            }
        }
        s.cpu_s = thread_cpu_s() - t0;
        s.done = true;
    }

    const sw::prepared_network& m_net;
    const std::vector<sw::tensor>& m_images;
    std::vector<share> m_shares;
    golden_maps m_maps;
    std::atomic<bool> m_stop{false};
    int m_started = 0;
};

// The chip's outputs against the golden reference, image by image; the first layer that
// differs in the last image (the chip keeps every map of it).
void compare_with_golden(const sw::prepared_network& net, const golden_maps& golden,
                         const elaboration& e, std::vector<sw::tensor>* outputs, run_result& r) {
    const auto& g = *net.g;
    const chip& top = *e.top;
    const int out_node = g.output_node();
    const int n_images = int(golden.outputs.size());
    for (int k = 0; k < n_images; ++k) {
        auto& ir = r.images[std::size_t(k)];
        const auto& want = golden.outputs[std::size_t(k)];
        const auto& got = top.stream(out_node).data(k);
        std::size_t equal = 0;
        for (std::size_t i = 0; i < want.v.size(); ++i) equal += want.v[i] == got.v[i];
        ir.agreement = want.v.empty() ? 1.0 : double(equal) / double(want.v.size());
        ir.exact = want == got;
        if (outputs) outputs->push_back(got);
        if (k + 1 == n_images)
            for (int i = 1; i < int(g.nodes.size()) && r.first_divergence.empty(); ++i)
                if (!(top.stream(i).data(k) == golden.last[std::size_t(i)])) r.first_divergence = g.nodes[i].name;
        ir.hw_class = arg_max(got);
        ir.golden_class = arg_max(want);
    }
}

// The models callers keep until the process ends (host_options::keep_model): reachable
// from here, so a leak checker does not report them, and never destroyed.
void keep_until_exit(std::unique_ptr<elaboration> e) {
    static auto* kept = new std::vector<std::unique_ptr<elaboration>>();
    e->datapaths.reset();   // an RTL co-simulation session closes its trace files
    kept->push_back(std::move(e));
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

run_result simulate(const arch_config& arch, const sw::prepared_network& net,
                    const sw::floorplan& fp, const std::vector<sw::tensor>& images,
                    std::vector<sw::tensor>* outputs, const run_hooks& hooks,
                    const std::vector<study_setup>& studies, const host_options& host) {
    // The per-action costs and the clock came with the configuration (load_arch_config).
    const auto wall_start = std::chrono::steady_clock::now();
    run_result r;
    golden_reference golden(net, images, host.threads);   // beside elaboration and sc_start
    auto e = elaborate(arch, net, fp, images, hooks, studies);
    r.elaborate_s = seconds_since(wall_start);

    const auto sim_start = std::chrono::steady_clock::now();
    run(arch, *net.g, *e, r);
    r.simulate_s = seconds_since(sim_start);

    collect(arch, *net.g, fp, int(images.size()), *e, r);
    const auto wait_start = std::chrono::steady_clock::now();
    const golden_maps& want = golden.get();
    r.golden_wait_s = seconds_since(wait_start);
    r.golden_s = golden.cpu_s();
    r.golden_threads = golden.threads_started();
    compare_with_golden(net, want, *e, outputs, r);
    r.wall_s = seconds_since(wall_start);
    const auto teardown_start = std::chrono::steady_clock::now();
    if (host.keep_model)
        keep_until_exit(std::move(e));
    else
        e.reset();
    r.teardown_s = seconds_since(teardown_start);
    check_invariants(arch, r);
    return r;
}

} // namespace pimscope::platform
