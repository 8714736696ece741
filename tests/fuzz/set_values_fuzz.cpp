// `--set key=value` (common's param tree, checked by the blocks that declare the keys):
// one assignment per line of the input, applied over the shipped arch as the CLI applies
// them, then the configuration mapped with a small network as `pimscope map` would.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/param_tree.hpp"

#include <sstream>

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const param_tree base = param_tree::from_yaml_file(fuzz::source_path("configs/arch/rram22_xnor.yaml"));
    std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
    fuzz::expect_only_input_errors([&] {
        param_tree tree = base;
        for (std::string line; std::getline(lines, line);) tree.set_override(line);
        const arch_config arch = load_arch_config(tree);
        fuzz::map_and_prepare(fuzz::small_network(), arch);
    });
    return 0;
}
