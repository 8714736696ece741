// Image decoding (sw/image_decode through the folder dataset): the input is one image file
// in a folder with its label, decoded, resized and cropped as `pimscope accuracy
// --dataset folder:...` does.
#include "fuzz_support.hpp"
#include "pimscope/sw/dataset.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string labels = fuzz::write_scratch("labels.txt", "0\n");
    // The name's extension is what the folder lists; the decoder goes by the signature.
    fuzz::write_scratch("image.png", data, size);
    fuzz::expect_only_input_errors([&] {
        const auto ds = sw::load_image_folder(fuzz::scratch_dir(), labels);
        (void)ds->pixels(0);
    });
    return 0;
}
