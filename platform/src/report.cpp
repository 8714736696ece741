#include "pimscope/platform/report.hpp"

#include "pimscope/common/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace pimscope::platform {

namespace fs = std::filesystem;

namespace {

std::string fmt(double v, int precision = 3) {
    std::ostringstream s;
    s << std::setprecision(precision) << v;
    return s.str();
}

std::string si(double v, const char* unit) {
    static const struct { double scale; const char* prefix; } steps[] = {
        {1, ""}, {1e-3, "m"}, {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}};
    for (const auto& s : steps)
        if (v >= s.scale || s.scale == 1e-12) return fmt(v / s.scale, 4) + " " + s.prefix + unit;
    return fmt(v) + " " + unit;
}

void write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".partial";
    {
        std::ofstream out(tmp);
        out << text;
        if (!out) throw input_error(tmp.string(), "", "cannot write output file");
    }
    fs::rename(tmp, path);
}

int exact_images(const run_result& r) {
    int n = 0;
    for (const auto& i : r.images) n += i.exact;
    return n;
}

double mean_agreement(const run_result& r) {
    double s = 0;
    for (const auto& i : r.images) s += i.agreement;
    return r.images.empty() ? 0 : s / double(r.images.size());
}

} // namespace

void print_summary(std::ostream& os, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r) {
    os << "pimscope run: " << g.name << " on " << d.arch_file << " (" << d.mode << ", ADC "
       << arch.adc_bits << " b, input " << arch.input_bits << " b, " << d.images << " image"
       << (d.images > 1 ? "s" : "") << ")\n";
    os << "  chip              " << r.tiles << " tiles, " << r.subarrays
       << " subarrays holding weights, cell-array area " << fmt(r.array_area_m2 * 1e6, 4)
       << " mm2\n";
    os << "  latency (image 0) " << si(r.first_latency_s, "s") << " end to end\n";
    os << "  time per image    " << si(r.period_s, "s") << " steady state; slowest stage '"
       << r.slowest_stage << "' " << si(r.slowest_stage_s, "s") << "\n";
    os << "  throughput        " << fmt(r.throughput_ips, 4) << " images/s over the run\n";
    os << "  energy per image  " << si(r.energy_per_image_j, "J") << "\n";
    const int exact = exact_images(r);
    os << "  golden reference  " << exact << "/" << r.images.size()
       << " outputs bit-exact, element agreement " << fmt(100 * mean_agreement(r), 5) << " %";
    int same_class = 0;
    for (const auto& i : r.images) same_class += i.hw_class == i.golden_class;
    os << ", top-1 agreement " << same_class << "/" << r.images.size() << "\n";
    if (exact < int(r.images.size()))
        os << "  note: the " << arch.adc_bits << "-bit ADC cannot represent every column sum; "
           << "outputs differ from the exact network\n";
    if (!r.first_divergence.empty())
        os << "  first divergence  layer '" << r.first_divergence << "' (last image)\n";
    os << "  host time         " << fmt(r.wall_s, 3) << " s (elaboration " << fmt(r.elaborate_s, 2)
       << " s, simulation " << fmt(r.simulate_s, 2) << " s, golden reference "
       << fmt(r.golden_s, 2) << " s)\n";
}

void write_outputs(const std::string& dir, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw input_error(dir, "", "cannot create output directory: " + ec.message());

    nlohmann::json j;
    j["network"] = {{"name", g.name}, {"file", d.net_file}, {"layers", g.nodes.size() - 1},
                    {"crossbar_layers", g.crossbar_layers().size()}};
    j["arch"] = {{"file", d.arch_file}, {"adc_bits", arch.adc_bits},
                 {"input_bits", arch.input_bits}, {"mode", arch.pipeline_mode},
                 {"clock_period_s", arch.clock_period_s}};
    j["run"] = {{"images", d.images}, {"seed", d.seed}};
    j["chip"] = {{"tiles", r.tiles}, {"subarrays_with_weights", r.subarrays},
                 {"cell_array_area_m2", r.array_area_m2}};
    j["timing"] = {{"first_image_latency_s", r.first_latency_s},
                   {"time_per_image_s", r.period_s},
                   {"throughput_images_per_s", r.throughput_ips},
                   {"slowest_stage", r.slowest_stage},
                   {"slowest_stage_time_s", r.slowest_stage_s},
                   {"simulated_time_s", r.simulated_s}};
    j["energy"] = {{"per_image_j", r.energy_per_image_j}};
    nlohmann::json imgs = nlohmann::json::array();
    for (const auto& i : r.images)
        imgs.push_back({{"start_s", i.start_s}, {"end_s", i.end_s}, {"bit_exact", i.exact},
                        {"agreement", i.agreement}, {"class", i.hw_class},
                        {"golden_class", i.golden_class}});
    j["golden"] = {{"bit_exact_images", exact_images(r)},
                   {"first_divergent_layer", r.first_divergence},
                   {"mean_agreement", mean_agreement(r)}, {"images", imgs}};
    j["host"] = {{"wall_s", r.wall_s}, {"elaborate_s", r.elaborate_s},
                 {"simulate_s", r.simulate_s}, {"golden_reference_s", r.golden_s}};

    std::ostringstream csv;
    csv << "node,name,op,crossbar,tiles,duplication,windows,subarray_reads,adc_conversions,"
           "busy_s_per_image,stall_input_s,stall_output_s,energy_j_per_image,peak_buffer_rows\n";
    for (const auto& L : r.layers)
        csv << L.node << ',' << L.name << ',' << L.op << ',' << (L.crossbar ? 1 : 0) << ','
            << L.tiles << ',' << L.duplication << ',' << L.windows << ',' << L.subarray_reads
            << ',' << L.adc_conversions << ',' << std::setprecision(9) << L.busy_s << ','
            << L.stall_input_s << ',' << L.stall_output_s << ',' << L.energy_j << ','
            << L.peak_buffer_rows << '\n';

    write_atomically(fs::path(dir) / "layers.csv", csv.str());
    write_atomically(fs::path(dir) / "summary.json", j.dump(2) + "\n");
}

} // namespace pimscope::platform
