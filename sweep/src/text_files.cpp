#include "pimscope/sweep/text_files.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <filesystem>

namespace pimscope::sweep {

namespace fs = std::filesystem;

std::string read_text_file(const std::string& path) {
    return read_input_file(path, max_text_input_bytes);
}

void write_file_atomically(const std::string& path, const std::string& text) {
    traces::write_file_atomically(path, text);
}

} // namespace pimscope::sweep
