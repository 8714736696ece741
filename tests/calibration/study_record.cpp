#include "study_record.hpp"

#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::calibration {

using platform::study_layer;
using platform::study_result;

namespace {

// Every numeric field, by name: one table for writing and reading.
const std::vector<std::pair<const char*, double study_result::*>>& chip_fields() {
    static const std::vector<std::pair<const char*, double study_result::*>> f = {
        {"clock_period_s", &study_result::clock_period_s}, {"area_m2", &study_result::area_m2},
        {"array_m2", &study_result::array_m2}, {"interconnect_m2", &study_result::interconnect_m2},
        {"adc_m2", &study_result::adc_m2}, {"accumulation_m2", &study_result::accumulation_m2},
        {"other_m2", &study_result::other_m2}, {"stage_s", &study_result::stage_s},
        {"buffer_s", &study_result::buffer_s}, {"interconnect_s", &study_result::interconnect_s},
        {"adc_s", &study_result::adc_s}, {"accumulation_s", &study_result::accumulation_s},
        {"dynamic_j", &study_result::dynamic_j}, {"leakage_j", &study_result::leakage_j},
        {"buffer_j", &study_result::buffer_j}, {"interconnect_j", &study_result::interconnect_j},
        {"adc_j", &study_result::adc_j}, {"accumulation_j", &study_result::accumulation_j},
        {"other_j", &study_result::other_j}, {"ops", &study_result::ops}, {"true_ops", &study_result::true_ops},
        {"fps", &study_result::fps}, {"tops", &study_result::tops}, {"tops_per_w", &study_result::tops_per_w},
        {"tops_per_cm2", &study_result::tops_per_cm2}, {"leakage_w", &study_result::leakage_w},
    };
    return f;
}

const std::vector<std::pair<const char*, double study_layer::*>>& layer_fields() {
    static const std::vector<std::pair<const char*, double study_layer::*>> f = {
        {"windows", &study_layer::windows}, {"buffer_s", &study_layer::buffer_s},
        {"interconnect_s", &study_layer::interconnect_s}, {"adc_s", &study_layer::adc_s},
        {"accumulation_s", &study_layer::accumulation_s}, {"latency_s", &study_layer::latency_s},
        {"buffer_j", &study_layer::buffer_j}, {"interconnect_j", &study_layer::interconnect_j},
        {"adc_j", &study_layer::adc_j}, {"accumulation_j", &study_layer::accumulation_j},
        {"other_j", &study_layer::other_j}, {"dynamic_j", &study_layer::dynamic_j},
        {"leakage_w", &study_layer::leakage_w}, {"leakage_j", &study_layer::leakage_j},
        {"area_m2", &study_layer::area_m2},
    };
    return f;
}

} // namespace

void write_study_record(std::ostream& os, const study_result& s) {
    os << std::setprecision(17);
    os << "flag quirks " << s.quirks << "\n";
    os << "text slowest_layer " << s.slowest_layer << "\ntext latency_bottleneck " << s.latency_bottleneck
       << "\ntext energy_bottleneck " << s.energy_bottleneck << "\ntext area_bottleneck " << s.area_bottleneck
       << "\n";
    for (const auto& [name, field] : chip_fields()) os << "chip " << name << " " << s.*field << "\n";
    for (std::size_t i = 0; i < s.layers.size(); ++i) {
        const auto& L = s.layers[i];
        os << "name " << i << " " << L.name << "\n";
        os << "int " << i << " tiles " << L.tiles << "\nint " << i << " duplication " << L.duplication << "\n";
        for (const auto& [name, field] : layer_fields()) os << "layer " << i << " " << name << " " << L.*field << "\n";
    }
}

study_result read_study_record(std::istream& is) {
    study_result s;
    std::string line;
    auto layer = [&](std::size_t i) -> study_layer& {
        if (s.layers.size() <= i) s.layers.resize(i + 1);
        return s.layers[i];
    };
    while (std::getline(is, line)) {
        std::istringstream in(line);
        std::string kind, name;
        in >> kind;
        if (kind == "flag") {
            int v = 0;
            in >> name >> v;
            s.quirks = v != 0;
        } else if (kind == "text") {
            std::string v;
            in >> name >> v;
            if (name == "slowest_layer") s.slowest_layer = v;
            else if (name == "latency_bottleneck") s.latency_bottleneck = v;
            else if (name == "energy_bottleneck") s.energy_bottleneck = v;
            else if (name == "area_bottleneck") s.area_bottleneck = v;
        } else if (kind == "chip") {
            double v = 0;
            in >> name >> v;
            for (const auto& [n, field] : chip_fields())
                if (name == n) s.*field = v;
        } else if (kind == "name") {
            std::size_t i = 0;
            in >> i >> name;
            layer(i).name = name;
        } else if (kind == "int") {
            std::size_t i = 0;
            int v = 0;
            in >> i >> name >> v;
            (name == "tiles" ? layer(i).tiles : layer(i).duplication) = v;
        } else if (kind == "layer") {
            std::size_t i = 0;
            double v = 0;
            in >> i >> name >> v;
            for (const auto& [n, field] : layer_fields())
                if (name == n) layer(i).*field = v;
        } else if (!kind.empty()) {
            throw std::runtime_error("study record: unexpected line '" + line + "'");
        }
    }
    return s;
}

} // namespace pimscope::calibration
