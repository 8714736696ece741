// Accuracy runs. Each image is independent: images are dealt to threads round-robin and
// their outcomes stored per image, so sums do not depend on scheduling.
#include "pimscope/sw/accuracy.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <system_error>
#include <thread>

namespace pimscope::sw {
namespace {

// Runs body(i) for i in [0, n) on `threads` threads; rethrows the first exception.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t, int)>& body) {
    const int t = std::max(1, std::min<int>(threads, int(std::max<std::size_t>(n, 1))));
    std::exception_ptr error;
    std::mutex m;
    auto work = [&](int id) {
        try {
            for (std::size_t i = std::size_t(id); i < n; i += std::size_t(t)) {
                {
                    std::lock_guard<std::mutex> lock(m);
                    if (error) return;
                }
                body(i, id);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(m);
            if (!error) error = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    std::vector<int> unstarted;   // the system refused a thread: its share runs here instead
    for (int id = 1; id < t; ++id) {
        try {
            pool.emplace_back(work, id);
        } catch (const std::system_error&) {
            unstarted.push_back(id);
        }
    }
    work(0);
    for (int id : unstarted) work(id);
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// outputs (optional): receives each image's network output of the pass.
count_statistics gather_counts(const prepared_network& net, const dataset& ds, std::size_t n, int threads,
                               std::vector<std::vector<int32_t>>* outputs = nullptr) {
    std::vector<count_statistics> per_thread(std::size_t(std::max(1, threads)));
    if (outputs) outputs->assign(n, {});
    const std::size_t last = std::size_t(net.g->output_node());
    parallel_for(n, threads, [&](std::size_t i, int id) {
        const tensor in = to_network_input(ds, ds.pixels(i), net.g->input_shape, net.encoding);
        thread_local std::vector<tensor> maps;   // reused from image to image
        collect_counts(net, in, per_thread[std::size_t(id)], int64_t(i), maps);
        if (outputs) (*outputs)[i] = maps[last].v;
    });
    count_statistics all;
    for (const auto& s : per_thread) all.merge(s);   // integer sums: order does not matter
    return all;
}

} // namespace

int class_rank(const std::vector<int32_t>& scores, int label) {
    int rank = 0;
    const int32_t s = scores.at(std::size_t(label));
    for (std::size_t c = 0; c < scores.size(); ++c)
        if (scores[c] > s || (scores[c] == s && int(c) < label)) ++rank;
    return rank;
}

void set_adc_ranges_from_data(prepared_network& net, const dataset& ds, std::size_t images,
                              const accuracy_options& opts) {
    if (opts.range == adc_range::study) {
        set_adc_ranges(net, gather_counts(net, ds, images, opts.threads), opts.range, opts.clip_percentile);
    } else if (opts.range == adc_range::calibrated) {
        const dataset& cal = opts.calibration ? *opts.calibration : ds;
        const std::size_t n = std::min(opts.calibration_images, cal.size());
        set_adc_ranges(net, gather_counts(net, cal, n, opts.threads), opts.range, opts.clip_percentile);
    } else {
        set_adc_ranges(net, {}, adc_range::fixed, opts.clip_percentile);
    }
}

accuracy_result evaluate_accuracy(prepared_network& net, const dataset& ds, const accuracy_options& opts) {
    const graph& g = *net.g;
    accuracy_result r;
    const std::size_t total = opts.limit ? std::min(opts.limit, ds.size()) : ds.size();
    const std::size_t first = std::min(opts.first, total);
    r.images = std::min(opts.end, total) - std::min(first, std::min(opts.end, total));
    if (r.images != total && opts.range == adc_range::study)
        throw input_error("", "adc.range", "the study policy takes the ADC range from the whole evaluated set; "
                                           "it cannot evaluate a slice of it");
    r.classes = ds.classes();
    const shape3 out = g.nodes.back().out;
    if (out.size() < std::size_t(r.classes))
        throw input_error(g.source, "node '" + g.nodes.back().name + "'",
                          "the network's output has " + std::to_string(out.size()) + " values, the dataset " +
                              ds.source() + " has " + std::to_string(r.classes) + " classes");

    const auto t0 = std::chrono::steady_clock::now();
    // The study policy's range pass runs every evaluated image through the crossbar kernel
    // with an exact ADC on every layer: with ideal cells (in both networks) and the same
    // input encoding that is the ideal network's run, so its outputs serve as the ideal
    // outputs below instead of a second run (the golden check still covers them).
    auto ideal_cells = [](const prepared_network& p) {
        for (const auto& c : p.crossbars)
            if (c && c->analog) return false;
        return true;
    };
    std::vector<std::vector<int32_t>> range_pass_outputs;
    const bool reuse_range_pass = opts.range == adc_range::study && opts.ideal && first == 0 && ideal_cells(net) &&
                                  ideal_cells(*opts.ideal) && opts.ideal->g == net.g &&
                                  opts.ideal->encoding.bits == net.encoding.bits &&
                                  opts.ideal->encoding.is_signed == net.encoding.is_signed;
    if (reuse_range_pass)
        set_adc_ranges(net, gather_counts(net, ds, r.images, opts.threads, &range_pass_outputs), opts.range,
                       opts.clip_percentile);
    else
        set_adc_ranges_from_data(net, ds, r.images, opts);
    r.calibration_seconds = since(t0);

    struct outcome {
        int golden_rank = 0, hw_rank = 0;
        bool agree = false;
    };
    std::vector<outcome> res(r.images);
    std::vector<char> checked(r.images, 0);
    const auto t1 = std::chrono::steady_clock::now();
    const int last = g.output_node();
    // With ideal cells and an exact ADC on every layer the hardware computes the ideal
    // network itself (same kernel, same sums): one run serves both.
    bool hw_is_ideal = opts.ideal != nullptr;
    for (std::size_t i = 0; i < net.crossbars.size() && hw_is_ideal; ++i)
        if (net.crossbars[i]) hw_is_ideal = !net.crossbars[i]->analog && net.adc_for(int(i)).exact();
    r.hw_is_ideal = hw_is_ideal;
    std::atomic<std::size_t> done{0};
    parallel_for(r.images, opts.threads, [&](std::size_t k, int worker) {
        const std::size_t i = first + k;   // global index: noise key, golden check, label
        const tensor in = to_network_input(ds, ds.pixels(i), g.input_shape, net.encoding);
        std::vector<int32_t> gold;
        thread_local std::vector<tensor> golden_ws;   // the golden reference's maps, reused
        if (opts.ideal) {
            if (reuse_range_pass) {
                gold = range_pass_outputs[i];
            } else {
                thread_local std::vector<tensor> ideal_ws;
                functional_run(*opts.ideal, in, int64_t(i), ideal_ws);
                gold = ideal_ws[std::size_t(last)].v;
            }
            if (opts.golden_check_every && i % opts.golden_check_every == 0) {
                golden_run(g, *net.params, in, golden_ws);
                if (golden_ws[std::size_t(last)].v != gold)
                    throw std::logic_error("the exact crossbar kernel disagrees with the golden "
                                           "reference on image " + std::to_string(i));
                checked[k] = 1;
            }
        } else {
            golden_run(g, *net.params, in, golden_ws);
            gold = golden_ws[std::size_t(last)].v;
            checked[k] = 1;
        }
        thread_local std::vector<tensor> hw_ws;
        if (!hw_is_ideal) functional_run(net, in, int64_t(i), hw_ws);
        const std::vector<int32_t>& hw = hw_is_ideal ? gold : hw_ws[std::size_t(last)].v;
        const int label = ds.label(i);
        auto argmax = [](const std::vector<int32_t>& v) {
            return int(std::max_element(v.begin(), v.end()) - v.begin());
        };
        res[k] = {class_rank(gold, label), class_rank(hw, label), argmax(gold) == argmax(hw)};
        const std::size_t finished = ++done;
        if (worker == 0 && opts.progress) opts.progress(finished, r.images);
    });
    r.seconds = since(t1);
    for (char c : checked) r.golden_checked += std::size_t(c);
    for (const auto& o : res) {
        r.golden_top1 += o.golden_rank == 0;
        r.golden_top5 += o.golden_rank < 5;
        r.hw_top1 += o.hw_rank == 0;
        r.hw_top5 += o.hw_rank < 5;
        r.agree += o.agree;
    }
    return r;
}

} // namespace pimscope::sw
