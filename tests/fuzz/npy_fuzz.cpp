// NumPy .npy files (sw/npy): read, then converted as the network loader converts weights
// and thresholds (with the array's own shape, so the shape check passes and the values
// are what is checked).
#include "fuzz_support.hpp"
#include "pimscope/sw/npy.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_scratch("tensor.npy", data, size);
    fuzz::expect_only_input_errors([&] {
        const sw::npy_array a = sw::read_npy(path);
        (void)a.shape_text();
        fuzz::expect_only_input_errors([&] { (void)sw::npy_to_int8(a, a.shape, "weights"); });
        fuzz::expect_only_input_errors([&] { (void)sw::npy_to_int32(a, a.shape, "thresholds"); });
    });
    return 0;
}
