#include "pimscope/common/input_file.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>
#include <fstream>
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

std::string read_input_file(const std::string& path, std::uint64_t max_bytes, const std::string& cannot_open) {
    require_input_file(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(path, "", cannot_open);
    std::string text;
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, std::size_t(in.gcount()));
        if (text.size() > max_bytes)
            throw input_error(path, "",
                              "more than " + std::to_string(max_bytes >> 20) +
                                  " MiB, the most pimscope reads of this kind of file (an endless pipe?)");
    }
    if (in.bad()) throw input_error(path, "", "read error");
    return text;
}

} // namespace pimscope
