#include "pimscope/sweep/text_files.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pimscope::sweep {

namespace fs = std::filesystem;

std::string read_text_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw input_error(path, "", "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file_atomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc);
        if (!(f << text) || !f.flush()) throw input_error(tmp, "", "cannot write the file");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw input_error(path, "", "cannot rename " + tmp + " into place: " + ec.message());
}

} // namespace pimscope::sweep
