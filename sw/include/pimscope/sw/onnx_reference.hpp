#pragma once
// A float reference interpreter for the ONNX operators pimscope imports. It is what the
// importer checks itself against, and what the operator tests run on Debian's ONNX test
// data. Every supported operator also has its shape inference here.
#include "pimscope/sw/onnx_model.hpp"

#include <map>
#include <string>
#include <vector>

namespace pimscope::sw {

// Operators the interpreter (and so the importer) understands.
const std::vector<std::string>& onnx_supported_ops();

// Output shapes of one node given its input shapes (and constant inputs where the shape
// depends on them, e.g. Reshape). Throws input_error naming the node for an unsupported
// operator, attribute or shape.
std::vector<std::vector<int64_t>> onnx_infer_shapes(const onnx_graph& g, const onnx_node& n,
                                                    const std::vector<std::vector<int64_t>>& in);

// Runs one node.
std::vector<onnx_tensor> onnx_run_node(const onnx_graph& g, const onnx_node& n,
                                       const std::vector<const onnx_tensor*>& in);

// Runs the whole graph on named inputs; returns every value by name (constants included).
std::map<std::string, onnx_tensor> onnx_run(const onnx_graph& g,
                                            const std::map<std::string, onnx_tensor>& inputs);

} // namespace pimscope::sw
