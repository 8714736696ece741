// ONNX models (sw/onnx_model, sw/onnx_import): read and imported as `pimscope import` and
// `pimscope run --net model.onnx` do, then mapped and programmed on the shipped arch.
#include "fuzz_chip.hpp"
#include "fuzz_support.hpp"
#include "pimscope/sw/onnx_import.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_scratch("model.onnx", data, size);
    fuzz::expect_only_input_errors([&] {
        sw::imported_network imported = sw::import_onnx_file(path);
        (void)sw::format_import_summary(imported);
        sw::network net;
        net.g = std::move(imported.g);
        net.params = std::move(imported.params);
        net.trained = true;
        fuzz::map_and_prepare(net, fuzz::default_arch());
    });
    return 0;
}
