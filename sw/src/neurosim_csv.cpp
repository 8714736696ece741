// NeuroSim NetWork.csv: the strict row reader and the chain-graph loader.
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pimscope::sw {

namespace {

const char* const field_names[8] = {"IFM_H", "IFM_W", "IFM_C", "K_H",
                                    "K_W",   "OFM_C", "pool",  "stride"};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::string where_line(int line) { return "line " + std::to_string(line); }

std::string where_field(int line, int col) {
    return where_line(line) + ", column " + std::to_string(col) + " (" + field_names[col - 1] +
           ")";
}

// Whole-field integer parse: "12abc", "1.5" and out-of-range values are errors, not
// silently truncated, since a wrong layer size would give a plausible-looking floorplan.
int parse_field(const std::string& path, int line, int col, const std::string& text) {
    if (text.empty())
        throw input_error(path, where_field(line, col), "empty field, expected an integer");
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (*end != '\0')
        throw input_error(path, where_field(line, col),
                          "'" + text + "' is not an integer");
    if (errno == ERANGE || v > INT_MAX || v < INT_MIN)
        throw input_error(path, where_field(line, col), "'" + text + "' is out of range");
    return int(v);
}

std::string file_stem(const std::string& path) {
    std::string base = path.substr(path.find_last_of('/') + 1);
    for (const char* ext : {".csv", ".neurosim"}) {
        const std::string e = ext;
        if (base.size() > e.size() && base.compare(base.size() - e.size(), e.size(), e) == 0)
            base.erase(base.size() - e.size());
    }
    return base;
}

// Smallest symmetric pad giving out = ceil(in / stride), the "same"-style size the
// NeuroSim tables imply for chained layers; even kernels at stride 1 cannot reach it
// and get (k - 1) / 2, leaving the chain check to report the mismatch.
int chain_pad(int in, int k, int stride) {
    const int want = (in + stride - 1) / stride;
    for (int p = 0; p < k; ++p)
        if ((in + 2 * p - k) / stride + 1 == want) return p;
    return (k - 1) / 2;
}

int conv_out(int in, int k, int stride, int pad) { return (in + 2 * pad - k) / stride + 1; }

} // namespace

std::string layer_row_name(const layer_row& r, int i) {
    return (r.is_fc() ? "fc" : "conv") + std::to_string(i + 1);
}

std::vector<layer_row> read_neurosim_csv(const std::string& path) {
    require_input_file(path);
    std::ifstream in(path);
    if (!in) throw input_error(path, "", "cannot open the network table");

    std::vector<layer_row> rows;
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        const std::string t = trim(text);
        if (t.empty() || t[0] == '#') continue;

        std::vector<std::string> fields;
        std::stringstream ss(t);
        std::string f;
        while (std::getline(ss, f, ',')) fields.push_back(trim(f));
        // NeuroSim's own files often end rows with a comma; empty trailing fields carry
        // nothing, so they are dropped before counting.
        while (!fields.empty() && fields.back().empty()) fields.pop_back();
        if (fields.size() != 8)
            throw input_error(path, where_line(line),
                              "expected 8 fields IFM_H,IFM_W,IFM_C,K_H,K_W,OFM_C,pool,stride, got " +
                                  std::to_string(fields.size()));

        int v[8];
        for (int c = 0; c < 8; ++c) v[c] = parse_field(path, line, c + 1, fields[c]);
        for (int c = 0; c < 8; ++c) {
            if (c == 6) continue;
            if (v[c] <= 0)
                throw input_error(path, where_field(line, c + 1),
                                  "must be a positive integer, got " + std::to_string(v[c]));
        }
        if (v[6] != 0 && v[6] != 1)
            throw input_error(path, where_field(line, 7),
                              "must be 0 or 1 (followed by pooling), got " + std::to_string(v[6]));
        if (v[3] != v[4])
            throw input_error(path, where_field(line, 5),
                              "non-square kernel " + std::to_string(v[3]) + "x" +
                                  std::to_string(v[4]) + " is not supported (K_H must equal K_W)");
        if (v[3] > v[0] || v[3] > v[1])
            throw input_error(path, where_field(line, 4),
                              "kernel " + std::to_string(v[3]) + " is larger than the input map " +
                                  std::to_string(v[0]) + "x" + std::to_string(v[1]));

        layer_row r;
        r.ifm_h = v[0];
        r.ifm_w = v[1];
        r.ifm_c = v[2];
        r.k = v[3];
        r.ofm_c = v[5];
        r.pool = v[6];
        r.stride = v[7];
        r.line = line;
        rows.push_back(r);
    }
    if (rows.empty()) throw input_error(path, "", "no layer rows in the network table");
    return rows;
}

graph load_neurosim_csv(const std::string& path) {
    const std::vector<layer_row> rows = read_neurosim_csv(path);

    graph g;
    g.name = file_stem(path);
    g.source = path;
    g.input_shape = {rows[0].ifm_c, rows[0].ifm_h, rows[0].ifm_w};

    node input;
    input.name = "input";
    input.kind = op_kind::input;
    input.out = g.input_shape;
    input.line = rows[0].line;
    g.nodes.push_back(input);

    shape3 cur = g.input_shape;  // what the chain produces so far
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const layer_row& r = rows[i];
        const std::string name = layer_row_name(r, int(i));
        const bool fc = r.is_fc();

        // The table states each layer's input map; the chain must produce exactly that,
        // otherwise the table describes a DAG (or a quirk) the chain cannot represent.
        const bool chains = fc ? int(cur.size()) == r.ifm_c
                               : (cur.c == r.ifm_c && cur.h == r.ifm_h && cur.w == r.ifm_w);
        if (!chains) {
            std::ostringstream msg;
            msg << "row (IFM " << r.ifm_h << "x" << r.ifm_w << "x" << r.ifm_c
                << ") does not chain with the previous layer (expected C=" << cur.c
                << ", H=" << cur.h << ", W=" << cur.w;
            if (fc) msg << " or a flattened size of " << cur.size();
            msg << "); NeuroSim tables of DAG networks (ResNet/DenseNet) or with layers the "
                   "chain cannot express can be mapped with `pimscope map --net file.csv` but "
                   "not simulated";
            throw input_error(path, where_line(r.line), msg.str());
        }

        int producer = int(g.nodes.size()) - 1;
        if (fc && (cur.h != 1 || cur.w != 1)) {
            node fl;
            fl.name = name + "_flatten";
            fl.kind = op_kind::flatten;
            fl.inputs = {producer};
            fl.line = r.line;
            fl.out = {int(cur.size()), 1, 1};
            g.nodes.push_back(fl);
            producer = int(g.nodes.size()) - 1;
        }

        node cv;
        cv.name = name;
        cv.kind = fc ? op_kind::fc : op_kind::conv;
        cv.inputs = {producer};
        cv.out_channels = r.ofm_c;
        cv.kernel = fc ? 1 : r.k;
        cv.stride = fc ? 1 : r.stride;
        cv.pad = fc ? 0 : chain_pad(r.ifm_h, r.k, r.stride);
        cv.binary = true;
        cv.pad_value = 0;  // the study's convention (see graph.hpp)
        cv.line = r.line;
        cv.out = fc ? shape3{r.ofm_c, 1, 1}
                    : shape3{r.ofm_c, conv_out(r.ifm_h, r.k, r.stride, cv.pad),
                             conv_out(r.ifm_w, r.k, r.stride, cv.pad)};
        g.nodes.push_back(cv);
        cur = cv.out;

        node th;
        th.name = name + "_act";
        th.kind = op_kind::threshold;
        th.inputs = {int(g.nodes.size()) - 1};
        th.line = r.line;
        th.out = cur;
        g.nodes.push_back(th);

        if (r.pool) {
            if (cur.h < 2 || cur.w < 2)
                throw input_error(path, where_field(r.line, 7),
                                  "pooling after a layer whose output map is " +
                                      std::to_string(cur.h) + "x" + std::to_string(cur.w) +
                                      " (a 2x2 pool needs at least 2x2)");
            node mp;
            mp.name = name + "_pool";
            mp.kind = op_kind::maxpool;
            mp.inputs = {int(g.nodes.size()) - 1};
            mp.kernel = 2;
            mp.stride = 2;
            mp.line = r.line;
            cur = {cur.c, cur.h / 2, cur.w / 2};
            mp.out = cur;
            g.nodes.push_back(mp);
        }
    }
    g.infer_shapes();
    return g;
}

} // namespace pimscope::sw
