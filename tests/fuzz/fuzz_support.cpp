#include "fuzz_support.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

namespace pimscope::fuzz {

namespace fs = std::filesystem;

namespace {
struct scratch {
    std::string dir;
    scratch() {
        std::string pattern = (fs::temp_directory_path() / "pimscope-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) {
            std::perror("fuzz: cannot create a scratch directory");
            std::abort();
        }
        dir = pattern;
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};
} // namespace

const std::string& scratch_dir() {
    static const scratch s;
    return s.dir;
}

std::string write_scratch(const std::string& name, const uint8_t* data, std::size_t size) {
    const std::string path = scratch_dir() + "/" + name;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    f.close();
    if (!f) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

std::string write_scratch(const std::string& name, const std::string& text) {
    return write_scratch(name, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string source_path(const std::string& relative) { return std::string(PIMSCOPE_SOURCE_DIR) + "/" + relative; }

} // namespace pimscope::fuzz
