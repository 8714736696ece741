// net_yaml: the project's network description format (docs/networks.md) and the loader
// dispatch by file extension.
#include "pimscope/common/yaml_keys.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/common/yaml_error.hpp"
#include "pimscope/sw/graph.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <map>
#include <set>

namespace pimscope::sw {

namespace {

int line_of(const YAML::Node& n) { return n.Mark().line + 1; }

std::string at_line(const YAML::Node& n) { return "line " + std::to_string(line_of(n)); }

std::string at_key(const YAML::Node& n, const std::string& key) {
    return at_line(n) + ", key '" + key + "'";
}

std::string scalar_text(const YAML::Node& n) {
    if (n.IsScalar()) return "'" + n.Scalar() + "'";
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a mapping";
    return "nothing";
}

// Whole-value conversions: yaml-cpp would accept "3.0" for nothing and "abc" throws a
// bare BadConversion without the file; these name the file, line and key.
int get_int(const std::string& path, const YAML::Node& v, const std::string& key) {
    if (!v.IsScalar())
        throw input_error(path, at_key(v, key), "expected an integer, got " + scalar_text(v));
    try {
        const long long x = v.as<long long>();
        if (x < INT_MIN || x > INT_MAX)
            throw input_error(path, at_key(v, key), "integer " + v.Scalar() + " is out of range");
        return int(x);
    } catch (const YAML::BadConversion&) {
        throw input_error(path, at_key(v, key), "expected an integer, got " + scalar_text(v));
    }
}

bool get_bool(const std::string& path, const YAML::Node& v, const std::string& key) {
    if (!v.IsScalar())
        throw input_error(path, at_key(v, key), "expected true or false, got " + scalar_text(v));
    try {
        return v.as<bool>();
    } catch (const YAML::BadConversion&) {
        throw input_error(path, at_key(v, key), "expected true or false, got " + scalar_text(v));
    }
}

std::string get_string(const std::string& path, const YAML::Node& v, const std::string& key) {
    if (!v.IsScalar() || v.Scalar().empty())
        throw input_error(path, at_key(v, key), "expected a non-empty string, got " + scalar_text(v));
    return v.Scalar();
}

int get_pad_value(const std::string& path, const YAML::Node& v, const std::string& key) {
    const int p = get_int(path, v, key);
    if (p < -1 || p > 1)
        throw input_error(path, at_key(v, key), "expected -1, 0 or 1, got " + std::to_string(p));
    return p;
}

int get_positive(const std::string& path, const YAML::Node& v, const std::string& key, int min) {
    const int x = get_int(path, v, key);
    if (x < min)
        throw input_error(path, at_key(v, key),
                          "expected an integer >= " + std::to_string(min) + ", got " +
                              std::to_string(x));
    return x;
}

const std::map<std::string, op_kind>& op_names() {
    static const std::map<std::string, op_kind> m = {
        {"conv", op_kind::conv},
        {"fc", op_kind::fc},
        {"maxpool", op_kind::maxpool},
        {"avgpool", op_kind::avgpool},
        {"global_avgpool", op_kind::global_avgpool},
        {"add", op_kind::add},
        {"concat", op_kind::concat},
        {"batchnorm", op_kind::batchnorm},
        {"threshold", op_kind::threshold},
        {"sign", op_kind::sign},
        {"relu", op_kind::relu},
        {"flatten", op_kind::flatten},
    };
    return m;
}

std::string op_list() {
    std::string s;
    for (const auto& [name, kind] : op_names()) s += (s.empty() ? "" : ", ") + name;
    return s;
}

// Keys each op accepts besides name/op/in. A key that does not apply to the op is an
// error, like an unknown one: a 'stride' on a relu is a mistake the user wants to hear of.
std::set<std::string> op_keys(op_kind k) {
    switch (k) {
    case op_kind::conv:
        return {"out_channels", "kernel", "stride", "pad", "binary", "pad_value", "weights"};
    case op_kind::fc: return {"out_channels", "binary", "weights"};
    case op_kind::threshold: return {"thresholds", "directions"};
    case op_kind::batchnorm: return {"mul", "add", "shift", "bits"};
    case op_kind::add: return {"bits"};
    case op_kind::maxpool:
    case op_kind::avgpool: return {"kernel", "stride", "pad"};
    default: return {};
    }
}

std::string key_list(const std::set<std::string>& keys) {
    std::string s = "name, op, in";
    for (const auto& k : keys) s += ", " + k;
    return s;
}

std::string file_stem(const std::string& path) {
    std::string base = path.substr(path.find_last_of('/') + 1);
    const auto dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

bool ends_with(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

// A parameter file of a layer: relative to the graph's weights directory (which is
// itself relative to the network file).
std::string param_file(const std::string& path, const graph& g, const YAML::Node& l,
                       const std::string& key) {
    const YAML::Node v = l[key];
    if (!v) return "";
    const std::string f = get_string(path, v, key);
    if (f.front() == '/') return f;
    return g.weights_dir.empty() ? f : g.weights_dir + "/" + f;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

node parse_layer(const std::string& path, const graph& g, const YAML::Node& l, int default_pad) {
    if (!l.IsMap())
        throw input_error(path, at_line(l), "a layer must be a mapping {name: ..., op: ...}, got " +
                                                scalar_text(l));
    node n;
    n.line = line_of(l);

    const YAML::Node name = l["name"];
    if (!name) throw input_error(path, at_line(l), "layer is missing the required key 'name'");
    n.name = get_string(path, name, "name");
    if (g.find(n.name) >= 0) {
        const node& first = g.nodes[std::size_t(g.find(n.name))];
        throw input_error(path, at_key(name, "name"),
                          "duplicate layer name '" + n.name + "'" +
                              (first.kind == op_kind::input
                                   ? " ('input' names the network input)"
                                   : " (first defined at line " + std::to_string(first.line) + ")"));
    }
    const std::string who = "layer '" + n.name + "'";

    const YAML::Node op = l["op"];
    if (!op) throw input_error(path, at_line(l) + ", " + who, "missing the required key 'op'");
    const std::string op_text = get_string(path, op, "op");
    const auto it = op_names().find(op_text);
    if (it == op_names().end())
        throw input_error(path, at_key(op, "op") + ", " + who,
                          "unknown op '" + op_text + "', expected one of: " + op_list());
    n.kind = it->second;

    const std::set<std::string> allowed = op_keys(n.kind);
    for (const auto& kv : l) {
        const std::string key = kv.first.Scalar();
        if (key == "name" || key == "op" || key == "in") continue;
        if (!allowed.count(key))
            throw input_error(path, at_key(kv.first, key) + ", " + who,
                              "unknown key for op '" + op_text + "', expected one of: " +
                                  key_list(allowed));
    }

    // Inputs: one name, a list of names, or (absent) the previous layer.
    const YAML::Node in = l["in"];
    std::vector<YAML::Node> refs;
    if (!in) {
        n.inputs = {int(g.nodes.size()) - 1};
    } else if (in.IsScalar()) {
        refs.push_back(in);
    } else if (in.IsSequence()) {
        for (const auto& r : in) refs.push_back(r);
        if (refs.empty()) throw input_error(path, at_key(in, "in") + ", " + who, "empty input list");
    } else {
        throw input_error(path, at_key(in, "in") + ", " + who,
                          "expected a layer name or a list of layer names, got " + scalar_text(in));
    }
    for (const auto& r : refs) {
        const std::string ref = get_string(path, r, "in");
        const int p = g.find(ref);
        if (p < 0)
            throw input_error(path, at_key(r, "in") + ", " + who,
                              "unknown input '" + ref +
                                  "' (expected 'input' or the name of an earlier layer)");
        n.inputs.push_back(p);
    }

    const bool pool = n.kind == op_kind::maxpool || n.kind == op_kind::avgpool;
    if (n.kind == op_kind::conv || n.kind == op_kind::fc) {
        const YAML::Node oc = l["out_channels"];
        if (!oc)
            throw input_error(path, at_line(l) + ", " + who,
                              "missing the required key 'out_channels' for op '" + op_text + "'");
        n.out_channels = get_positive(path, oc, "out_channels", 1);
        if (const YAML::Node b = l["binary"]) n.binary = get_bool(path, b, "binary");
    }
    if (n.kind == op_kind::conv || pool) {
        const YAML::Node k = l["kernel"];
        if (!k)
            throw input_error(path, at_line(l) + ", " + who,
                              "missing the required key 'kernel' for op '" + op_text + "'");
        n.kernel = get_positive(path, k, "kernel", 1);
        // Pools default to non-overlapping windows, as the common frameworks do.
        n.stride = pool ? n.kernel : 1;
        if (const YAML::Node s = l["stride"]) n.stride = get_positive(path, s, "stride", 1);
        if (const YAML::Node p = l["pad"]) n.pad = get_positive(path, p, "pad", 0);
    }
    if (n.kind == op_kind::conv) {
        n.pad_value = default_pad;
        if (const YAML::Node pv = l["pad_value"]) n.pad_value = get_pad_value(path, pv, "pad_value");
    }
    n.files.weights = param_file(path, g, l, "weights");
    n.files.thresholds = param_file(path, g, l, "thresholds");
    n.files.directions = param_file(path, g, l, "directions");
    n.files.mul = param_file(path, g, l, "mul");
    n.files.add = param_file(path, g, l, "add");
    if (const YAML::Node sh = l["shift"]) {
        n.shift = get_int(path, sh, "shift");
        if (n.shift < 0 || n.shift > 62)
            throw input_error(path, at_key(sh, "shift") + ", " + who, "expected 0..62");
    }
    if (const YAML::Node b = l["bits"]) {
        n.bits = get_int(path, b, "bits");
        if (n.bits < 2 || n.bits > 31)
            throw input_error(path, at_key(b, "bits") + ", " + who, "expected 2..31 (a signed fixed-point word)");
    }
    return n;
}

} // namespace

graph load_network_yaml(const std::string& path) {
    YAML::Node loaded;
    try {
        loaded = YAML::Load(read_input_file(path, max_text_input_bytes, "cannot open the network file"));
    } catch (const YAML::ParserException& e) {
        throw input_error(path,
                          "line " + std::to_string(e.mark.line + 1) + ", column " +
                              std::to_string(e.mark.column + 1),
                          "malformed YAML: " + yaml_error_text(e));
    }
    refuse_duplicate_keys(loaded, path);
    // Const view only: yaml-cpp's non-const operator[] may add the missing key it looks up.
    const YAML::Node& root = loaded;
    if (!root.IsMap())
        throw input_error(path, root ? at_line(root) : "",
                          "expected a mapping with keys name, input, pad_value, layers");

    static const std::set<std::string> top_keys = {"name", "input", "pad_value", "layers", "weights"};
    for (const auto& kv : root) {
        const std::string key = kv.first.Scalar();
        if (!top_keys.count(key))
            throw input_error(path, at_key(kv.first, key),
                              "unknown top-level key, expected one of: name, input, pad_value, layers, weights");
    }

    graph g;
    g.source = path;
    g.name = root["name"] ? get_string(path, root["name"], "name") : file_stem(path);

    const YAML::Node& in = root["input"];
    if (!in) throw input_error(path, "", "missing the required key 'input' {channels, height, width}");
    if (!in.IsMap())
        throw input_error(path, at_key(in, "input"),
                          "expected a mapping {channels, height, width}, got " + scalar_text(in));
    for (const auto& kv : in) {
        const std::string key = kv.first.Scalar();
        if (key != "channels" && key != "height" && key != "width")
            throw input_error(path, at_key(kv.first, "input." + key),
                              "unknown key, expected channels, height, width");
    }
    for (const char* key : {"channels", "height", "width"})
        if (!in[key])
            throw input_error(path, at_key(in, "input"),
                              std::string("missing the required key '") + key + "'");
    g.input_shape = {get_positive(path, in["channels"], "input.channels", 1),
                     get_positive(path, in["height"], "input.height", 1),
                     get_positive(path, in["width"], "input.width", 1)};

    // Parameter files: relative to `weights:` (itself relative to this file), else to
    // this file's directory.
    g.weights_dir = directory_of(path);
    if (const YAML::Node w = root["weights"]) {
        const std::string d = get_string(path, w, "weights");
        g.weights_dir = d.front() == '/' ? d : g.weights_dir + "/" + d;
    }

    int default_pad = 0;
    if (const YAML::Node pv = root["pad_value"]) default_pad = get_pad_value(path, pv, "pad_value");

    node input;
    input.name = "input";
    input.kind = op_kind::input;
    input.line = line_of(in);
    input.out = g.input_shape;
    g.nodes.push_back(input);

    const YAML::Node layers = root["layers"];
    if (!layers) throw input_error(path, "", "missing the required key 'layers' (a list of layers)");
    if (!layers.IsSequence() || layers.size() == 0)
        throw input_error(path, at_key(layers, "layers"), "expected a non-empty list of layers");
    for (const auto& l : layers) g.nodes.push_back(parse_layer(path, g, l, default_pad));

    g.infer_shapes();
    return g;
}

graph load_network(const std::string& path) {
    if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return load_network_yaml(path);
    if (ends_with(path, ".csv")) return load_neurosim_csv(path);
    throw input_error(path, "",
                      "unknown network file type, expected .yaml/.yml (pimscope) or .csv "
                      "(NeuroSim NetWork.csv)");
}

} // namespace pimscope::sw
