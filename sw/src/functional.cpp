// The fast functional mode: crossbar layers through the crossbar kernel (row slices, ADC),
// the rest through the golden digital operators.
#include "pimscope/sw/functional.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/kernel_adapters.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace pimscope::sw {
namespace {

// Local rather than graph::reads_network_input so the rule is visibly the one the
// kernel's plane decomposition assumes: the producer is the input node itself.
bool reads_input(const graph& g, const node& n) {
    return !n.inputs.empty() && n.inputs[0] >= 0 && std::size_t(n.inputs[0]) < g.nodes.size() &&
           g.nodes[std::size_t(n.inputs[0])].kind == op_kind::input;
}

bool is_crossbar(const node& n) {
    return (n.kind == op_kind::conv || n.kind == op_kind::fc) && n.binary;
}

[[noreturn]] void fail(const graph& g, const node& n, const std::string& what) {
    throw input_error(g.source, "node '" + n.name + "'", what);
}

int32_t saturate(int64_t v) {
    return int32_t(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                       std::numeric_limits<int32_t>::max()));
}

} // namespace

prepared_network prepare_network(const graph& g, const network_params& p, const arch_config& arch) {
    if (p.nodes.size() != g.nodes.size())
        throw input_error(g.source, "", "parameters for " + std::to_string(p.nodes.size()) +
                                            " nodes, network has " + std::to_string(g.nodes.size()));
    prepared_network net;
    net.g = &g;
    net.params = &p;
    if (arch.input_bits < 1 || arch.input_bits > 30)
        throw input_error(arch.source, "input.bits", "must be in [1, 30]");
    if (arch.input_scheme != "sign_magnitude" && arch.input_scheme != "unsigned")
        throw input_error(arch.source, "input.scheme", "must be sign_magnitude or unsigned, got '" +
                                                           arch.input_scheme + "'");
    net.encoding.bits = arch.input_bits;
    net.encoding.is_signed = arch.input_scheme == "sign_magnitude";
    const int slice = arch.synapses_per_subarray_column();
    if (slice < 1) throw input_error(arch.source, "array.rows", "a subarray needs at least 2 rows");
    // Full scale = one whole slice: the ADC range is fixed at design time for the
    // largest count a column can produce.
    net.adc = std::make_unique<kernel::adc_quantizer>(arch.adc_bits, slice, arch.adc_round);
    net.crossbars.resize(g.nodes.size());
    const kernel::device_nonideality dev = nonideality_of(arch);
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (is_crossbar(g.nodes[i])) {
            net.crossbars[i] = std::make_unique<kernel::crossbar_layer>(
                kernel::program_crossbar(geometry_of(g.nodes[i]), p.nodes[i].weights, slice));
            // Non-ideal cells: drawn once for the programmed chip, per layer from the seed.
            if (dev.any()) kernel::program_analog(*net.crossbars[i], dev, int(i));
        }
    return net;
}

namespace {

void crossbar_output(const prepared_network& net, int node_index, const tensor& in,
                     kernel::count_histogram* hist, int64_t image, tensor& out);

} // namespace

tensor crossbar_layer_output(const prepared_network& net, int node_index, const tensor& in,
                             int64_t image) {
    tensor out;
    crossbar_output(net, node_index, in, nullptr, image, out);
    return out;
}

namespace {

// Shapes `t` as `s` without reallocating when it already has that shape (every element is
// then overwritten by the caller).
void reshape(tensor& t, shape3 s) {
    if (t.shape == s && t.v.size() == s.size()) return;
    t.shape = s;
    t.v.assign(s.size(), 0);
}

// Writes the layer's output into `out`, reusing its storage (and thread-local scratch)
// from image to image.
void crossbar_output(const prepared_network& net, int node_index, const tensor& in,
                     kernel::count_histogram* hist, int64_t image, tensor& out) {
    const graph& g = *net.g;
    const node& n = g.nodes.at(std::size_t(node_index));
    const kernel::crossbar_layer* layer = net.crossbars.at(std::size_t(node_index)).get();
    if (layer == nullptr) fail(g, n, "is not a crossbar layer");
    const kernel::conv_geometry geometry = geometry_of(n);
    const bool multi_bit = reads_input(g, n);
    const int planes = multi_bit ? net.encoding.planes() : 1;
    if (multi_bit) {
        // Values outside the encoding would need planes the hardware does not have.
        const int32_t top = net.encoding.max_magnitude();
        const int32_t lo = net.encoding.is_signed ? -top : 0;
        for (int32_t v : in.v)
            if (v < lo || v > top)
                fail(g, n, "network input value " + std::to_string(v) + " outside the encoding's [" +
                               std::to_string(lo) + ", " + std::to_string(top) + "]");
    }
    thread_local std::vector<int64_t> col;
    thread_local kernel::packed_vector scratch;
    col.resize(std::size_t(layer->columns));
    // Recording runs use an exact ADC: the statistics describe the array, not a quantizer.
    const kernel::adc_quantizer exact(16, layer->slice_synapses, adc_rounding::floor);
    const kernel::adc_quantizer& adc = hist ? exact : net.adc_for(node_index);
    if (n.kind == op_kind::fc) {
        thread_local std::vector<uint16_t> counts;
        kernel::window_outputs(geometry, *layer, adc, in, 0, 0, multi_bit, planes, scratch, counts,
                               col.data(), hist, image);
        reshape(out, {layer->columns, 1, 1});
        for (int k = 0; k < layer->columns; ++k) out.v[std::size_t(k)] = saturate(col[std::size_t(k)]);
        return;
    }
    if (n.kernel < 1 || n.stride < 1 || n.pad < 0) fail(g, n, "bad kernel/stride/pad");
    const int oh = (in.shape.h + 2 * n.pad - n.kernel) / n.stride + 1;
    const int ow = (in.shape.w + 2 * n.pad - n.kernel) / n.stride + 1;
    if (in.shape.h + 2 * n.pad < n.kernel || in.shape.w + 2 * n.pad < n.kernel)
        fail(g, n, "kernel larger than the padded input");
    const shape3 os{layer->columns, oh, ow};
    if (n.out.size() != 0 && n.out != os) fail(g, n, "crossbar output shape differs from the inferred shape");
    reshape(out, os);
    // Binarise the input once per plane; every window is then a few word copies.
    thread_local std::vector<kernel::packed_map> maps;
    maps.resize(static_cast<std::size_t>(planes));
    for (int b = 0; b < planes; ++b)
        kernel::pack_map(geometry, in, b, multi_bit, maps[std::size_t(b)]);
    thread_local std::vector<int32_t> acc;
    const std::size_t area = std::size_t(oh) * ow;
    for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
            kernel::window_outputs(geometry, *layer, adc, maps, oy, ox, scratch, acc, col.data(),
                                   hist, image);
            const std::size_t px = std::size_t(oy) * ow + ox;
            for (int k = 0; k < layer->columns; ++k) out.v[k * area + px] = saturate(col[std::size_t(k)]);
        }
}

void run(const prepared_network& net, const tensor& input, count_statistics* stats, int64_t image,
         std::vector<tensor>& outs) {
    const graph& g = *net.g;
    const network_params& p = *net.params;
    if (g.input_shape.size() != 0 && input.shape != g.input_shape)
        throw input_error(g.source, "input", "image shape differs from the network input");
    outs.resize(g.nodes.size());
    outs[0] = input;
    std::vector<const tensor*> ins;
    for (std::size_t i = 1; i < g.nodes.size(); ++i) {
        const node& n = g.nodes[i];
        ins.clear();
        for (int j : n.inputs) {
            if (j < 0 || std::size_t(j) >= i) fail(g, n, "input index out of order");
            ins.push_back(&outs[std::size_t(j)]);
        }
        if (net.crossbars[i]) {
            if (ins.size() != 1) fail(g, n, "a crossbar layer takes exactly one input");
            kernel::count_histogram* hist = nullptr;
            if (stats) {
                stats->per_node.resize(g.nodes.size());
                hist = &stats->per_node[i];
            }
            crossbar_output(net, int(i), *ins[0], hist, image, outs[i]);
        } else if (n.out.size() != 0) {
            // Into the previous image's tensor (the operator checks the shape).
            reshape(outs[i], n.out);
            apply_digital_rows(g, int(i), p.nodes[i], ins, outs[i], 0, n.out.h);
        } else {
            outs[i] = apply_digital(g, int(i), p.nodes[i], ins);
        }
    }
}

} // namespace

std::vector<tensor> functional_run(const prepared_network& net, const tensor& input, int64_t image) {
    std::vector<tensor> outs;
    run(net, input, nullptr, image, outs);
    return outs;
}

void functional_run(const prepared_network& net, const tensor& input, int64_t image,
                    std::vector<tensor>& workspace) {
    run(net, input, nullptr, image, workspace);
}

void count_statistics::merge(const count_statistics& o) {
    if (per_node.size() < o.per_node.size()) per_node.resize(o.per_node.size());
    for (std::size_t i = 0; i < o.per_node.size(); ++i) {
        auto& h = per_node[i];
        if (h.size() < o.per_node[i].size()) h.resize(o.per_node[i].size());
        for (std::size_t c = 0; c < o.per_node[i].size(); ++c) h[c] += o.per_node[i][c];
    }
}

void collect_counts(const prepared_network& net, const tensor& input, count_statistics& stats,
                    int64_t image) {
    thread_local std::vector<tensor> outs;
    run(net, input, &stats, image, outs);
}

void collect_counts(const prepared_network& net, const tensor& input, count_statistics& stats, int64_t image,
                    std::vector<tensor>& workspace) {
    run(net, input, &stats, image, workspace);
}

void set_adc_ranges(prepared_network& net, const count_statistics& stats, adc_range policy,
                    double clip_percentile) {
    net.layer_adcs.clear();
    if (policy == adc_range::fixed) return;
    net.layer_adcs.resize(net.crossbars.size());
    const int bits = net.adc->bits(), fs = net.adc->full_scale();
    for (std::size_t i = 0; i < net.crossbars.size(); ++i) {
        if (!net.crossbars[i]) continue;
        const kernel::count_histogram* h = i < stats.per_node.size() ? &stats.per_node[i] : nullptr;
        uint64_t total = 0;
        if (h)
            for (uint64_t v : *h) total += v;
        if (total == 0) continue;   // never exercised: keep the design-time range
        int lo = 0, hi = 0;
        if (policy == adc_range::study) {
            while ((*h)[std::size_t(lo)] == 0) ++lo;
            hi = int(h->size()) - 1;
            while ((*h)[std::size_t(hi)] == 0) --hi;
        } else {
            // Smallest count whose cumulative share reaches q (nearest-rank percentile).
            auto rank = [&](double q) {
                const uint64_t need = std::max<uint64_t>(1, uint64_t(std::ceil(q * double(total))));
                uint64_t acc = 0;
                for (std::size_t c = 0; c < h->size(); ++c)
                    if ((acc += (*h)[c]) >= need) return int(c);
                return int(h->size()) - 1;
            };
            lo = rank(1.0 - clip_percentile / 100.0);
            hi = rank(clip_percentile / 100.0);
        }
        const adc_rounding r = policy == adc_range::study ? adc_rounding::floor : net.adc->rounding();
        net.layer_adcs[i] = std::make_unique<kernel::adc_quantizer>(bits, fs, r, lo, std::min(hi, fs));
    }
}

} // namespace pimscope::sw
