#pragma once
// Internal to pimscope_sw: PNG/JPEG files to 8-bit RGB (libpng, libjpeg-turbo).
#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::sw::detail {

struct rgb8_image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;   // row-major, 3 bytes per pixel
};

// Chooses the decoder by the file's signature, not its name. Throws input_error naming
// the file when it cannot be read or decoded.
rgb8_image decode_image(const std::string& path);

} // namespace pimscope::sw::detail
