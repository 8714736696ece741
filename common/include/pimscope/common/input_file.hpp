#pragma once
// Every file pimscope reads as input (arch, technology, network, weights, ONNX, dataset,
// labels, sweep, reference and result tables) is checked here before it is opened: a
// device such as /dev/zero named as a weight file would be read without end (gigabytes,
// then std::bad_alloc), a directory fails with a message about something else.
#include <string>

namespace pimscope {

// Throws input_error naming the file when it exists and is a directory, a device or a
// socket. Regular files and pipes (`--arch <(generate)`) pass; a missing file is left to
// the reader's own "cannot open" message.
void require_input_file(const std::string& path);

} // namespace pimscope
