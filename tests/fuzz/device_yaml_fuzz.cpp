// Device files (modules/subarray device_model, over common's param_tree): the file's text as
// a device card, then the shipped arch with `device.file` naming it, mapped with a small
// network as `pimscope map` would, so that every model the card feeds is built from it.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/param_tree.hpp"
#include "pimscope/subarray/device_model.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_scratch("device.yaml", data, size);
    fuzz::expect_only_input_errors([&] {
        subarray::load_device_card(path);
        param_tree tree = param_tree::from_yaml_file(fuzz::source_path("configs/arch/rram22_xnor.yaml"));
        tree.set("device.file", path, true);
        fuzz::map_and_prepare(fuzz::small_network(), load_arch_config(tree));
    });
    return 0;
}
