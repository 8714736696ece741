#pragma once
// Reading and writing the sweep's small text files (sweep files, JSON records, CSV).
#include <string>

namespace pimscope::sweep {

// The whole file; input_error naming it when it cannot be opened.
std::string read_text_file(const std::string& path);

// Writes a file via a temporary and a rename, so a reader never sees half of it.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace pimscope::sweep
