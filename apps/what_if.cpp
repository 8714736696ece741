#include "what_if.hpp"

#include "self_exe.hpp"

#include "pimscope/sweep/process_pool.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace pimscope::app {

namespace fs = std::filesystem;

namespace {

// Options of `run` whose value names where this run writes or what it traces.
bool drops_value(const std::string& option) {
    static const char* const names[] = {"--out", "--format", "--trace-timeline", "--trace-vcd", "--trace-layers",
                                        "--trace-modules", "--trace-window", "--trace-merge-gap", "--trace-rtl",
                                        "--trace-rtl-limit"};
    for (const char* n : names)
        if (option == n) return true;
    return false;
}

struct scratch_dir {
    fs::path path;
    scratch_dir() {
        std::string pattern = (fs::temp_directory_path() / "pimscope-what-if-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch directory for --what-if");
        path = pattern;
    }
    ~scratch_dir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

} // namespace

std::vector<std::string> child_arguments(const std::vector<std::string>& argv) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--what-if") continue;
        const auto eq = a.find('=');
        if (a.rfind("--", 0) == 0 && eq != std::string::npos && drops_value(a.substr(0, eq))) continue;
        if (drops_value(a)) {
            ++i;   // and its value
            continue;
        }
        out.push_back(a);
    }
    return out;
}

void measure_what_ifs(report::bottleneck_report& b, const platform::run_result& r,
                      const std::vector<std::string>& argv, int jobs) {
    const scratch_dir scratch;
    const std::string exe = self_exe();
    const std::vector<std::string> base = child_arguments(argv);
    sweep::process_pool pool(std::max(1, jobs));
    std::vector<std::size_t> pending;
    for (std::size_t k = 0; k < b.hints.size(); ++k)
        if (!b.hints[k].setting.empty()) pending.push_back(k);
    auto job_for = [&](std::size_t k) {
        sweep::point_job job;
        job.index = int(k);
        std::vector<std::string> cmd{exe};
        cmd.insert(cmd.end(), base.begin(), base.end());
        const fs::path dir = scratch.path / std::to_string(k);
        for (const std::string& extra : {std::string("--set"), b.hints[k].setting, std::string("--out"), dir.string()})
            cmd.push_back(extra);
        job.commands.push_back(cmd);
        job.logs.push_back((scratch.path / (std::to_string(k) + ".log")).string());
        return job;
    };
    std::size_t next = 0, done = 0;
    while (done < pending.size()) {
        while (next < pending.size() && !pool.full()) pool.start(job_for(pending[next++]));
        for (const auto& jr : pool.poll()) {
            ++done;
            auto& h = b.hints[std::size_t(jr.index)];
            if (!jr.ok) {
                h.measure_error = jr.error;
                continue;
            }
            std::ifstream in(scratch.path / std::to_string(jr.index) / "summary.json");
            const auto s = nlohmann::json::parse(in, nullptr, false);
            if (s.is_discarded()) {
                h.measure_error = "its summary.json could not be read";
                continue;
            }
            h.measured = true;
            h.time_before_s = r.period_s;
            h.time_after_s = s["timing"]["time_per_image_s"].get<double>();
            h.energy_before_j = r.energy_per_image_j;
            h.energy_after_j = s["energy"]["per_image_j"].get<double>();
            h.area_before_m2 = r.chip_area_m2;
            h.area_after_m2 = s["chip"]["chip_area_m2"].get<double>();
        }
        if (done < pending.size()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace pimscope::app
