#pragma once
// The fast functional mode: the whole network with crossbar layers computed by the
// crossbar kernel (row slices, ADC) and everything else by the golden digital operators.
// No SystemC. The SystemC platform must produce the same outputs bit for bit.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/kernel/crossbar.hpp"
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
    kernel::input_encoding encoding;
    std::vector<std::unique_ptr<kernel::crossbar_layer>> crossbars;   // per node (null if none)
    std::unique_ptr<kernel::adc_quantizer> adc;               // the design-time (fixed) ADC
    // Per crossbar layer, when its range was set from data (study / calibrated policies);
    // null: the layer uses `adc`.
    std::vector<std::unique_ptr<kernel::adc_quantizer>> layer_adcs;

    const kernel::adc_quantizer& adc_for(int node) const {
        const auto i = std::size_t(node);
        return i < layer_adcs.size() && layer_adcs[i] ? *layer_adcs[i] : *adc;
    }
};

prepared_network prepare_network(const graph& g, const network_params& p, const arch_config& arch);

// Column-count histograms per node (empty for non-crossbar nodes), from runs with an
// exact ADC: the data the study and calibrated range policies set ADC ranges from.
struct count_statistics {
    std::vector<kernel::count_histogram> per_node;
    void merge(const count_statistics& o);
};
// Adds one image's counts (every crossbar layer, every plane, every non-idle slice).
// `image` keys the read noise of non-ideal cells (the platform's image index, or the
// dataset index in accuracy runs); it changes nothing on ideal cells.
void collect_counts(const prepared_network& net, const tensor& input, count_statistics& stats,
                    int64_t image = 0);
// The same into the caller's maps (reused from image to image): `workspace` then holds
// every node's output of this run.
void collect_counts(const prepared_network& net, const tensor& input, count_statistics& stats, int64_t image,
                    std::vector<tensor>& workspace);

// Per-layer ADC ranges from the statistics (docs/models.md, "Accuracy models"):
//   study:      [min, max] of the counts, floor rounding (the study's quantizer);
//   calibrated: [(100-p)th, p-th] percentile of the counts, the arch's rounding.
// fixed leaves every layer on `net.adc`.
void set_adc_ranges(prepared_network& net, const count_statistics& stats, adc_range policy,
                    double clip_percentile);

// Hardware result of crossbar layer `node` on its input map (conv output before
// any threshold: exact integers when the ADC is exact).
tensor crossbar_layer_output(const prepared_network& net, int node, const tensor& in,
                             int64_t image = 0);

// All node outputs for one image. `image` keys the per-read noise of non-ideal cells
// (the SystemC platform uses its image index 0, 1, ...).
std::vector<tensor> functional_run(const prepared_network& net, const tensor& input, int64_t image = 0);
// The same into `workspace` (one tensor per node), reusing its storage from the previous
// call: what image loops use.
void functional_run(const prepared_network& net, const tensor& input, int64_t image,
                    std::vector<tensor>& workspace);

} // namespace pimscope::sw
