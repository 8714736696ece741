#include "pimscope/sweep/text_files.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pimscope::sweep {

namespace fs = std::filesystem;

std::string read_text_file(const std::string& path) {
    require_input_file(path);
    std::ifstream in(path);
    if (!in) throw input_error(path, "", "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file_atomically(const std::string& path, const std::string& text) {
    traces::write_file_atomically(path, text);
}

} // namespace pimscope::sweep
