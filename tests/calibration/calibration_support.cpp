#include "calibration_support.hpp"

#include <gtest/gtest.h>

#include "study_record.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pimscope::calibration {

namespace {

std::vector<std::string> split(std::string line) {
    // Some reference files end their header line with CR LF.
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
}

bool column_is(const csv_row& row, const std::string& column, const std::string& value) {
    const auto it = row.find(column);
    return it == row.end() || it->second == value;
}

} // namespace

std::vector<csv_row> read_reference_csv(const std::string& file_name) {
    const std::string path = std::string(PIMSCOPE_REFERENCE_DIR) + "/" + file_name;
    std::ifstream f(path);
    if (!f) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(f, line);
    const auto head = split(line);
    std::vector<csv_row> rows;
    while (std::getline(f, line)) {
        if (line.empty()) continue;
        const auto cells = split(line);
        csv_row row;
        for (std::size_t i = 0; i < head.size() && i < cells.size(); ++i) row[head[i]] = cells[i];
        rows.push_back(row);
    }
    return rows;
}

double number(const csv_row& row, const std::string& column) { return std::stod(row.at(column)); }

std::string text(const csv_row& row, const std::string& column) {
    const auto it = row.find(column);
    return it == row.end() ? "" : it->second;
}

std::string study_network(const std::string& name) {
    for (const char* net : {"balexnet", "bresnete18", "bdensenet28"})
        if (name == net) return net;
    if (name.rfind("resnet", 0) == 0) return "bresnete18";
    if (name.rfind("densenet", 0) == 0) return "bdensenet28";
    if (name.rfind("alexnet", 0) == 0) return "balexnet";
    throw std::runtime_error("no study network for '" + name + "'");
}

bool at_study_point(const csv_row& row) {
    return column_is(row, "subarray", "128") && column_is(row, "columns_per_adc", "8") &&
           column_is(row, "tech_nm", "22") && column_is(row, "mode", "pipelined") &&
           column_is(row, "adc_type", "mlsa") && column_is(row, "device", "rram");
}

namespace {

// Runs the study_point tool (one elaboration) and reads its figures; each point once.
platform::study_result simulate_point(const std::string& args) {
    static std::map<std::string, platform::study_result> done;
    if (const auto it = done.find(args); it != done.end()) return it->second;
    const std::string command = std::string(PIMSCOPE_STUDY_POINT) + " " + args;
    FILE* p = popen(command.c_str(), "r");
    if (!p) throw std::runtime_error("cannot run " + command);
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    if (pclose(p) != 0) throw std::runtime_error(command + " failed");
    std::istringstream in(text);
    return done[args] = read_study_record(in);
}

std::string set_args(const std::vector<std::string>& sets) {
    std::string out;
    for (const auto& s : sets) out += " --set " + s;
    return out;
}

} // namespace

platform::study_result run_study_point(const std::string& net, int bits, const std::vector<std::string>& sets) {
    return simulate_point(net + " " + std::to_string(bits) + set_args(sets));
}

platform::study_result run_graph_point(const std::string& net, int bits, int planes,
                                       const std::vector<std::string>& sets) {
    return simulate_point(net + " " + std::to_string(bits) + " --graph " + std::to_string(planes) + set_args(sets));
}

const std::vector<chip_metric>& chip_metrics() {
    using s_t = platform::study_result;
    static const std::vector<chip_metric> m = {
        {"chip_area_mm2", 1e6, 0.10, [](const s_t& s) { return s.area_m2; }},
        {"cim_array_area_mm2", 1e6, 0.20, [](const s_t& s) { return s.array_m2; }},
        {"interconnect_area_mm2", 1e6, 0.20, [](const s_t& s) { return s.interconnect_m2; }},
        {"adc_area_mm2", 1e6, 0.20, [](const s_t& s) { return s.adc_m2; }},
        {"accumulation_area_mm2", 1e6, 0.20, [](const s_t& s) { return s.accumulation_m2; }},
        {"other_area_mm2", 1e6, 0.20, [](const s_t& s) { return s.other_m2; }},
        {"clock_period_ns", 1e9, 0.10, [](const s_t& s) { return s.clock_period_s; }},
        {"latency_per_image_ms", 1e3, 0.10, [](const s_t& s) { return s.stage_s; }},
        {"buffer_latency_ms", 1e3, 0.20, [](const s_t& s) { return s.buffer_s; }},
        {"interconnect_latency_ms", 1e3, 0.20, [](const s_t& s) { return s.interconnect_s; }},
        {"adc_latency_us", 1e6, 0.20, [](const s_t& s) { return s.adc_s; }},
        {"accumulation_latency_us", 1e6, 0.20, [](const s_t& s) { return s.accumulation_s; }},
        {"dynamic_energy_uj", 1e6, 0.10, [](const s_t& s) { return s.dynamic_j; }},
        {"leakage_energy_uj", 1e6, 0.10, [](const s_t& s) { return s.leakage_j; }},
        {"buffer_dynamic_energy_uj", 1e6, 0.20, [](const s_t& s) { return s.buffer_j; }},
        {"interconnect_dynamic_energy_uj", 1e6, 0.20, [](const s_t& s) { return s.interconnect_j; }},
        {"adc_dynamic_energy_uj", 1e6, 0.20, [](const s_t& s) { return s.adc_j; }},
        {"accumulation_dynamic_energy_uj", 1e6, 0.20, [](const s_t& s) { return s.accumulation_j; }},
        {"tops_per_w", 1, 0.10, [](const s_t& s) { return s.tops_per_w; }},
        {"tops", 1, 0.10, [](const s_t& s) { return s.tops; }},
        {"fps", 1, 0.10, [](const s_t& s) { return s.fps; }},
        {"tops_per_cm2", 1, 0.10, [](const s_t& s) { return s.tops_per_cm2; }},
    };
    return m;
}

void check_chip_row(const csv_row& ref, const platform::study_result& s,
                    const std::function<double(const chip_metric&)>& tolerance) {
    std::printf("%-22s", ref.at("run").c_str());
    for (const auto& m : chip_metrics()) {
        const double want = number(ref, m.column);
        if (want == 0) continue;
        const double r = m.get(s) * m.scale / want;
        std::printf(" %s %.3f", m.column, r);
        const double tol = tolerance(m);
        if (tol > 0) {
            EXPECT_NEAR(r, 1.0, tol) << ref.at("run") << " " << m.column;
        }
    }
    std::printf("\n");
}

} // namespace pimscope::calibration
