#pragma once
// Helpers for SystemC tests. The kernel elaborates once per process, so a test that
// compares two simulations runs each in a forked child and gets a digest back.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/weights.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace pimscope::test {

inline std::string source_path(const std::string& rel) {
    return std::string(PIMSCOPE_SOURCE_DIR) + "/" + rel;
}

// A network, its parameters and its chip, ready to simulate.
struct setup {
    arch_config arch;
    sw::graph g;
    sw::network_params params;
    sw::floorplan fp;
    sw::prepared_network net;
    std::vector<sw::tensor> images;
};

// Loads net (relative to the source tree) at input size `size` x `size` (0 = as written).
inline setup make_setup(const std::string& net, int size, int images,
                        const std::vector<std::string>& overrides, uint64_t seed = 7) {
    setup s;
    auto tree = param_tree::from_yaml_file(source_path("configs/arch/rram22_xnor.yaml"));
    for (const auto& o : overrides) tree.set_override(o);
    s.arch = load_arch_config(tree);
    s.g = sw::load_network(source_path(net));
    if (size > 0) {
        s.g.input_shape.h = s.g.input_shape.w = size;
        s.g.infer_shapes();
    }
    s.params = sw::generate_params(s.g, seed);
    s.fp = sw::map_network(s.g, s.arch);
    s.net = sw::prepare_network(s.g, s.params, s.arch);
    for (int k = 0; k < images; ++k)
        s.images.push_back(sw::quantize_input(sw::synthetic_image(s.g.input_shape, seed + k),
                                              s.g.input_shape, s.net.encoding));
    return s;
}

// The few numbers tests compare across processes.
struct digest {
    double period_s = 0, first_latency_s = 0, slowest_stage_s = 0, energy_j = 0, dynamic_j = 0;
    double stall_output_s = 0, stall_input_s = 0;
    int exact_images = 0, images = 0;
    uint64_t output_hash = 0;
    bool ok = false;
};

inline uint64_t hash_outputs(const std::vector<int32_t>& v, uint64_t h = 1469598103934665603ull) {
    for (int32_t x : v) h = (h ^ uint64_t(uint32_t(x))) * 1099511628211ull;
    return h;
}

inline digest summarise(const platform::run_result& r) {
    digest d;
    d.period_s = r.period_s;
    d.first_latency_s = r.first_latency_s;
    d.slowest_stage_s = r.slowest_stage_s;
    d.energy_j = r.energy_per_image_j;
    d.dynamic_j = r.dynamic_energy_per_image_j;
    for (const auto& L : r.layers) {
        d.stall_output_s += L.stall_output_s;
        d.stall_input_s += L.stall_input_s;
    }
    for (const auto& i : r.images) d.exact_images += i.exact;
    d.images = int(r.images.size());
    d.ok = true;
    return d;
}

// Runs `body` in a child process and returns the digest it produced.
inline digest in_child(const std::function<digest()>& body) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        digest d = body();
        const ssize_t n = write(fds[1], &d, sizeof d);
        close(fds[1]);
        _exit(n == ssize_t(sizeof d) ? 0 : 1);
    }
    close(fds[1]);
    digest d;
    const ssize_t n = read(fds[0], &d, sizeof d);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n != ssize_t(sizeof d) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
    return d;
}

} // namespace pimscope::test
