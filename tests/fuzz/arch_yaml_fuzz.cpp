// Arch YAML (modules/chip arch_loader over common's param_tree): the file's text, then the
// configuration it gives mapped with a small network as `pimscope map` would.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/param_tree.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_scratch("arch.yaml", data, size);
    fuzz::expect_only_input_errors([&] {
        const arch_config arch = load_arch_config_file(path);
        fuzz::map_and_prepare(fuzz::small_network(), arch);
    });
    return 0;
}
