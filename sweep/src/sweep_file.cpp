// Sweep files: parsing with line numbers, grid expansion, validation against the arch
// config, and the child command lines.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/sweep/sweep_file.hpp"

#include "pimscope/sweep/text_files.hpp"

#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/yaml_keys.hpp"
#include "pimscope/common/param_tree.hpp"
#include "pimscope/common/suggest.hpp"
#include "pimscope/common/yaml_error.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

namespace pimscope::sweep {
namespace {

namespace fs = std::filesystem;

enum class value_kind { path, text, positive, non_negative, flag, mode };

// The pimscope options a point may set, what they accept and which commands take them.
// Everything else with a dot is a config key (passed as --set key=value).
struct option_info {
    const char* key;
    value_kind kind;
    bool run, accuracy;
    const char* config_key;   // the arch key the option overrides (checked by the arch loader)
    // The largest value the command takes (numbers only): a point must fail here, before the
    // sweep starts, not in its child process hours later.
    long long most = 0;
};
constexpr long long int_max = 2147483647;   // pimscope's int options
constexpr long long any = 9223372036854775807;
const option_info options[] = {
    {"arch", value_kind::path, true, true, nullptr},
    {"net", value_kind::path, true, true, nullptr},
    {"adc-bits", value_kind::positive, true, true, "adc.bits", int_max},
    {"input-bits", value_kind::positive, true, true, "input.bits", int_max},
    {"mode", value_kind::mode, true, true, "pipeline.mode"},
    {"input-size", value_kind::positive, true, true, nullptr, int_max},
    {"seed", value_kind::non_negative, true, true, nullptr, any},
    {"images", value_kind::positive, true, false, nullptr, int_max},
    {"study", value_kind::flag, true, false, nullptr},
    {"study-quirks", value_kind::flag, true, false, "study.quirks"},
    // run streams a dataset's first `limit` images through the chip (limit >= 1, checked
    // with the point); accuracy's limit 0 means the whole set.
    {"dataset", value_kind::text, true, true, nullptr},
    {"limit", value_kind::non_negative, true, true, nullptr, any},
    {"threads", value_kind::positive, false, true, nullptr, 1024},   // accuracy --threads 1-1024
};

const option_info* find_option(const std::string& key) {
    for (const auto& o : options)
        if (key == o.key) return &o;
    return nullptr;
}

std::string option_list() {
    std::string s;
    for (const auto& o : options) s += (s.empty() ? "" : ", ") + std::string(o.key);
    return s;
}

// "; did you mean 'x'?" when a known name is close to the mistyped one, else nothing.
std::string did_you_mean(const std::string& key, const std::vector<std::string>& known) {
    const std::string best = closest_name(key, known);
    return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

// Splits a CSV line at commas: the reference files are plain tables without quoting.
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> out(1);
    for (char c : line) {
        if (c == ',') out.emplace_back();
        else if (c != '\r') out.back() += c;
    }
    return out;
}

// "../nets/balexnet.yaml" -> "balexnet": how a path axis names a row of a reference table.
std::string stem_of(const std::string& v) {
    return v.find('/') == std::string::npos && v.find(".yaml") == std::string::npos ? v
                                                                                    : fs::path(v).stem().string();
}

struct reader {
    std::string origin;
    std::string dir;

    [[noreturn]] void fail(const YAML::Node& n, const std::string& key, const std::string& what) const {
        std::string where = "line " + std::to_string(n.Mark().line + 1);
        if (!key.empty()) where += ", key '" + key + "'";
        throw input_error(origin, where, what);
    }
    static int line(const YAML::Node& n) { return n.Mark().line + 1; }

    std::string scalar(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, key, "expected a single value");
        return n.Scalar();
    }

    // A key/value of a settings map: the key must be an option or a dotted config key.
    void check_key(const YAML::Node& at, const std::string& key) const {
        if (find_option(key) || key.find('.') != std::string::npos) return;
        std::vector<std::string> names;
        for (const auto& o : options) names.push_back(o.key);
        fail(at, key, "unknown key (not a sweep field, a pimscope option (" + option_list() +
                          ") or a config key such as adc.bits)" + did_you_mean(key, names));
    }

    std::vector<setting> settings(const YAML::Node& n, const std::string& what) const {
        if (!n.IsMap()) fail(n, what, "expected a mapping of key: value");
        std::vector<setting> out;
        for (const auto& kv : n) {
            const std::string key = kv.first.as<std::string>();
            check_key(kv.first, key);
            out.push_back({key, scalar(kv.second, key), line(kv.first)});
        }
        return out;
    }

    std::vector<command> commands(const YAML::Node& n) const {
        std::vector<command> out;
        auto one = [&](const YAML::Node& v) {
            const std::string s = scalar(v, "command");
            if (s == "run") out.push_back(command::run);
            else if (s == "accuracy") out.push_back(command::accuracy);
            else fail(v, "command", "expected 'run' or 'accuracy', got '" + s + "'");
        };
        if (n.IsSequence()) for (const auto& v : n) one(v);
        else one(n);
        if (out.empty()) fail(n, "command", "expected 'run', 'accuracy' or both");
        return out;
    }

    std::vector<axis> grid(const YAML::Node& n) const {
        if (!n.IsMap()) fail(n, "grid", "expected a mapping of key: [values]");
        std::vector<axis> out;
        for (const auto& kv : n) {
            axis a;
            a.key = kv.first.as<std::string>();
            a.line = line(kv.first);
            check_key(kv.first, a.key);
            if (kv.second.IsSequence()) {
                for (const auto& v : kv.second) a.values.push_back(scalar(v, a.key));
            } else {
                a.values.push_back(scalar(kv.second, a.key));
            }
            if (a.values.empty()) fail(kv.first, a.key, "an axis needs at least one value");
            out.push_back(std::move(a));
        }
        return out;
    }

    std::vector<std::pair<std::string, std::string>> pairs(const YAML::Node& n, const std::string& key) const {
        if (!n.IsMap()) fail(n, key, "expected a mapping of key: value");
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& kv : n) out.emplace_back(kv.first.as<std::string>(), scalar(kv.second, key));
        return out;
    }

    // reference_metrics: `metric: column` or `metric: {column: c, scale: s}`.
    std::vector<reference_metric> reference_metrics(const YAML::Node& n) const {
        const std::string key = "reference_metrics";
        if (!n.IsMap()) fail(n, key, "expected a mapping of results.csv metric: CSV column");
        std::vector<reference_metric> out;
        for (const auto& kv : n) {
            reference_metric m{kv.first.as<std::string>(), "", 1};
            if (kv.second.IsMap()) {
                for (const auto& f : kv.second) {
                    const std::string k = f.first.as<std::string>();
                    if (k == "column") m.column = scalar(f.second, key);
                    else if (k == "scale") {
                        try {
                            m.scale = f.second.as<double>();
                        } catch (const YAML::Exception&) {
                            fail(f.second, key, "expected a number for scale");
                        }
                    } else fail(f.first, k, "unknown key; a reference metric has column and scale");
                }
                if (m.column.empty()) fail(kv.second, key, "missing column for metric " + m.metric);
            } else {
                m.column = scalar(kv.second, key);
            }
            out.push_back(m);
        }
        return out;
    }

    // Reads the reference CSV and checks that every column the part names exists.
    void load_reference(const YAML::Node& at, reference_data& r) const {
        if (r.axes.empty() || r.metrics.empty())
            fail(at, "reference", "needs reference_axes and reference_metrics too");
        const std::string given = r.file;
        if (!fs::path(r.file).is_absolute()) r.file = (fs::path(dir) / r.file).lexically_normal().string();
        if (!fs::exists(r.file))
            fail(at, "reference", "no such file: " + given + " (relative paths are relative to the sweep file)");
        const std::string text = read_text_file(r.file);
        std::size_t start = 0;
        bool first = true;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const std::string line = text.substr(start, end - start);
            start = end + 1;
            if (line.empty() || line == "\r") continue;
            auto fields = csv_fields(line);
            if (first) {
                r.header = fields;
                first = false;
            } else if (fields.size() != r.header.size()) {
                throw input_error(r.file, "", "a row has " + std::to_string(fields.size()) + " fields, the header " +
                                                  std::to_string(r.header.size()));
            } else {
                r.rows.push_back(fields);
            }
        }
        auto need = [&](const std::string& column, const std::string& key) {
            if (std::find(r.header.begin(), r.header.end(), column) == r.header.end())
                fail(at, key, "column '" + column + "' is not in " + given);
        };
        for (const auto& a : r.axes) need(a.second, "reference_axes");
        for (const auto& f : r.filter) need(f.first, "reference_filter");
        for (const auto& m : r.metrics) need(m.column, "reference_metrics");
        // Keep only the rows the filter selects, so lookups match on the axes alone.
        std::vector<std::vector<std::string>> kept;
        for (auto& row : r.rows) {
            bool ok = true;
            for (const auto& f : r.filter) {
                const auto c = std::find(r.header.begin(), r.header.end(), f.first) - r.header.begin();
                ok = ok && row[std::size_t(c)] == f.second;
            }
            if (ok) kept.push_back(std::move(row));
        }
        r.rows = std::move(kept);
        if (r.rows.empty()) fail(at, "reference_filter", "selects no row of " + given);
    }

    // A part: the whole file (without `parts`) or one entry of `parts`.
    part read_part(const YAML::Node& n, bool top_level, const std::vector<setting>& shared_base) const {
        part p;
        p.base = shared_base;
        bool have_command = false;
        YAML::Node reference_at;   // where `reference` was given, for messages
        bool have_reference = false;
        for (const auto& kv : n) {
            const std::string key = kv.first.as<std::string>();
            if (key == "name") p.name = scalar(kv.second, key);
            else if (key == "reference") {
                p.reference.file = scalar(kv.second, key);
                reference_at = kv.first;
                have_reference = true;
            }
            else if (key == "reference_label") p.reference.label = scalar(kv.second, key);
            else if (key == "reference_axes") {
                p.reference.axes = pairs(kv.second, key);
                for (const auto& a : kv.second) check_key(a.first, a.first.as<std::string>());
            }
            else if (key == "reference_filter") p.reference.filter = pairs(kv.second, key);
            else if (key == "reference_metrics") p.reference.metrics = reference_metrics(kv.second);
            else if (key == "command") { p.commands = commands(kv.second); have_command = true; }
            else if (key == "grid") p.grid = grid(kv.second);
            else if (key == "points") {
                if (!kv.second.IsSequence()) fail(kv.second, key, "expected a list of points");
                for (const auto& pt : kv.second) p.points.push_back(settings(pt, "points"));
            } else if (key == "base") {
                for (auto& s : settings(kv.second, key)) p.base.push_back(s);
            } else if (top_level && (key == "parts")) {
                continue;
            } else {
                const char* has = top_level ? "name, base, command, grid, points, reference, reference_* or parts"
                                            : "name, base, command, grid, points, reference and reference_*";
                std::vector<std::string> fields = {"name", "base", "command", "grid", "points", "reference",
                                                   "reference_label", "reference_axes", "reference_filter",
                                                   "reference_metrics"};
                if (top_level) fields.push_back("parts");
                fail(kv.first, key, std::string("unknown key; a ") + (top_level ? "sweep file" : "part") + " has " + has +
                                        did_you_mean(key, fields));
            }
        }
        if (have_reference) load_reference(reference_at, p.reference);
        else if (!p.reference.axes.empty() || !p.reference.metrics.empty() || !p.reference.filter.empty() ||
                 !p.reference.label.empty())
            fail(n, "reference", "missing: reference_* keys need the reference CSV file");
        if (p.reference.label.empty()) p.reference.label = "published";
        if (!have_command) fail(n, "command", "missing: say which commands each point runs (run, accuracy)");
        return p;
    }
};

// Relative arch and net paths are relative to the sweep file, like an arch file's tech file.
std::string resolve(const sweep_spec& s, const std::string& path) {
    if (path.empty() || fs::path(path).is_absolute()) return path;
    return (fs::path(s.dir) / path).lexically_normal().string();
}

void set_or_replace(std::vector<setting>& v, const setting& s) {
    for (auto& x : v)
        if (x.key == s.key) { x = s; return; }
    v.push_back(s);
}

// Points per sweep: each is validated against the arch before anything runs (about 0.4 ms
// a point) and then runs at least one pimscope process; a bigger design space is several
// sweep files. Checked before expanding, so that a product that would wrap 64 bits (four
// axes of 65 536 values) is refused instead of expanding to nothing.
constexpr std::size_t max_points = 100000;

// Grid points of a part, refused past max_points.
std::size_t grid_points(const sweep_spec& s, const part& p) {
    std::size_t combos = 1;
    bool wrapped = false;
    std::string sizes;
    for (const auto& a : p.grid) {
        wrapped = wrapped || __builtin_mul_overflow(combos, a.values.size(), &combos);
        sizes += (sizes.empty() ? "" : " x ") + std::to_string(a.values.size());
    }
    if (wrapped || combos > max_points)
        throw input_error(s.file, "part '" + p.name + "'",
                          "the grid has " +
                              (wrapped ? "more than 2^64" : std::to_string(combos)) + " points (" + sizes +
                              "); a sweep may have at most " + std::to_string(max_points) +
                              ": split it into several sweep files");
    return combos;
}

void expand(sweep_spec& s) {
    for (std::size_t pi = 0; pi < s.parts.size(); ++pi) {
        const part& p = s.parts[pi];
        const std::vector<std::vector<setting>> explicit_points =
            p.points.empty() ? std::vector<std::vector<setting>>{{}} : p.points;
        const std::size_t combos = grid_points(s, p);
        // combos and the explicit points (a list in the file) are each at most max_points.
        if (s.points.size() + combos * explicit_points.size() > max_points)
            throw input_error(s.file, "part '" + p.name + "'",
                              "the sweep has " + std::to_string(s.points.size() + combos * explicit_points.size()) +
                                  " points with this part (" + std::to_string(explicit_points.size()) +
                                  " explicit points x " + std::to_string(combos) +
                                  " grid points); a sweep may have at most " + std::to_string(max_points) +
                                  ": split it into several sweep files");
        for (const auto& ep : explicit_points)
            for (std::size_t c = 0; c < combos; ++c) {
                point pt;
                pt.index = int(s.points.size());
                pt.part = int(pi);
                pt.settings = p.base;
                for (const auto& st : ep) set_or_replace(pt.settings, st);
                // Mixed radix with the last axis fastest, so the first axis is outermost.
                std::size_t rest = c;
                std::vector<std::size_t> digit(p.grid.size());
                for (std::size_t k = p.grid.size(); k-- > 0;) {
                    digit[k] = rest % p.grid[k].values.size();
                    rest /= p.grid[k].values.size();
                }
                for (std::size_t k = 0; k < p.grid.size(); ++k)
                    set_or_replace(pt.settings, {p.grid[k].key, p.grid[k].values[digit[k]], p.grid[k].line});
                s.points.push_back(std::move(pt));
            }
        for (const auto& key : part_axes(p))
            if (std::find(s.axes.begin(), s.axes.end(), key) == s.axes.end()) s.axes.push_back(key);
    }
}

bool parse_int(const std::string& v, long long& out) {
    if (v.empty()) return false;
    std::size_t used = 0;
    try {
        out = std::stoll(v, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == v.size();
}

void validate_value(const sweep_spec& s, const setting& st, const option_info& o) {
    auto bad = [&](const std::string& expected) {
        throw input_error(s.file, "line " + std::to_string(st.line) + ", key '" + st.key + "'",
                          "expected " + expected + ", got '" + st.value + "'");
    };
    long long n = 0;
    switch (o.kind) {
    case value_kind::positive:
        if (!parse_int(st.value, n) || n < 1) bad("a positive integer");
        if (n > o.most) bad("an integer from 1 to " + std::to_string(o.most));
        break;
    case value_kind::non_negative:
        if (!parse_int(st.value, n) || n < 0) bad("an integer >= 0");
        if (n > o.most) bad("an integer from 0 to " + std::to_string(o.most));
        break;
    case value_kind::flag:
        if (st.value != "true" && st.value != "false") bad("true or false");
        break;
    case value_kind::mode:
        if (st.value != "pipelined" && st.value != "layer") bad("'pipelined' or 'layer'");
        break;
    case value_kind::path:
        if (!fs::exists(resolve(s, st.value)))
            bad("an existing file (relative paths are relative to the sweep file)");
        break;
    case value_kind::text:
        if (st.value.empty()) bad("a value");
        break;
    }
}

// `pimscope run` streams synthetic images (`images`) or a dataset's first `limit` images,
// never both; its --limit needs --dataset and is at least 1 (0, "every image", is only
// accuracy's: a whole dataset through the timed chip is not what a sweep point wants).
void check_run_images(const sweep_spec& s, const point& p) {
    auto find = [&](const char* key) -> const setting* {
        for (const auto& st : p.settings)
            if (st.key == key) return &st;
        return nullptr;
    };
    auto where = [&](const setting& st) { return "line " + std::to_string(st.line) + ", key '" + st.key + "'"; };
    const setting* dataset = find("dataset");
    const setting* images = find("images");
    const setting* limit = find("limit");
    if (dataset && images)
        throw input_error(s.file, where(*images),
                          "`pimscope run` streams synthetic images (images) or a dataset (dataset), not both");
    if (limit && !dataset)
        throw input_error(s.file, where(*limit), "`pimscope run --limit` needs a dataset: give dataset too");
    if (limit && limit->value == "0")
        throw input_error(s.file, where(*limit),
                          "expected a positive integer for `pimscope run` (0, every image, is for accuracy only), "
                          "got '0'");
}

// Checks every point before anything runs: a typo in the last point of a long sweep
// should not surface after hours.
void validate(sweep_spec& s) {
    std::map<std::string, param_tree> arch_trees;   // loaded once per arch file
    std::map<std::string, std::set<std::string>> arch_keys;   // declared parameters per arch file
    // A declared key, or one seen from an instance path ("chip.stem.adc.bits").
    auto is_declared = [](const std::set<std::string>& declared, const std::string& key) {
        for (std::size_t dot = 0; dot != std::string::npos; dot = key.find('.', dot + 1))
            if (declared.count(dot == 0 ? key : key.substr(dot + 1))) return true;
        return false;
    };
    for (point& p : s.points) {
        const part& pa = s.parts[std::size_t(p.part)];
        const bool runs = std::count(pa.commands.begin(), pa.commands.end(), command::run) > 0;
        const bool accuracy = std::count(pa.commands.begin(), pa.commands.end(), command::accuracy) > 0;
        // No defaults for the arch and the network: pimscope's own defaults are relative to
        // the working directory, a sweep file's paths to the file.
        for (const char* k : {"arch", "net"})
            if (!p.find(k))
                throw input_error(s.file, std::string("key '") + k + "'",
                                  "missing: give it in base (or as an axis) of part '" + pa.name + "'");
        const std::string arch = resolve(s, *p.find("arch"));
        if (!arch_trees.count(arch)) {
            try {
                arch_trees.emplace(arch, param_tree::from_yaml_file(arch));
            } catch (const input_error& e) {
                throw input_error(s.file, "point " + std::to_string(p.index) + ", key 'arch'", e.what());
            }
        }
        param_tree tree = arch_trees.at(arch);
        if (!arch_keys.count(arch)) {
            // Every parameter the blocks declare may be swept, named in the arch file or not.
            param_tree probe = tree;
            std::set<std::string> keys;
            try {
                for (const auto& info : declared_params(probe)) keys.insert(info.key);
            } catch (const input_error& e) {
                throw input_error(s.file, "point " + std::to_string(p.index) + ", key 'arch'", e.what());
            }
            arch_keys.emplace(arch, std::move(keys));
        }
        const auto& declared = arch_keys.at(arch);
        for (const setting& st : p.settings) {
            const auto where = "line " + std::to_string(st.line) + ", key '" + st.key + "'";
            if (const option_info* o = find_option(st.key)) {
                if ((!o->run || !runs) && (!o->accuracy || !accuracy))
                    throw input_error(s.file, where,
                                      std::string("is an option of `pimscope ") + (o->run ? "run" : "accuracy") +
                                          "`, which this part does not run");
                validate_value(s, st, *o);
                if (o->config_key && o->kind != value_kind::flag) tree.set(o->config_key, st.value, true);
                if (o->config_key && o->kind == value_kind::flag && st.value == "true")
                    tree.set(o->config_key, "true", true);
            } else if (!is_declared(declared, st.key) && !tree.has(st.key)) {
                throw input_error(s.file, where,
                                  "unknown key (not a key of " + arch + ")" +
                                      did_you_mean(st.key, std::vector<std::string>(declared.begin(), declared.end())));
            } else {
                tree.set(st.key, st.value, true);
            }
        }
        if (runs) check_run_images(s, p);
        try {
            const arch_config a = load_arch_config(tree);
            p.shardable = accuracy && !runs && a.adc_range_policy != adc_range::study;
        } catch (const input_error& e) {
            throw input_error(s.file, "point " + std::to_string(p.index) + " (" + describe(s, p) + ")", e.what());
        }
    }
}

} // namespace

const char* command_name(command c) { return c == command::run ? "run" : "accuracy"; }

const std::string* point::find(const std::string& key) const {
    for (const auto& s : settings)
        if (s.key == key) return &s.value;
    return nullptr;
}

sweep_spec load_sweep_text(const std::string& text, const std::string& origin, const std::string& dir) {
    sweep_spec s;
    s.file = origin;
    s.dir = dir;
    reader r{origin, dir};
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw input_error(origin, "line " + std::to_string(e.mark.line + 1), "malformed YAML: " + yaml_error_text(e));
    }
    if (!root.IsMap()) throw input_error(origin, "", "expected a YAML mapping at the top level");
    refuse_duplicate_keys(root, origin);
    s.name = fs::path(origin).stem().string();
    if (root["name"]) s.name = r.scalar(root["name"], "name");
    if (const auto parts = root["parts"]) {
        if (!parts.IsSequence() || parts.size() == 0) r.fail(parts, "parts", "expected a list of parts");
        for (const char* k : {"command", "grid", "points"})
            if (root[k]) r.fail(root[k], k, "belongs inside a part when the file has `parts`");
        std::vector<setting> shared;
        if (root["base"]) shared = r.settings(root["base"], "base");
        for (const auto& kv : root) {
            const std::string key = kv.first.as<std::string>();
            if (key != "name" && key != "base" && key != "parts")
                r.fail(kv.first, key, "unknown key; a sweep file with parts has name, base and parts");
        }
        for (const auto& pn : parts) {
            if (!pn.IsMap()) r.fail(pn, "parts", "expected each part to be a mapping");
            s.parts.push_back(r.read_part(pn, false, shared));
            if (s.parts.back().name.empty()) s.parts.back().name = "part" + std::to_string(s.parts.size());
        }
    } else {
        s.parts.push_back(r.read_part(root, true, {}));
        if (s.parts.back().name.empty()) s.parts.back().name = s.name;
    }
    expand(s);
    validate(s);
    return s;
}

sweep_spec load_sweep_file(const std::string& path) {
    return load_sweep_text(read_text_file(path), path, sweep_file_dir(path));
}

std::string sweep_file_dir(const std::string& path) {
    const std::string dir = fs::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

std::vector<std::string> point_command_line(const sweep_spec& s, const point& p, command c,
                                            const std::string& exe, const std::string& out_dir) {
    std::vector<std::string> argv{exe, command_name(c)};
    for (const setting& st : p.settings) {
        if (const option_info* o = find_option(st.key)) {
            if (!(c == command::run ? o->run : o->accuracy)) continue;   // the other command's option
            if (o->kind == value_kind::flag) {
                if (st.value == "true") argv.push_back("--" + st.key);
            } else {
                argv.push_back("--" + st.key);
                argv.push_back(o->kind == value_kind::path ? resolve(s, st.value) : st.value);
            }
        } else {
            argv.push_back("--set");
            argv.push_back(st.key + "=" + st.value);
        }
    }
    argv.push_back("--out");
    argv.push_back(out_dir);
    return argv;
}

std::vector<std::string> part_axes(const part& p) {
    std::vector<std::string> axes;
    auto add = [&](const std::string& k) {
        if (std::find(axes.begin(), axes.end(), k) == axes.end()) axes.push_back(k);
    };
    for (const auto& pt : p.points)
        for (const auto& st : pt) add(st.key);
    for (const auto& a : p.grid) add(a.key);
    return axes;
}

bool reference_value(const reference_data& r, const std::vector<std::pair<std::string, std::string>>& settings,
                     const std::string& metric, double& out) {
    const auto m = std::find_if(r.metrics.begin(), r.metrics.end(),
                                [&](const reference_metric& x) { return x.metric == metric; });
    if (m == r.metrics.end()) return false;
    auto column = [&](const std::string& name) {
        return std::size_t(std::find(r.header.begin(), r.header.end(), name) - r.header.begin());
    };
    for (const auto& row : r.rows) {
        bool match = true;
        for (const auto& a : r.axes) {
            const auto it = std::find_if(settings.begin(), settings.end(),
                                         [&](const auto& st) { return st.first == a.first; });
            match = match && it != settings.end() && stem_of(it->second) == row[column(a.second)];
        }
        if (!match) continue;
        const std::string& v = row[column(m->column)];
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (v.empty() || end != v.c_str() + v.size()) return false;
        out = d * m->scale;
        return true;
    }
    return false;
}

std::string describe(const sweep_spec& s, const point& p) {
    std::string out;
    for (const auto& key : part_axes(s.parts[std::size_t(p.part)]))
        if (const std::string* v = p.find(key)) out += (out.empty() ? "" : " ") + key + "=" + *v;
    return out;
}

} // namespace pimscope::sweep
