#pragma once
// An ONNX model as pimscope reads it: nodes, constant tensors (initializers and Constant
// nodes) and the graph's inputs and outputs, with tensors as float arrays. Reading goes
// through the protobuf classes generated from Debian's onnx.proto; nothing of protobuf
// leaks out of this interface.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pimscope::sw {

struct onnx_tensor {
    std::vector<int64_t> dims;
    std::vector<float> data;        // row-major; integer tensors are converted exactly
    std::size_t size() const;
};

struct onnx_attribute {
    int64_t i = 0;
    float f = 0;
    std::string s;
    std::vector<int64_t> ints;
    std::vector<float> floats;
    bool has_tensor = false;
    onnx_tensor t;
};

struct onnx_node {
    std::string op, name;
    std::vector<std::string> inputs, outputs;
    std::map<std::string, onnx_attribute> attributes;

    int64_t int_attr(const std::string& key, int64_t fallback) const;
    float float_attr(const std::string& key, float fallback) const;
    std::vector<int64_t> ints_attr(const std::string& key) const;   // empty if absent
    std::string string_attr(const std::string& key, const std::string& fallback) const;
    std::string label() const;      // "Conv 'conv1'" for messages
};

struct onnx_value_info {
    std::string name;
    std::vector<int64_t> dims;      // -1 for a symbolic (dynamic) dimension
};

struct onnx_graph {
    std::string source;             // file it was read from
    std::vector<onnx_node> nodes;   // as stored (ONNX requires topological order)
    std::map<std::string, onnx_tensor> constants;   // initializers + Constant nodes
    std::vector<onnx_value_info> inputs;            // graph inputs that are not constants
    std::vector<onnx_value_info> outputs;
};

// Throws input_error naming the file for a missing, truncated or non-ONNX file.
onnx_graph read_onnx(const std::string& path);
// A serialised TensorProto (the input_N.pb / output_N.pb files of ONNX test data).
onnx_tensor read_onnx_tensor(const std::string& path);

} // namespace pimscope::sw
