#pragma once
// Every file pimscope reads as input (arch, technology, network, weights, ONNX, dataset,
// labels, sweep, reference and result tables) is checked here before it is opened: a
// device such as /dev/zero named as a weight file would be read without end (gigabytes,
// then std::bad_alloc), a directory fails with a message about something else.
#include <cstdint>
#include <string>

namespace pimscope {

// The most pimscope reads of a text input (arch, technology, device, network, sweep file,
// layer or result table): far beyond any real one, and what keeps an endless pipe
// (`--arch <(yes)`) from being read until memory runs out.
constexpr std::uint64_t max_text_input_bytes = std::uint64_t(64) << 20;

// Throws input_error naming the file when it exists and is a directory, a device or a
// socket. Regular files and pipes (`--arch <(generate)`) pass; a missing file is left to
// the reader's own "cannot open" message.
void require_input_file(const std::string& path);

// The whole of an input file (checked as above), at most `max_bytes` of it: a longer one (or
// an endless pipe) is an input_error naming the file and the limit; one that cannot be
// opened is "<cannot_open>".
std::string read_input_file(const std::string& path, std::uint64_t max_bytes,
                            const std::string& cannot_open = "cannot open file");

} // namespace pimscope
