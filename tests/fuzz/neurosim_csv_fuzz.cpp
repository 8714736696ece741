// NeuroSim NetWork.csv (sw/neurosim_csv): the table as `pimscope map` maps it, and the
// chain it gives as `pimscope run` loads, maps and programs it.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_scratch("NetWork.csv", data, size);
    fuzz::expect_only_input_errors([&] {
        const auto rows = sw::read_neurosim_csv(path);
        const auto fp = sw::map_layer_rows(rows, fuzz::default_arch(), path);
        (void)sw::format_floorplan(rows, fuzz::default_arch(), fp, path);
    });
    fuzz::expect_only_input_errors([&] { fuzz::load_map_and_prepare(path); });
    return 0;
}
