// NeuroSim NetWork.csv: the strict row reader and the graph built from the rows.
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
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
    std::istringstream in(read_input_file(path, max_text_input_bytes, "cannot open the network table"));

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

namespace {

// Builds the graph row by row. A row states its input map; the builder finds a node that
// produces exactly that map, in this order (each a reading of what the study's tables
// leave out; docs/networks.md, "NeuroSim tables"):
//   1. the previous row's output, after its 2x2 pool when the row asks for one;
//   2. an earlier map of exactly that shape, latest first (a ResNet block's second
//      branch reads the block input, not the 1x1 shortcut listed before it);
//   3. the previous row's output concatenated after the latest earlier map of the same
//      height and width holding the missing channels (a DenseNet layer reads its block's
//      running concatenation), then the row's pool if it asks for one;
//   4. a max pool down to the stated size when only height and width differ (a stride the
//      table does not state, or the global pool before a classifier).
// Every inferred node is named <row>_in_concat / <row>_in_pool, so traces and messages
// say which nodes the table did not state.
class table_graph {
public:
    table_graph(const std::string& path, const std::vector<layer_row>& rows) : m_path(path) {
        m_g.name = file_stem(path);
        m_g.source = path;
        m_g.input_shape = {rows[0].ifm_c, rows[0].ifm_h, rows[0].ifm_w};
        node input;
        input.name = "input";
        input.kind = op_kind::input;
        input.out = m_g.input_shape;
        input.line = rows[0].line;
        m_g.nodes.push_back(input);
    }

    void add_row(const layer_row& r, int index) {
        const std::string name = layer_row_name(r, index);
        int producer = source_for(r, name);
        const bool fc = r.is_fc();
        const shape3 in = m_g.nodes[std::size_t(producer)].out;
        if (fc && (in.h != 1 || in.w != 1))
            producer = push(name + "_flatten", op_kind::flatten, {producer}, {int(in.size()), 1, 1}, r.line);

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
        m_g.nodes.push_back(cv);
        push(name + "_act", op_kind::threshold, {int(m_g.nodes.size()) - 1}, cv.out, r.line);
        m_pool_pending = r.pool != 0;
        m_pool_line = r.line;
    }

    graph finish() {
        if (m_pool_pending) {
            const std::string last = m_g.nodes.back().name;
            table_pool(int(m_g.nodes.size()) - 1, last.substr(0, last.rfind('_')) + "_pool");
        }
        m_g.infer_shapes();
        return std::move(m_g);
    }

private:
    static bool fits(const shape3& s, const layer_row& r) {
        return r.is_fc() ? int(s.size()) == r.ifm_c : (s.c == r.ifm_c && s.h == r.ifm_h && s.w == r.ifm_w);
    }
    static shape3 pooled(const shape3& s) { return {s.c, s.h / 2, s.w / 2}; }
    // A map another layer may read: not a conv/fc's integer sums (their threshold is).
    bool is_map(int i) const {
        const op_kind k = m_g.nodes[std::size_t(i)].kind;
        return k != op_kind::conv && k != op_kind::fc && k != op_kind::flatten;
    }
    // The latest map before `last` with this height and width and `channels` channels.
    int earlier_map(int last, int h, int w, int channels) const {
        for (int i = last - 1; i >= 0; --i) {
            const shape3 e = m_g.nodes[std::size_t(i)].out;
            if (is_map(i) && e.h == h && e.w == w && e.c == channels) return i;
        }
        return -1;
    }

    int push(const std::string& name, op_kind kind, std::vector<int> inputs, shape3 out, int line,
             int kernel = 1, int stride = 1) {
        node n;
        n.name = name;
        n.kind = kind;
        n.inputs = std::move(inputs);
        n.kernel = kernel;
        n.stride = stride;
        n.out = out;
        n.line = line;
        m_g.nodes.push_back(n);
        return int(m_g.nodes.size()) - 1;
    }

    // The row's pool (2x2, stride 2) after node `from`.
    int table_pool(int from, const std::string& name) {
        const shape3 s = m_g.nodes[std::size_t(from)].out;
        if (s.h < 2 || s.w < 2)
            throw input_error(m_path, where_field(m_pool_line, 7),
                              "pooling after a layer whose output map is " + std::to_string(s.h) + "x" +
                                  std::to_string(s.w) + " (a 2x2 pool needs at least 2x2)");
        return push(name, op_kind::maxpool, {from}, pooled(s), m_pool_line, 2, 2);
    }

    int source_for(const layer_row& r, const std::string& name) {
        const int last = int(m_g.nodes.size()) - 1;
        const shape3 cur = m_g.nodes[std::size_t(last)].out;
        const std::string prev = m_g.nodes[std::size_t(last)].name;
        const std::string prev_row = prev.substr(0, prev.rfind('_'));
        // 1. The chain.
        if (!m_pool_pending && fits(cur, r)) return last;
        if (m_pool_pending && cur.h >= 2 && cur.w >= 2 && fits(pooled(cur), r)) return table_pool(last, prev_row + "_pool");
        // 2. An earlier map of exactly the stated shape (never the unpooled output the
        // previous row asked to pool: that would silently drop its pool).
        if (!r.is_fc()) {
            const int i = earlier_map(m_pool_pending ? last : last + 1, r.ifm_h, r.ifm_w, r.ifm_c);
            if (i >= 0) return i;
        }
        // 3. The running concatenation of a dense block (a classifier after a dense block
        // reads all of it too).
        int base = last;
        if (r.ifm_c > cur.c) {
            const int i = earlier_map(last, cur.h, cur.w, r.ifm_c - cur.c);
            if (i >= 0) base = push(name + "_in_concat", op_kind::concat, {i, last}, {r.ifm_c, cur.h, cur.w}, r.line);
        }
        const shape3 b = m_g.nodes[std::size_t(base)].out;
        if (base != last) {
            if (fits(b, r)) return base;
            if (m_pool_pending && b.h >= 2 && b.w >= 2 && fits(pooled(b), r)) return table_pool(base, name + "_in_pool");
        }
        // 4. A pool to the stated height and width (1 x 1 for a classifier).
        const int want_h = r.is_fc() ? 1 : r.ifm_h, want_w = r.is_fc() ? 1 : r.ifm_w;
        if (b.c == r.ifm_c && b.h == b.w && want_h == want_w && b.h > want_h) {
            const int stride = b.h / want_h, kernel = b.h - stride * (want_h - 1);
            return push(name + "_in_pool", op_kind::maxpool, {base}, {b.c, want_h, want_w}, r.line, kernel, stride);
        }
        std::ostringstream msg;
        const shape3 expected = m_pool_pending ? pooled(cur) : cur;
        msg << "row (IFM " << r.ifm_h << "x" << r.ifm_w << "x" << r.ifm_c
            << ") does not chain with the previous layer (expected C=" << expected.c << ", H=" << expected.h
            << ", W=" << expected.w;
        if (r.is_fc()) msg << " or a flattened size of " << expected.size();
        msg << ") and no earlier map, concatenation or pooling gives that input; the table can be mapped "
               "with `pimscope map --net file.csv` but not simulated";
        throw input_error(m_path, where_line(r.line), msg.str());
    }

    std::string m_path;
    graph m_g;
    bool m_pool_pending = false;
    int m_pool_line = 0;
};

} // namespace

graph load_neurosim_csv(const std::string& path) {
    const std::vector<layer_row> rows = read_neurosim_csv(path);
    table_graph b(path, rows);
    for (std::size_t i = 0; i < rows.size(); ++i) b.add_row(rows[i], int(i));
    return b.finish();
}

} // namespace pimscope::sw
