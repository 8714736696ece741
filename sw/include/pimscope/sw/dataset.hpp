#pragma once
// Labelled image sets for accuracy runs, and the conversion of their pixels into the
// integers the network's first layer reads.
//
// Two kinds (see docs/models.md, "Accuracy models"):
//   - IDX (MNIST / Fashion-MNIST): gzip or plain IDX files, 8-bit pixels kept raw 0..255.
//   - an ImageNet-style folder: JPEG/PNG files plus a ground-truth label file, decoded,
//     resized (shorter side 256, bilinear), centre-cropped 224x224 and normalised per
//     channel with the ImageNet mean/std.
#include "pimscope/kernel/input_encoding.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::sw {

class dataset {
public:
    virtual ~dataset() = default;
    virtual const std::string& source() const = 0;   // for messages
    virtual std::size_t size() const = 0;
    virtual shape3 shape() const = 0;                // of every image (CHW)
    virtual int classes() const = 0;                 // max label + 1
    virtual int label(std::size_t i) const = 0;
    // Image i as CHW floats. Safe to call from several threads at once.
    virtual std::vector<float> pixels(std::size_t i) const = 0;
    // True when the pixels are the raw integers 0..255 of an 8-bit image.
    virtual bool raw_8bit() const = 0;
    // Largest |pixel| of the set: the study's input scale ("max |x| of the batch").
    virtual float max_abs() const = 0;
};

// IDX images (magic 0x803, u8, dims count x rows x cols) and labels (magic 0x801, u8).
// gzip or uncompressed. Throws input_error naming the file on a truncated file, a wrong
// magic, or image and label counts that differ.
std::unique_ptr<dataset> load_idx(const std::string& images_path, const std::string& labels_path);

// Preprocessing of the folder loader; the defaults are the ImageNet evaluation recipe.
struct folder_preprocess {
    int resize_shorter = 256;
    int crop = 224;
    float mean[3] = {0.485f, 0.456f, 0.406f};
    float std[3] = {0.229f, 0.224f, 0.225f};
};

// Images: every *.jpg/*.jpeg/*.png (any case) directly in `dir`, sorted by file name.
// Labels file, either of two layouts (all lines the same layout):
//   - one integer per line, line i labelling the i-th image in sorted order (the
//     ILSVRC2012 devkit's validation ground truth);
//   - "<file name> <integer>" per line, in any order.
// Every image must have a label (else input_error naming the labels file and the image).
// Images are decoded on demand (pixels(i)); a file that fails to decode is an input_error
// naming it.
std::unique_ptr<dataset> load_image_folder(const std::string& dir, const std::string& labels_path,
                                           const folder_preprocess& pre = {});

// Dataset by name:
//   fashion-mnist[:test|:train]   /usr/share/datasets/fashion-mnist/ (default split: test)
//   idx:<images file>,<labels file>
//   folder:<dir>[,<labels file>]   (default labels file: <dir>/labels.txt)
std::unique_ptr<dataset> open_dataset(const std::string& spec);

// Network input of one image for the first layer's encoding:
//   - raw 8-bit pixels, unsigned scheme with n bits: round(x * (2^n - 1) / 255)
//     (n = 8 gives the pixels themselves);
//   - otherwise the study's scheme via quantize_input, scaled by ds.max_abs().
// Throws input_error when the image shape differs from `shape` (the network input).
tensor to_network_input(const dataset& ds, const std::vector<float>& pixels, shape3 shape,
                        const kernel::input_encoding& enc);

} // namespace pimscope::sw
