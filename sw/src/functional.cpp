// The fast functional mode: crossbar layers through the crossbar kernel (row slices, ADC),
// the rest through the golden digital operators.
#include "pimscope/sw/functional.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"

#include <algorithm>
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
    net.adc = std::make_unique<adc_quantizer>(arch.adc_bits, slice, arch.adc_round);
    net.crossbars.resize(g.nodes.size());
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (is_crossbar(g.nodes[i]))
            net.crossbars[i] = std::make_unique<crossbar_layer>(
                program_crossbar(g.nodes[i], p.nodes[i], slice));
    return net;
}

tensor crossbar_layer_output(const prepared_network& net, int node_index, const tensor& in) {
    const graph& g = *net.g;
    const node& n = g.nodes.at(std::size_t(node_index));
    const crossbar_layer* layer = net.crossbars.at(std::size_t(node_index)).get();
    if (layer == nullptr) fail(g, n, "is not a crossbar layer");
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
    std::vector<int64_t> col(std::size_t(layer->columns));
    packed_vector scratch;
    if (n.kind == op_kind::fc) {
        std::vector<uint16_t> counts;
        window_outputs(n, *layer, *net.adc, in, 0, 0, multi_bit, planes, scratch, counts, col.data());
        tensor out({layer->columns, 1, 1});
        for (int k = 0; k < layer->columns; ++k) out.v[std::size_t(k)] = saturate(col[std::size_t(k)]);
        return out;
    }
    if (n.kernel < 1 || n.stride < 1 || n.pad < 0) fail(g, n, "bad kernel/stride/pad");
    const int oh = (in.shape.h + 2 * n.pad - n.kernel) / n.stride + 1;
    const int ow = (in.shape.w + 2 * n.pad - n.kernel) / n.stride + 1;
    if (in.shape.h + 2 * n.pad < n.kernel || in.shape.w + 2 * n.pad < n.kernel)
        fail(g, n, "kernel larger than the padded input");
    tensor out({layer->columns, oh, ow});
    if (n.out.size() != 0 && n.out != out.shape)
        fail(g, n, "crossbar output shape differs from the inferred shape");
    // Binarise the input once per plane; every window is then a few word copies.
    std::vector<packed_map> maps(static_cast<std::size_t>(planes));
    for (int b = 0; b < planes; ++b) pack_map(n, in, b, multi_bit, maps[std::size_t(b)]);
    std::vector<int32_t> acc;
    const std::size_t area = std::size_t(oh) * ow;
    for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
            window_outputs(n, *layer, *net.adc, maps, oy, ox, scratch, acc, col.data());
            const std::size_t px = std::size_t(oy) * ow + ox;
            for (int k = 0; k < layer->columns; ++k) out.v[k * area + px] = saturate(col[std::size_t(k)]);
        }
    return out;
}

std::vector<tensor> functional_run(const prepared_network& net, const tensor& input) {
    const graph& g = *net.g;
    const network_params& p = *net.params;
    if (g.input_shape.size() != 0 && input.shape != g.input_shape)
        throw input_error(g.source, "input", "image shape differs from the network input");
    std::vector<tensor> outs(g.nodes.size());
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
            outs[i] = crossbar_layer_output(net, int(i), *ins[0]);
        } else {
            outs[i] = apply_digital(g, int(i), p.nodes[i], ins);
        }
    }
    return outs;
}

} // namespace pimscope::sw
