#pragma once
// The one way pimscope writes an output file (summary.json, CSVs, HTML, accuracy.json,
// traces, sweep records, exported networks): into a temporary beside the target, renamed
// into place only when complete. A reader never sees half a file, and a run that fails
// leaves no file that looks finished. Only a regular file is ever replaced: a FIFO, a
// device node, a directory or a symbolic link at the target is refused, never written
// through. Errors are input_error naming the file.
#include <cstdio>
#include <string>

namespace pimscope::traces {

class atomic_file {
public:
    explicit atomic_file(std::string path);
    ~atomic_file();   // not committed: the temporary is removed
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    std::FILE* stream() { return m_file; }
    void write(const std::string& bytes);
    // Flushes, closes and renames the temporary onto the target.
    void commit();
    const std::string& path() const { return m_path; }

private:
    std::string m_path, m_tmp;
    std::FILE* m_file = nullptr;
};

void write_file_atomically(const std::string& path, const std::string& bytes);

} // namespace pimscope::traces
