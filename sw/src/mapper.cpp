// Layer -> tiles, duplication and utilisation (rule in mapper.hpp), and the layer table
// of a graph that the rule works from.
#include "pimscope/sw/mapper.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace pimscope::sw {

namespace {

using i64 = std::int64_t;

i64 ceil_div(i64 a, i64 b) { return (a + b - 1) / b; }

bool shapes_filled(const graph& g) {
    for (const node& n : g.nodes)
        if (n.out.size() == 0) return false;
    return true;
}

// Pooling that directly follows a layer, looking through the single-consumer
// element-wise activations the loaders put between them.
bool followed_by_pool(const graph& g, int i) {
    for (;;) {
        int consumer = -1, count = 0;
        for (int j = i + 1; j < int(g.nodes.size()); ++j)
            for (int in : g.nodes[j].inputs)
                if (in == i) {
                    consumer = j;
                    ++count;
                }
        if (count != 1) return false;
        const op_kind k = g.nodes[consumer].kind;
        if (k == op_kind::maxpool || k == op_kind::avgpool) return true;
        if (k != op_kind::threshold && k != op_kind::sign && k != op_kind::batchnorm &&
            k != op_kind::relu)
            return false;
        i = consumer;
    }
}

std::string layer_where(const std::string& name, int line) {
    return line > 0 ? name + " (line " + std::to_string(line) + ")" : name;
}

} // namespace

const layer_mapping* floorplan::for_node(int node) const {
    for (const auto& m : layers)
        if (m.node == node) return &m;
    return nullptr;
}

std::vector<layer_row> layer_table(const graph& g) {
    if (!shapes_filled(g)) {
        graph copy = g;
        copy.infer_shapes();
        return layer_table(copy);
    }
    std::vector<layer_row> rows;
    for (int i : g.crossbar_layers()) {
        const node& n = g.nodes[i];
        const shape3 in = g.nodes[n.inputs.at(0)].out;
        layer_row r;
        if (n.kind == op_kind::fc) {
            // The whole input is one column of the weight matrix, however it is shaped.
            r.ifm_h = r.ifm_w = 1;
            r.ifm_c = int(in.size());
            r.k = 1;
            r.stride = 1;
        } else {
            r.ifm_h = in.h;
            r.ifm_w = in.w;
            r.ifm_c = in.c;
            r.k = n.kernel;
            r.stride = n.stride;
        }
        r.ofm_c = n.out_channels;
        r.pool = followed_by_pool(g, i) ? 1 : 0;
        r.line = n.line;
        rows.push_back(r);
    }
    return rows;
}

namespace {

// names: display names per row (the graph's node names), or empty for layer_row_name.
floorplan map_rows_named(const std::vector<layer_row>& rows, const arch_config& arch,
                         const std::string& source, const std::vector<std::string>& names) {
    floorplan fp;
    if (rows.empty()) throw input_error(source, "", "the network has no crossbar layers");

    // The pipeline target is relative to the largest input map of the whole network:
    // the layer with that map gets speed_up_degree^2 copies, smaller maps fewer.
    int max_ifm_h = 0;
    for (const auto& r : rows) max_ifm_h = std::max(max_ifm_h, r.ifm_h);
    const i64 bound = ceil_div(max_ifm_h, arch.speed_up_degree);

    const i64 tile_rows = arch.tile_rows(), tile_cols = arch.tile_cols();
    const i64 tile_cells = tile_rows * tile_cols;
    const i64 per_tile = arch.tile_subarrays();
    i64 used_cells = 0, total_tiles = 0;
    int largest = 0;

    for (std::size_t i = 0; i < rows.size(); ++i) {
        const layer_row& r = rows[i];
        const std::string name = i < names.size() ? names[i] : layer_row_name(r, int(i));
        if (r.ifm_h <= 0 || r.ifm_w <= 0 || r.ifm_c <= 0 || r.k <= 0 || r.ofm_c <= 0)
            throw input_error(source, layer_where(name, r.line),
                              "layer has an empty input map, kernel or output");

        // Checked in floating point first: absurd table values must give a message,
        // not an overflowed (and plausible-looking) tile count.
        if (2.0 * r.k * r.k * r.ifm_c > double(INT32_MAX))
            throw input_error(source, layer_where(name, r.line),
                              "weight matrix of 2*k*k*C rows is too large for the chip");
        // XNOR-parallel: each +-1 weight is a complementary pair of cells on two rows.
        const i64 rows_needed = 2 * i64(r.k) * r.k * r.ifm_c;
        const i64 cols_needed = r.ofm_c;
        const i64 slices = ceil_div(rows_needed, arch.subarray_rows);
        const i64 col_groups = ceil_div(cols_needed, arch.subarray_cols);
        const i64 tiles_tall = ceil_div(rows_needed, tile_rows);
        const i64 tiles_wide = ceil_div(cols_needed, tile_cols);
        const i64 base_tiles = tiles_tall * tiles_wide;
        // Copies sit at subarray granularity in the tile grid one copy needs anyway;
        // at least one copy always fits because the grid was sized for it.
        const i64 fit_rows = tiles_tall * per_tile / slices;
        const i64 fit_cols = tiles_wide * per_tile / col_groups;
        const i64 fit = fit_rows * fit_cols;
        const double steps = double(r.ifm_h) / double(bound);
        const double target = std::ceil(steps * steps);
        // More copies than fit: the whole grid repeats, stacked along the rows — when the
        // layers run at once (pipelined). Layer by layer, no layer waits for another, and
        // the study's simulator keeps each layer to the copies its own tile grid holds.
        const bool grow = arch.pipeline_mode != "layer" && target > double(fit);
        const i64 extra = grow ? i64(std::ceil(target / double(fit))) : 1;
        const i64 tiles = base_tiles * extra;
        const i64 dup = fit_rows * extra * fit_cols;
        if (tiles > arch.max_tiles)
            throw input_error(source, layer_where(name, r.line),
                              "layer alone needs " + std::to_string(tiles) + " tiles (" +
                                  std::to_string(rows_needed) + " x " +
                                  std::to_string(cols_needed) + " cells per copy, duplication " +
                                  std::to_string(dup) + "); the chip has max_tiles " +
                                  std::to_string(arch.max_tiles));

        layer_mapping m;
        m.name = name;
        m.ifm_h = r.ifm_h;
        m.ifm_w = r.ifm_w;
        m.rows = int(rows_needed);
        m.cols = int(cols_needed);
        m.slices = int(slices);
        m.col_groups = int(col_groups);
        m.tiles_tall = int(tiles_tall);
        m.tiles_wide = int(tiles_wide);
        m.dup_rows = int(fit_rows * extra);
        m.dup_cols = int(fit_cols);
        m.tiles = int(tiles);
        m.duplication = int(dup);
        m.utilisation = double(dup * rows_needed * cols_needed) / double(tiles * tile_cells);
        if (fp.layers.empty() || m.tiles > fp.layers[largest].tiles) largest = int(i);
        fp.layers.push_back(m);

        used_cells += dup * rows_needed * cols_needed;
        total_tiles += tiles;
    }

    if (total_tiles > arch.max_tiles) {
        const layer_mapping& big = fp.layers[largest];
        throw input_error(source, "",
                          "the network needs " + std::to_string(total_tiles) +
                              " tiles but the chip has max_tiles " +
                              std::to_string(arch.max_tiles) +
                              (arch.source.empty() ? "" : " (" + arch.source + ")") +
                              "; the largest layer, " + layer_where(big.name, rows[largest].line) +
                              ", needs " + std::to_string(big.tiles) + " tiles (duplication " +
                              std::to_string(big.duplication) + ")");
    }
    fp.total_tiles = int(total_tiles);
    fp.utilisation = double(used_cells) / double(total_tiles * tile_cells);
    return fp;
}

} // namespace

floorplan map_layer_rows(const std::vector<layer_row>& rows, const arch_config& arch,
                         const std::string& source) {
    return map_rows_named(rows, arch, source, {});
}

floorplan map_network(const graph& g, const arch_config& arch) {
    const std::vector<int> nodes = g.crossbar_layers();
    std::vector<std::string> names;
    for (int i : nodes) names.push_back(g.nodes[i].name);
    floorplan fp = map_rows_named(layer_table(g), arch, g.source, names);
    // The platform finds a layer's mapping by its graph node.
    for (std::size_t i = 0; i < fp.layers.size(); ++i) fp.layers[i].node = nodes[i];
    return fp;
}

std::string format_floorplan(const std::vector<layer_row>& rows, const arch_config& arch,
                             const floorplan& fp, const std::string& title) {
    std::ostringstream os;
    char buf[256];
    os << "floorplan of " << title << " on " << arch.tile_rows() << "x" << arch.tile_cols()
       << "-cell tiles (" << arch.tile_subarrays() << "x" << arch.tile_subarrays() << " subarrays of "
       << arch.subarray_rows << "x" << arch.subarray_cols << "), speed_up_degree "
       << arch.speed_up_degree << "\n";
    std::snprintf(buf, sizeof buf, "%-16s %-14s %3s %6s %6s %13s %9s %6s %5s %7s\n", "layer",
                  "IFM HxWxC", "k", "K", "stride", "rows x cols", "subarr/cp", "tiles", "dup",
                  "util %");
    os << buf;
    for (std::size_t i = 0; i < fp.layers.size() && i < rows.size(); ++i) {
        const layer_mapping& m = fp.layers[i];
        const layer_row& r = rows[i];
        const std::string ifm = std::to_string(r.ifm_h) + "x" + std::to_string(r.ifm_w) + "x" +
                                std::to_string(r.ifm_c);
        const std::string rc = std::to_string(m.rows) + " x " + std::to_string(m.cols);
        std::snprintf(buf, sizeof buf, "%-16s %-14s %3d %6d %6d %13s %9d %6d %5d %7.1f\n",
                      m.name.c_str(), ifm.c_str(), r.k, r.ofm_c, r.stride, rc.c_str(),
                      m.subarrays_per_copy(), m.tiles, m.duplication, 100.0 * m.utilisation);
        os << buf;
    }
    std::snprintf(buf, sizeof buf, "total: %zu crossbar layers, %d tiles (max %d), utilisation %.1f %%\n",
                  fp.layers.size(), fp.total_tiles, arch.max_tiles, 100.0 * fp.utilisation);
    os << buf;
    return os.str();
}

std::string format_floorplan(const graph& g, const arch_config& arch, const floorplan& fp) {
    return format_floorplan(layer_table(g), arch, fp, g.name.empty() ? g.source : g.name);
}

} // namespace pimscope::sw
