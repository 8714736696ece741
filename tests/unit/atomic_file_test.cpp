// The one output writer: files appear whole or not at all, and only regular files are
// replaced (never a FIFO, a symbolic link's target, a directory or a device).
#include "pimscope/common/error.hpp"
#include "pimscope/traces/atomic_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pimscope;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
    fs::path path;
    temp_dir() {
        char tmpl[] = "/tmp/pimscope_atomic_XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~temp_dir() { fs::remove_all(path); }
};

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(atomic_file, writes_whole_files_and_replaces_regular_ones) {
    temp_dir d;
    const auto p = d.path / "summary.json";
    traces::write_file_atomically(p.string(), "old\n");
    traces::write_file_atomically(p.string(), "new\n");
    EXPECT_EQ(read(p), "new\n");
    EXPECT_FALSE(fs::exists(p.string() + ".partial"));
}

TEST(atomic_file, an_unfinished_file_leaves_nothing_behind) {
    temp_dir d;
    const auto p = d.path / "timeline.json";
    {
        traces::atomic_file f(p.string());
        f.write("{\"half\":");
    }
    EXPECT_FALSE(fs::exists(p));
    EXPECT_FALSE(fs::exists(p.string() + ".partial"));
}

TEST(atomic_file, refuses_what_is_not_a_regular_file) {
    temp_dir d;
    const auto fifo = d.path / "fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_THROW(traces::write_file_atomically(fifo.string(), "x"), input_error);
    const auto target = d.path / "precious";
    traces::write_file_atomically(target.string(), "keep");
    const auto link = d.path / "link";
    fs::create_symlink(target, link);
    try {
        traces::write_file_atomically(link.string(), "x");
        FAIL() << "wrote through a symbolic link";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("is a symbolic link; refusing to replace it"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(read(target), "keep");
    EXPECT_THROW(traces::write_file_atomically(d.path.string(), "x"), input_error);
}

TEST(atomic_file, an_unwritable_place_is_an_error_naming_the_file) {
    try {
        traces::write_file_atomically("/nonexistent_dir/x.json", "x");
        FAIL();
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent_dir/x.json: cannot write the file here"), std::string::npos)
            << e.what();
    }
}

} // namespace
