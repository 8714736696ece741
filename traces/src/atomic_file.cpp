#include "pimscope/traces/atomic_file.hpp"

#include "pimscope/common/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace pimscope::traces {

namespace fs = std::filesystem;

namespace {

// The target may be absent or a regular file; anything else is not ours to replace.
void check_target(const std::string& path) {
    std::error_code ec;
    const auto st = fs::symlink_status(path, ec);
    if (ec || st.type() == fs::file_type::not_found || st.type() == fs::file_type::regular) return;
    const char* what = st.type() == fs::file_type::symlink     ? "a symbolic link"
                       : st.type() == fs::file_type::directory ? "a directory"
                       : st.type() == fs::file_type::fifo      ? "a FIFO"
                                                               : "a device or special file";
    throw input_error(path, "", std::string("exists and is ") + what + "; refusing to replace it");
}

} // namespace

atomic_file::atomic_file(std::string path) : m_path(std::move(path)), m_tmp(m_path + ".partial") {
    check_target(m_path);
    check_target(m_tmp);
    m_file = std::fopen(m_tmp.c_str(), "wb");
    if (!m_file) throw input_error(m_path, "", std::string("cannot write the file here: ") + std::strerror(errno));
}

atomic_file::~atomic_file() {
    if (!m_file) return;
    std::fclose(m_file);
    std::error_code ec;
    fs::remove(m_tmp, ec);
}

void atomic_file::write(const std::string& bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size())
        throw input_error(m_path, "", std::string("cannot write the file: ") + std::strerror(errno));
}

void atomic_file::commit() {
    const bool ok = std::fflush(m_file) == 0 && !std::ferror(m_file);
    const int error = errno;
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    std::error_code ec;
    if (!ok || !closed) {
        fs::remove(m_tmp, ec);
        throw input_error(m_path, "", std::string("cannot write the file: ") + std::strerror(error));
    }
    check_target(m_path);   // it may have appeared while we wrote
    fs::rename(m_tmp, m_path, ec);
    if (ec) {
        fs::remove(m_tmp, ec);
        throw input_error(m_path, "", "cannot move the finished file into place: " + ec.message());
    }
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
    atomic_file f(path);
    f.write(bytes);
    f.commit();
}

} // namespace pimscope::traces
