// `pimscope accuracy`: loads the dataset and the weights, runs sw::evaluate_accuracy,
// prints the summary and optionally writes accuracy.json.
#include "accuracy_command.hpp"
#include "deployment.hpp"
#include "progress_bar.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sw/accuracy.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/network.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace pimscope::app {
namespace {

const char* range_name(adc_range r) {
    return r == adc_range::study ? "study" : r == adc_range::calibrated ? "calibrated" : "fixed";
}

std::string pct(std::size_t k, std::size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%6.2f %%", n ? 100.0 * double(k) / double(n) : 0.0);
    return b;
}

std::string nonideal_line(const arch_config& a) {
    char b[192];
    std::snprintf(b, sizeof b,
                  "  cells             variation sigma %g, read noise sigma %g G_on, stuck-on %g, "
                  "stuck-off %g, on/off %g, seed %llu\n",
                  a.variation_sigma, a.read_noise_sigma, a.stuck_on_rate, a.stuck_off_rate, a.on_off_ratio,
                  static_cast<unsigned long long>(a.nonideal_seed));
    return b;
}

} // namespace

int accuracy_command(const common_options& o, const accuracy_args& a) {
    if (a.threads < 1) throw input_error("", "--threads", "must be >= 1");
    const auto ds = sw::open_dataset(a.dataset);
    // Trained weights when the network file has them, generated from the seed otherwise.
    const sw::network loaded = sw::load_network_with_params(a.net_file, a.seed, a.input_size);
    const sw::graph& g = loaded.g;
    const arch_config arch = load_arch(o, g.widest_crossbar_columns());
    // The parameters as deployed: optionally the first layer's thresholds re-folded for
    // n-bit pixels (the ideal and the hardware network both use them).
    const sw::network_params params = deployed_params(g, loaded.params, arch);
    sw::prepared_network net = sw::prepare_network(g, params, arch);
    // The ideal network: the same kernel with an ADC that resolves every column count.
    arch_config exact = arch;
    exact.adc_bits = 16;
    exact.adc_range_policy = adc_range::fixed;
    exact.variation_sigma = exact.read_noise_sigma = 0;   // and ideal cells
    exact.stuck_on_rate = exact.stuck_off_rate = 0;
    const sw::prepared_network ideal = sw::prepare_network(g, params, exact);

    sw::accuracy_options opts;
    opts.limit = a.limit;
    opts.threads = a.threads;
    opts.ideal = &ideal;
    opts.range = arch.adc_range_policy;
    opts.clip_percentile = arch.adc_clip_percentile;
    opts.calibration_images = std::size_t(arch.adc_calibration_images);
    std::unique_ptr<sw::dataset> cal;
    if (opts.range == adc_range::calibrated) {
        const std::string spec = calibration_spec(a.dataset);
        if (spec != a.dataset) cal = sw::open_dataset(spec);
        opts.calibration = cal ? cal.get() : ds.get();
    }
    std::unique_ptr<progress_bar> progress;
    if (progress_bar::stderr_is_terminal()) {
        progress = std::make_unique<progress_bar>("evaluating");
        opts.progress = [&](std::size_t done, std::size_t total) { progress->update(done, total); };
    }
    struct {
        std::size_t index = 0, count = 0;
    } shard;
    if (!a.shard.empty()) {
        unsigned long k = 0, n = 0;
        char tail = 0;
        if (std::sscanf(a.shard.c_str(), "%lu/%lu%c", &k, &n, &tail) != 2 || n == 0 || k >= n)
            throw input_error("", "--shard", "expected K/N with 0 <= K < N, got '" + a.shard + "'");
        if (opts.range == adc_range::study)
            throw input_error("", "--shard", "the study ADC range policy takes its range from the whole evaluated "
                                             "set: evaluate it in one piece");
        shard = {k, n};
        const std::size_t total = opts.limit ? std::min(opts.limit, ds->size()) : ds->size();
        opts.first = total * k / n;
        opts.end = total * (k + 1) / n;
    }
    const sw::accuracy_result r = sw::evaluate_accuracy(net, *ds, opts);
    progress.reset();

    const bool top5 = r.classes >= 5;
    std::cout << "pimscope accuracy: " << g.name << " on " << a.dataset << " (" << r.images << " images, "
              << r.classes << " classes)\n"
              << "  arch              " << arch.source << ": ADC " << arch.adc_bits << " b ("
              << range_name(arch.adc_range_policy) << ", "
              << (arch.adc_range_policy == adc_range::study ? "floor"
                  : arch.adc_round == adc_rounding::floor  ? "floor"
                                                           : "nearest")
              << "), input " << arch.input_bits << " b " << arch.input_scheme << "\n"
              << (arch.nonideal() ? nonideal_line(arch) : std::string())
              << "  ideal (digital)   top-1 " << pct(r.golden_top1, r.images)
              << (top5 ? "   top-5 " + pct(r.golden_top5, r.images) : "")
              << "   (" << r.golden_checked << " images cross-checked with the golden reference)\n"
              << "  hardware          top-1 " << pct(r.hw_top1, r.images)
              << (top5 ? "   top-5 " + pct(r.hw_top5, r.images) : "") << "\n"
              << "  agreement         " << pct(r.agree, r.images) << " (same predicted class)\n";
    char t[96];
    std::snprintf(t, sizeof t, "  time              %.2f s (%d thread%s, %.0f images/s)", r.seconds, a.threads,
                  a.threads == 1 ? "" : "s", r.seconds > 0 ? double(r.images) / r.seconds : 0.0);
    std::cout << t;
    if (r.calibration_seconds > 0.01) {
        std::snprintf(t, sizeof t, " + %.2f s ADC range pass", r.calibration_seconds);
        std::cout << t;
    }
    std::cout << "\n";

    if (!a.out.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(a.out, ec);
        if (ec) throw input_error(a.out, "--out", "cannot create the directory: " + ec.message());
        nlohmann::json j;
        auto frac = [&](std::size_t k) { return r.images ? double(k) / double(r.images) : 0.0; };
        j["network"] = {{"file", a.net_file}, {"name", g.name}};
        j["dataset"] = {{"spec", a.dataset}, {"images", r.images}, {"classes", r.classes}};
        j["arch"] = {{"file", a.arch_file},
                     {"adc_bits", arch.adc_bits},
                     {"adc_range", range_name(arch.adc_range_policy)},
                     {"adc_rounding", arch.adc_round == adc_rounding::floor ? "floor" : "nearest"},
                     {"adc_clip_percentile", arch.adc_clip_percentile},
                     {"input_bits", arch.input_bits},
                     {"input_scheme", arch.input_scheme},
                     {"rescale_first_thresholds", arch.rescale_first_thresholds},
                     {"on_off_ratio", arch.on_off_ratio},
                     {"variation_sigma", arch.variation_sigma},
                     {"read_noise_sigma", arch.read_noise_sigma},
                     {"stuck_on_rate", arch.stuck_on_rate},
                     {"stuck_off_rate", arch.stuck_off_rate},
                     {"nonideal_seed", arch.nonideal_seed}};
        j["golden"] = {{"top1", frac(r.golden_top1)}, {"top5", top5 ? nlohmann::json(frac(r.golden_top5)) : nlohmann::json()}};
        j["hardware"] = {{"top1", frac(r.hw_top1)}, {"top5", top5 ? nlohmann::json(frac(r.hw_top5)) : nlohmann::json()}};
        j["agreement"] = frac(r.agree);
        j["layer_adc_ranges"] = nlohmann::json::array();
        for (std::size_t i = 0; i < net.crossbars.size(); ++i)
            if (net.crossbars[i]) {
                const auto& q = net.adc_for(int(i));
                j["layer_adc_ranges"].push_back(
                    {{"node", g.nodes[i].name}, {"lo", q.range_lo()}, {"hi", q.range_hi()}});
            }
        j["seconds"] = r.seconds;
        j["golden_cross_checked_images"] = r.golden_checked;
        // The counts behind the fractions: shards of one evaluation add up (sweep/).
        j["counts"] = {{"images", r.images},       {"golden_top1", r.golden_top1}, {"golden_top5", r.golden_top5},
                       {"hw_top1", r.hw_top1},     {"hw_top5", r.hw_top5},         {"agree", r.agree},
                       {"golden_checked", r.golden_checked}};
        if (shard.count)
            j["shard"] = {{"index", shard.index}, {"of", shard.count}, {"first", opts.first}, {"end", opts.end}};
        j["threads"] = a.threads;
        const std::string path = a.out + "/accuracy.json";
        traces::write_file_atomically(path, j.dump(2) + "\n");
        std::cout << "  wrote             " << path << "\n";
    }
    return 0;
}

} // namespace pimscope::app
