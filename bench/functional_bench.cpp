// Times the fast functional mode (crossbar kernel + digital operators, no SystemC) and
// the golden reference on one image: the floor under the platform's run time. With an
// image count, also a stream of that many synthetic images through the fast functional
// mode on `threads` threads (images dealt round-robin, one reused workspace per thread, as
// `pimscope accuracy` runs them); the images are made and quantised before the clock starts.
//   build/release/bench/functional_bench [net.yaml] [arch.yaml] [adc_bits] [images] [threads]
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/weights.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    using namespace pimscope;
    const std::string net = argc > 1 ? argv[1] : "configs/nets/bresnete18.yaml";
    const std::string arch_file = argc > 2 ? argv[2] : "configs/arch/rram22_xnor.yaml";
    auto tree = param_tree::from_yaml_file(arch_file);
    if (argc > 3) tree.set("adc.bits", argv[3]);
    const auto arch = load_arch_config(tree);
    const auto g = sw::load_network(net);
    const auto params = sw::generate_params(g, 1);
    const auto prepared = sw::prepare_network(g, params, arch);
    const auto input = sw::quantize_input(sw::synthetic_image(g.input_shape, 1), g.input_shape,
                                          prepared.encoding);
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    const auto hw = sw::functional_run(prepared, input);
    auto t1 = clock::now();
    const auto ref = sw::golden_run(g, params, input);
    auto t2 = clock::now();
    std::printf("%s: functional mode %.3f s, golden reference %.3f s, outputs %s\n",
                g.name.c_str(), std::chrono::duration<double>(t1 - t0).count(),
                std::chrono::duration<double>(t2 - t1).count(),
                hw.back() == ref.back() ? "equal" : "differ (lossy ADC)");
    const int images = argc > 4 ? std::atoi(argv[4]) : 0;
    const int threads = argc > 5 ? std::max(1, std::atoi(argv[5])) : 2;
    if (images <= 0) return 0;
    std::vector<sw::tensor> inputs;
    for (int k = 0; k < images; ++k)
        inputs.push_back(sw::quantize_input(sw::synthetic_image(g.input_shape, uint64_t(k) + 1), g.input_shape,
                                            prepared.encoding));
    std::vector<sw::tensor> outputs(static_cast<std::size_t>(images));
    t0 = clock::now();
    std::vector<std::thread> pool;
    for (int id = 0; id < threads; ++id)
        pool.emplace_back([&, id] {
            std::vector<sw::tensor> workspace;
            for (int k = id; k < images; k += threads) {
                sw::functional_run(prepared, inputs[std::size_t(k)], k, workspace);
                outputs[std::size_t(k)] = workspace.back();
            }
        });
    for (auto& t : pool) t.join();
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    std::printf("%s: fast functional mode, %d images on %d threads: %.3f s, %.1f images/s\n", g.name.c_str(),
                images, threads, s, images / s);
    return 0;
}
