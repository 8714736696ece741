#include "pimscope/sw/onnx_model.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include "onnx.pb.h"

#include <cstring>

namespace pimscope::sw {

namespace {

// protobuf's own ceiling for one message is 2 GiB; a BNN for this tool is megabytes.
constexpr std::uint64_t max_model_bytes = std::uint64_t(1) << 30;

std::string slurp(const std::string& path) { return read_input_file(path, max_model_bytes); }

template <typename T>
void append_raw(const std::string& raw, std::vector<float>& out, const std::string& file,
                const std::string& name) {
    if (raw.size() % sizeof(T) != 0)
        throw input_error(file, "tensor '" + name + "'", "raw data size is not a whole number of elements");
    const std::size_t n = raw.size() / sizeof(T);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));   // little-endian per ONNX
        out.push_back(static_cast<float>(v));
    }
}

onnx_tensor convert(const onnx::TensorProto& t, const std::string& file) {
    onnx_tensor out;
    for (auto d : t.dims()) out.dims.push_back(d);
    const std::string name = t.name();
    // Checked before the count is compared with the data: a product that wraps 64 bits
    // (2^32 x 2^32) "needs" 0 values and an empty tensor would pass for it.
    std::size_t count = 1;
    bool wrapped = false;
    std::string shape;
    for (auto d : out.dims) {
        if (d < 0) throw input_error(file, "tensor '" + name + "'", "dimension " + std::to_string(d) + " is negative");
        wrapped = wrapped || __builtin_mul_overflow(count, std::size_t(d), &count);
        shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    }
    if (wrapped)
        throw input_error(file, "tensor '" + name + "'",
                          "shape " + shape + " has more elements than any file can hold (corrupt model)");
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
        throw input_error(file, "tensor '" + name + "'", "external tensor data is not supported");
    const bool raw = t.has_raw_data();
    switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
        if (raw) append_raw<float>(t.raw_data(), out.data, file, name);
        else out.data.assign(t.float_data().begin(), t.float_data().end());
        break;
    case onnx::TensorProto::DOUBLE:
        if (raw) append_raw<double>(t.raw_data(), out.data, file, name);
        else for (double v : t.double_data()) out.data.push_back(float(v));
        break;
    case onnx::TensorProto::INT64:
        if (raw) append_raw<int64_t>(t.raw_data(), out.data, file, name);
        else for (auto v : t.int64_data()) out.data.push_back(float(v));
        break;
    case onnx::TensorProto::INT32:
        if (raw) append_raw<int32_t>(t.raw_data(), out.data, file, name);
        else for (auto v : t.int32_data()) out.data.push_back(float(v));
        break;
    case onnx::TensorProto::INT8:
        if (raw) append_raw<int8_t>(t.raw_data(), out.data, file, name);
        else for (auto v : t.int32_data()) out.data.push_back(float(v));
        break;
    case onnx::TensorProto::UINT8:
        if (raw) append_raw<uint8_t>(t.raw_data(), out.data, file, name);
        else for (auto v : t.int32_data()) out.data.push_back(float(v));
        break;
    case onnx::TensorProto::BOOL:
        if (raw) append_raw<uint8_t>(t.raw_data(), out.data, file, name);
        else for (auto v : t.int32_data()) out.data.push_back(float(v));
        break;
    default:
        throw input_error(file, "tensor '" + name + "'",
                          "unsupported data type " + std::to_string(t.data_type()) +
                              " (supported: float, double, int8/32/64, uint8, bool)");
    }
    if (out.data.size() != out.size())
        throw input_error(file, "tensor '" + name + "'",
                          "holds " + std::to_string(out.data.size()) + " values, its shape needs " +
                              std::to_string(out.size()));
    return out;
}

onnx_value_info convert(const onnx::ValueInfoProto& v) {
    onnx_value_info out;
    out.name = v.name();
    if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
        for (const auto& d : v.type().tensor_type().shape().dim())
            out.dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    return out;
}

} // namespace

std::size_t onnx_tensor::size() const {
    std::size_t n = 1;
    for (auto d : dims) n *= std::size_t(d < 0 ? 0 : d);
    return n;
}

int64_t onnx_node::int_attr(const std::string& key, int64_t fallback) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? fallback : it->second.i;
}
float onnx_node::float_attr(const std::string& key, float fallback) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? fallback : it->second.f;
}
std::vector<int64_t> onnx_node::ints_attr(const std::string& key) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? std::vector<int64_t>{} : it->second.ints;
}
std::string onnx_node::string_attr(const std::string& key, const std::string& fallback) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? fallback : it->second.s;
}
std::string onnx_node::label() const {
    return op + " '" + (name.empty() ? (outputs.empty() ? "?" : outputs[0]) : name) + "'";
}

onnx_graph read_onnx(const std::string& path) {
    const std::string bytes = slurp(path);
    onnx::ModelProto model;
    if (bytes.empty() || !model.ParseFromString(bytes) || !model.has_graph() ||
        model.graph().node_size() == 0)
        throw input_error(path, "", "not a readable ONNX model (truncated, or not ONNX at all)");
    const auto& g = model.graph();
    onnx_graph out;
    out.source = path;
    for (const auto& init : g.initializer()) out.constants[init.name()] = convert(init, path);
    for (const auto& in : g.input())
        if (!out.constants.count(in.name())) out.inputs.push_back(convert(in));
    for (const auto& o : g.output()) out.outputs.push_back(convert(o));
    for (const auto& n : g.node()) {
        onnx_node node;
        node.op = n.op_type();
        node.name = n.name();
        node.inputs.assign(n.input().begin(), n.input().end());
        node.outputs.assign(n.output().begin(), n.output().end());
        for (const auto& a : n.attribute()) {
            onnx_attribute attr;
            attr.i = a.i();
            attr.f = a.f();
            attr.s = a.s();
            attr.ints.assign(a.ints().begin(), a.ints().end());
            attr.floats.assign(a.floats().begin(), a.floats().end());
            if (a.has_t()) {
                attr.has_tensor = true;
                attr.t = convert(a.t(), path);
            }
            node.attributes[a.name()] = std::move(attr);
        }
        if (node.op == "Constant") {
            auto it = node.attributes.find("value");
            if (it == node.attributes.end() || !it->second.has_tensor)
                throw input_error(path, "node " + node.label(), "Constant without a tensor 'value'");
            out.constants[node.outputs.at(0)] = it->second.t;
            continue;
        }
        out.nodes.push_back(std::move(node));
    }
    return out;
}

onnx_tensor read_onnx_tensor(const std::string& path) {
    const std::string bytes = slurp(path);
    onnx::TensorProto t;
    if (!t.ParseFromString(bytes)) throw input_error(path, "", "not a serialised ONNX TensorProto");
    return convert(t, path);
}

} // namespace pimscope::sw
