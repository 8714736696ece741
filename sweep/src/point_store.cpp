// Point records, the output directory's bookkeeping and results.csv.
#include "pimscope/sweep/point_store.hpp"

#include "pimscope/common/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <set>

namespace pimscope::sweep {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Host-time fields: they measure the machine, not the design point.
bool is_wall_clock(const std::string& key) {
    return key == "seconds" || key == "threads" || key.find("host") != std::string::npos ||
           key.find("wall") != std::string::npos;
}

void flatten(const json& j, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (!is_wall_clock(it.key())) flatten(it.value(), prefix + "." + it.key(), out);
    } else if (j.is_string()) {
        out.emplace_back(prefix, j.get<std::string>());
    } else if (j.is_number() || j.is_boolean()) {
        out.emplace_back(prefix, j.dump());
    }
    // arrays and nulls: detail that stays in the point's own files
}

std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string s;
    for (std::size_t i = 0; i < fields.size(); ++i) s += (i ? "," : "") + csv_field(fields[i]);
    return s + "\n";
}

// The expansion as stored in sweep.json: what --resume compares.
json points_json(const sweep_spec& s) {
    json pts = json::array();
    for (const auto& p : s.points) {
        json settings = json::object();
        for (const auto& st : p.settings) settings[st.key] = st.value;
        pts.push_back({{"index", p.index}, {"part", s.parts[std::size_t(p.part)].name}, {"settings", settings}});
    }
    return pts;
}

} // namespace

std::string record_to_json(const point_record& r) {
    json j;
    j["index"] = r.index;
    j["part"] = r.part;
    j["settings"] = json::object();
    for (const auto& kv : r.settings) j["settings"][kv.first] = kv.second;
    j["status"] = r.status;
    j["error"] = r.error;
    j["metrics"] = json::object();
    for (const auto& kv : r.metrics) j["metrics"][kv.first] = kv.second;
    j["seconds"] = r.seconds;
    j["worker"] = r.worker;
    return j.dump(2) + "\n";
}

point_record record_from_json(const std::string& text, const std::string& origin) {
    point_record r;
    try {
        const json j = json::parse(text);
        r.index = j.at("index").get<int>();
        r.part = j.at("part").get<std::string>();
        for (auto it = j.at("settings").begin(); it != j.at("settings").end(); ++it)
            r.settings.emplace_back(it.key(), it.value().get<std::string>());
        r.status = j.at("status").get<std::string>();
        r.error = j.at("error").get<std::string>();
        for (auto it = j.at("metrics").begin(); it != j.at("metrics").end(); ++it)
            r.metrics.emplace_back(it.key(), it.value().get<std::string>());
        r.seconds = j.at("seconds").get<double>();
        r.worker = j.at("worker").get<int>();
    } catch (const json::exception& e) {
        throw input_error(origin, "", std::string("not a point record: ") + e.what());
    }
    return r;
}

void append_metrics(const std::string& json_text, const std::string& prefix, const std::string& origin,
                    std::vector<std::pair<std::string, std::string>>& out) {
    json j;
    try {
        j = json::parse(json_text);
    } catch (const json::exception& e) {
        throw input_error(origin, "", std::string("not valid JSON: ") + e.what());
    }
    flatten(j, prefix, out);
}

std::string point_name(int index) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d", index);
    return b;
}

std::string point_dir(const std::string& out, int index) { return out + "/points/" + point_name(index); }
std::string partial_dir(const std::string& out, int index) {
    return out + "/points/." + point_name(index) + ".partial";
}

std::map<int, point_record> prepare_output(const std::string& out, const sweep_spec& s, bool resume) {
    std::error_code ec;
    fs::create_directories(out + "/points", ec);
    if (ec) throw input_error(out, "--out", "cannot create the directory: " + ec.message());
    const std::string manifest = out + "/sweep.json";
    const json expected = {{"sweep", s.file}, {"points", points_json(s)}};
    std::map<int, point_record> done;
    if (fs::exists(manifest)) {
        if (!resume)
            throw input_error(out, "--out",
                              "already holds a sweep (sweep.json); pass --resume to continue it or choose another directory");
        json found;
        try {
            found = json::parse(read_text_file(manifest));
        } catch (const json::exception& e) {
            throw input_error(manifest, "", std::string("not valid JSON: ") + e.what());
        }
        // The points must be the same; the sweep file may have moved.
        if (found.value("points", json()) != expected["points"])
            throw input_error(out, "--resume", "was written by a different sweep (its points differ from " + s.file + ")");
    } else {
        write_file_atomically(manifest, expected.dump(2) + "\n");
    }
    for (const auto& e : fs::directory_iterator(out + "/points")) {
        const std::string name = e.path().filename().string();
        if (name.size() > 8 && name.front() == '.' && name.compare(name.size() - 8, 8, ".partial") == 0) {
            fs::remove_all(e.path());   // a point a killed sweep left half-done: run it again
            continue;
        }
        const std::string summary = e.path().string() + "/summary.json";
        if (!fs::exists(summary)) continue;
        point_record r = record_from_json(read_text_file(summary), summary);
        if (r.index >= 0 && std::size_t(r.index) < s.points.size() && point_name(r.index) == name)
            done[r.index] = std::move(r);
    }
    return done;
}

void commit_point(const std::string& out, const point_record& r) {
    const std::string tmp = partial_dir(out, r.index);
    std::error_code ec;
    fs::create_directories(tmp, ec);
    if (ec) throw input_error(tmp, "", "cannot create the directory: " + ec.message());
    write_file_atomically(tmp + "/summary.json", record_to_json(r));
    fs::rename(tmp, point_dir(out, r.index), ec);
    if (ec) throw input_error(point_dir(out, r.index), "", "cannot rename the finished point into place: " + ec.message());
}

std::string results_csv(const sweep_spec& s, const std::map<int, point_record>& records) {
    std::vector<std::string> metric_columns;
    std::set<std::string> seen;
    for (const auto& kv : records)
        for (const auto& m : kv.second.metrics)
            if (seen.insert(m.first).second) metric_columns.push_back(m.first);

    std::vector<std::string> header{"point", "part"};
    header.insert(header.end(), s.axes.begin(), s.axes.end());
    header.insert(header.end(), {"status", "error"});
    header.insert(header.end(), metric_columns.begin(), metric_columns.end());
    std::string text = csv_line(header);
    for (const auto& kv : records) {
        const point_record& r = kv.second;
        auto lookup = [](const std::vector<std::pair<std::string, std::string>>& v, const std::string& k) {
            for (const auto& x : v)
                if (x.first == k) return x.second;
            return std::string();
        };
        std::vector<std::string> row{std::to_string(r.index), r.part};
        for (const auto& a : s.axes) row.push_back(lookup(r.settings, a));
        row.push_back(r.status);
        row.push_back(r.error);
        for (const auto& m : metric_columns) row.push_back(lookup(r.metrics, m));
        text += csv_line(row);
    }
    return text;
}

std::string timing_csv(const std::map<int, point_record>& records) {
    std::string text = "point,part,status,worker,seconds\n";
    char b[64];
    for (const auto& kv : records) {
        std::snprintf(b, sizeof b, "%.3f", kv.second.seconds);
        text += csv_line({std::to_string(kv.first), kv.second.part, kv.second.status,
                          std::to_string(kv.second.worker), b});
    }
    return text;
}

} // namespace pimscope::sweep

namespace pimscope::sweep {

namespace {
// Where each command writes and which of its files holds the figures.
const char* output_file(command c) { return c == command::run ? "summary.json" : "accuracy.json"; }
} // namespace

point_job make_job(const sweep_spec& s, const point& p, const std::string& exe, const std::string& out) {
    const std::string dir = partial_dir(out, p.index);
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    if (ec) throw input_error(dir, "", "cannot create the directory: " + ec.message());
    point_job job;
    job.index = p.index;
    for (command c : s.parts[std::size_t(p.part)].commands) {
        job.commands.push_back(point_command_line(s, p, c, exe, dir + "/" + command_name(c)));
        job.logs.push_back(dir + "/" + command_name(c) + ".log");
    }
    return job;
}

point_job make_shard_job(const sweep_spec& s, const point& p, int shard, int shards, const std::string& exe,
                         const std::string& out) {
    const std::string dir = partial_dir(out, p.index);
    std::error_code ec;
    fs::create_directories(dir, ec);   // not emptied: the other shards write here too
    if (ec) throw input_error(dir, "", "cannot create the directory: " + ec.message());
    const std::string name = "accuracy.shard" + std::to_string(shard);
    point_job job;
    job.index = p.index;
    job.shard = shard;
    auto argv = point_command_line(s, p, command::accuracy, exe, dir + "/" + name);
    argv.insert(argv.end() - 2, {"--shard", std::to_string(shard) + "/" + std::to_string(shards)});
    job.commands.push_back(std::move(argv));
    job.logs.push_back(dir + "/" + name + ".log");
    return job;
}

std::string shard_output(const std::string& out, int index, int shard) {
    return partial_dir(out, index) + "/accuracy.shard" + std::to_string(shard) + "/accuracy.json";
}

std::string merge_accuracy_shards(const std::vector<std::string>& shards, const std::string& origin) {
    // The writer (apps/accuracy_command.cpp) uses nlohmann::json, whose keys are sorted:
    // parsing and dumping with the same type gives its layout back.
    using plain_json = nlohmann::json;
    if (shards.empty()) throw input_error(origin, "", "no shards to merge");
    plain_json merged;
    std::map<std::string, std::size_t> counts;
    double seconds = 0;
    try {
        for (std::size_t k = 0; k < shards.size(); ++k) {
            const plain_json j = plain_json::parse(shards[k]);
            if (k == 0) merged = j;
            for (auto it = j.at("counts").begin(); it != j.at("counts").end(); ++it)
                counts[it.key()] += it.value().get<std::size_t>();
            seconds += j.at("seconds").get<double>();
        }
    } catch (const plain_json::exception& e) {
        throw input_error(origin, "", std::string("not a shard's accuracy.json: ") + e.what());
    }
    const std::size_t n = counts["images"];
    auto frac = [&](const char* k) { return n ? double(counts[k]) / double(n) : 0.0; };
    merged["counts"] = counts;
    merged["dataset"]["images"] = n;
    merged["golden"]["top1"] = frac("golden_top1");
    merged["hardware"]["top1"] = frac("hw_top1");
    if (!merged["golden"]["top5"].is_null()) merged["golden"]["top5"] = frac("golden_top5");
    if (!merged["hardware"]["top5"].is_null()) merged["hardware"]["top5"] = frac("hw_top5");
    merged["agreement"] = frac("agree");
    merged["golden_cross_checked_images"] = counts["golden_checked"];
    merged["seconds"] = seconds;   // summed over the shards
    merged.erase("shard");
    return merged.dump(2) + "\n";
}

point_record finish_point(const sweep_spec& s, const point& p, const job_result& jr, const std::string& out,
                          int worker) {
    point_record r;
    r.index = p.index;
    r.part = s.parts[std::size_t(p.part)].name;
    for (const auto& st : p.settings) r.settings.emplace_back(st.key, st.value);
    r.status = jr.ok ? "ok" : "failed";
    r.error = jr.error;
    r.seconds = jr.seconds;
    r.worker = worker;
    const std::string dir = partial_dir(out, p.index);
    for (command c : s.parts[std::size_t(p.part)].commands) {
        const std::string file = dir + "/" + command_name(c) + "/" + output_file(c);
        if (!fs::exists(file)) continue;   // the command failed before writing it
        try {
            append_metrics(read_text_file(file), command_name(c), file, r.metrics);
        } catch (const input_error& e) {
            r.status = "failed";
            if (r.error.empty()) r.error = e.what();
        }
    }
    if (r.status == "ok" && r.metrics.empty()) {
        r.status = "failed";
        r.error = "the commands wrote no results";
    }
    commit_point(out, r);
    return r;
}

} // namespace pimscope::sweep
