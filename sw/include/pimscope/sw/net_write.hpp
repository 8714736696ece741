#pragma once
// Writes a network in the project's own format: <dir>/<name>.yaml plus one .npy file per
// parameter tensor in <dir>, in the layouts the YAML loader reads (conv weights OIHW int8,
// fc [K, N] int8, thresholds int32, directions int8, batch-norm mul/add int32).
// Files are written under temporary names and renamed when complete.
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/weights.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::sw {

// Returns the path of the YAML file written.
std::string write_network(const graph& g, const network_params& p, const std::string& dir);

// NumPy .npy (format 1.0, C order, little-endian).
void write_npy_int8(const std::string& path, const std::vector<int64_t>& shape,
                    const std::vector<int8_t>& values);
void write_npy_int32(const std::string& path, const std::vector<int64_t>& shape,
                     const std::vector<int32_t>& values);

} // namespace pimscope::sw
