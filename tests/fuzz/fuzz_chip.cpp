#include "fuzz_chip.hpp"

#include "fuzz_support.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/mapper.hpp"

namespace pimscope::fuzz {

const arch_config& default_arch() {
    static const arch_config a = load_arch_config_file(source_path("configs/arch/rram22_xnor.yaml"));
    return a;
}

const sw::network& small_network() {
    static const sw::network n = sw::load_network_with_params(source_path("configs/nets/fmnist_bnn.yaml"), 1);
    return n;
}

void map_only(const sw::graph& g, const arch_config& arch) {
    const sw::floorplan fp = sw::map_network(g, arch);
    (void)sw::format_floorplan(g, arch, fp);
}

void map_and_prepare(const sw::network& net, const arch_config& arch) {
    map_only(net.g, arch);
    (void)sw::prepare_network(net.g, net.params, arch);
}

bool small_enough_to_program(const sw::graph& g) {
    int64_t weights = 0;
    for (const auto& n : g.nodes) {
        if (n.kind != sw::op_kind::conv && n.kind != sw::op_kind::fc) continue;
        // infer_shapes has checked that every conv/fc has its input.
        const sw::shape3 in = g.nodes[std::size_t(n.inputs[0])].out;
        const int64_t per_output = n.kind == sw::op_kind::fc ? int64_t(in.c) * in.h * in.w
                                                              : int64_t(in.c) * n.kernel * n.kernel;
        weights += per_output * n.out_channels;
    }
    return weights <= (int64_t(1) << 20);
}

void load_map_and_prepare(const std::string& path) {
    const sw::graph g = sw::load_network(path);
    if (!small_enough_to_program(g)) return map_only(g, default_arch());
    map_and_prepare(sw::load_network_with_params(path, 1), default_arch());
}

} // namespace pimscope::fuzz
