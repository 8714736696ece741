#pragma once
// Helpers for the tests that run `pimscope run` and read back what it wrote: a private
// temporary directory per test (ctest -j runs tests in parallel), the command, CSV rows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace pimscope::test {

class temp_dir {
public:
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pimscope-inspect-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

// Runs pimscope with `args` (a shell word list); stdout and stderr go to `log`.
inline int run_pimscope(const std::string& args, const std::string& log) {
    const std::string cmd = "cd " PIMSCOPE_SOURCE_DIR " && " PIMSCOPE_BIN " " + args + " > " + log + " 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A small run: bresnete18 at 32x32, two images (pipelined, so stalls and overlap occur).
inline std::string small_run(const std::string& out) {
    return "run --net configs/nets/bresnete18.yaml --input-size 32 --images 2 --out " + out;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Rows of a CSV without quoted fields, keyed by the header's column names.
inline std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::string> header;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::stringstream s(line);
        for (std::string cell; std::getline(s, cell, ',');) cells.push_back(cell);
        if (header.empty()) {
            header = cells;
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
        rows.push_back(row);
    }
    return rows;
}

} // namespace pimscope::test
