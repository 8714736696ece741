#pragma once
// The fast functional mode: the whole network with crossbar layers computed by the
// crossbar kernel (row slices, ADC) and everything else by the golden digital operators.
// No SystemC. The SystemC platform must produce the same outputs bit for bit.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/crossbar.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"
#include "pimscope/sw/weights.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace pimscope::sw {

// Everything about a network that does not change from image to image.
struct prepared_network {
    const graph* g = nullptr;
    const network_params* params = nullptr;
    input_encoding encoding;
    std::vector<std::unique_ptr<crossbar_layer>> crossbars;   // per node (null if none)
    std::unique_ptr<adc_quantizer> adc;
};

prepared_network prepare_network(const graph& g, const network_params& p, const arch_config& arch);

// Hardware result of crossbar layer `node` on its input map (conv output before
// any threshold: exact integers when the ADC is exact).
tensor crossbar_layer_output(const prepared_network& net, int node, const tensor& in);

// All node outputs for one image.
std::vector<tensor> functional_run(const prepared_network& net, const tensor& input);

} // namespace pimscope::sw
