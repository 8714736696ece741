// Network YAML (sw/net_yaml, the .npy files it names, generated parameters): loaded as
// `pimscope run` loads it, then mapped and programmed on the shipped arch. The scratch
// directory links the trained network's weight folder, so seeds that name .npy files
// reach them.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"

#include <filesystem>

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool linked = [] {
        std::filesystem::create_directory_symlink(fuzz::source_path("configs/nets/fmnist_bnn"),
                                                  fuzz::scratch_dir() + "/fmnist_bnn");
        return true;
    }();
    (void)linked;
    const std::string path = fuzz::write_scratch("net.yaml", data, size);
    fuzz::expect_only_input_errors([&] { fuzz::load_map_and_prepare(path); });
    return 0;
}
