#pragma once
// NumPy .npy files (format versions 1, 2 and 3): the tensors a training script exports.
// Supported dtypes: '<i1' / '|i1' (int8), '<i2', '<i4' (little-endian ints), '<f4' (float32);
// C order only (fortran_order False).
#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::sw {

struct npy_array {
    std::string path;
    std::string dtype;               // as written in the header, e.g. "<i4"
    std::vector<int64_t> shape;      // () for a scalar
    std::vector<double> values;      // C order; exact for every supported dtype

    bool is_integer() const { return dtype != "<f4"; }
    std::string shape_text() const;  // "(3, 4)"
};

// Throws input_error naming the file on a bad magic, an unsupported version or dtype,
// Fortran order, a malformed header, or data shorter/longer than the shape says.
npy_array read_npy(const std::string& path);

// Checked conversions for the network loader. `what` names the tensor in messages
// (e.g. "weights of layer 'conv1'"). Shape must match exactly; the dtype must be an
// integer type and every value must fit the target type.
std::vector<int8_t> npy_to_int8(const npy_array& a, const std::vector<int64_t>& shape,
                                const std::string& what);
std::vector<int32_t> npy_to_int32(const npy_array& a, const std::vector<int64_t>& shape,
                                  const std::string& what);

} // namespace pimscope::sw
