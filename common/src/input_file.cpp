#include "pimscope/common/input_file.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>
#include <system_error>

namespace pimscope {

void require_input_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);   // follows symbolic links
    if (ec || !fs::exists(st)) return;
    switch (st.type()) {
    case fs::file_type::regular:
    case fs::file_type::fifo:
        return;
    case fs::file_type::directory:
        throw input_error(path, "", "is a directory, expected a file");
    default:
        throw input_error(path, "", "is not a regular file (a device or socket cannot be read as input)");
    }
}

} // namespace pimscope
