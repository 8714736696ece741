#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/sw/net_write.hpp"

#include "pimscope/common/error.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pimscope::sw {

namespace fs = std::filesystem;

namespace {

void commit(const fs::path& path, const std::string& bytes) {
    traces::write_file_atomically(path.string(), bytes);
}

template <typename T>
void write_npy(const std::string& path, const char* descr, const std::vector<int64_t>& shape,
               const std::vector<T>& values) {
    std::string dims;
    for (auto d : shape) dims += std::to_string(d) + ", ";
    if (shape.size() > 1) dims.erase(dims.size() - 2);   // "(3, 4)"; numpy writes 1-D as "(3,)"
    else if (shape.size() == 1) dims.erase(dims.size() - 1);
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" +
                         dims + "), }";
    // magic(6) + version(2) + length(2) + header + '\n' is padded to a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string bytes = "\x93NUMPY";
    bytes += char(1);
    bytes += char(0);
    bytes += char(header.size() & 0xff);
    bytes += char((header.size() >> 8) & 0xff);
    bytes += header;
    for (T v : values)   // little-endian
        for (std::size_t b = 0; b < sizeof(T); ++b) bytes += char((uint64_t(uint32_t(v)) >> (8 * b)) & 0xff);
    commit(path, bytes);
}

std::vector<int8_t> to_oihw(const node& n, const shape3& in, const std::vector<int8_t>& w) {
    const int K = n.out_channels, C = in.c, k = n.kernel;
    std::vector<int8_t> out(w.size());
    for (int o = 0; o < K; ++o)
        for (int c = 0; c < C; ++c)
            for (int y = 0; y < k; ++y)
                for (int x = 0; x < k; ++x)
                    out[((std::size_t(o) * C + c) * k + y) * k + x] =
                        w[((std::size_t(o) * k + y) * k + x) * C + c];
    return out;
}

} // namespace

void write_npy_int8(const std::string& path, const std::vector<int64_t>& shape,
                    const std::vector<int8_t>& values) {
    write_npy(path, "|i1", shape, values);
}

void write_npy_int32(const std::string& path, const std::vector<int64_t>& shape,
                     const std::vector<int32_t>& values) {
    write_npy(path, "<i4", shape, values);
}

std::string write_network(const graph& g, const network_params& p, const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw input_error(dir, "", "cannot create directory: " + ec.message());
    std::ostringstream y;
    y << "# Written by pimscope from " << g.source << ".\n"
      << "# Parameter files (.npy) sit next to this file: conv weights int8 OIHW, fc weights int8\n"
      << "# [K, N] (N in CHW order), thresholds int32, directions int8, batch-norm mul/add int32.\n"
      << "name: " << g.name << "\n"
      << "input: {channels: " << g.input_shape.c << ", height: " << g.input_shape.h
      << ", width: " << g.input_shape.w << "}\n"
      << "weights: .\n"
      << "layers:\n";
    for (std::size_t i = 1; i < g.nodes.size(); ++i) {
        const node& n = g.nodes[i];
        const node_params& q = p.nodes.at(i);
        y << "  - {name: " << n.name << ", op: " << to_string(n.kind) << ", in: ";
        if (n.inputs.size() == 1) {
            y << g.nodes[n.inputs[0]].name;
        } else {
            y << "[";
            for (std::size_t k = 0; k < n.inputs.size(); ++k)
                y << (k ? ", " : "") << g.nodes[n.inputs[k]].name;
            y << "]";
        }
        const fs::path base = fs::path(dir) / n.name;
        switch (n.kind) {
        case op_kind::conv: {
            const auto& in = g.nodes[n.inputs[0]].out;
            y << ", out_channels: " << n.out_channels << ", kernel: " << n.kernel << ", stride: " << n.stride
              << ", pad: " << n.pad << ", pad_value: " << n.pad_value
              << ", binary: " << (n.binary ? "true" : "false") << ", weights: " << n.name << ".npy";
            write_npy_int8(base.string() + ".npy", {n.out_channels, in.c, n.kernel, n.kernel},
                           to_oihw(n, in, q.weights));
            break;
        }
        case op_kind::fc: {
            const auto fan_in = int64_t(g.nodes[n.inputs[0]].out.size());
            y << ", out_channels: " << n.out_channels << ", binary: " << (n.binary ? "true" : "false")
              << ", weights: " << n.name << ".npy";
            write_npy_int8(base.string() + ".npy", {n.out_channels, fan_in}, q.weights);
            break;
        }
        case op_kind::threshold:
            y << ", thresholds: " << n.name << "_thr.npy, directions: " << n.name << "_dir.npy";
            write_npy_int32(base.string() + "_thr.npy", {int64_t(q.thr.size())}, q.thr);
            write_npy_int8(base.string() + "_dir.npy", {int64_t(q.dir.size())}, q.dir);
            break;
        case op_kind::batchnorm:
            y << ", mul: " << n.name << "_mul.npy, add: " << n.name << "_add.npy, shift: " << q.shift;
            write_npy_int32(base.string() + "_mul.npy", {int64_t(q.mul.size())}, q.mul);
            write_npy_int32(base.string() + "_add.npy", {int64_t(q.add.size())}, q.add);
            if (n.bits > 0) y << ", bits: " << n.bits;
            break;
        case op_kind::add:
            if (n.bits > 0) y << ", bits: " << n.bits;
            break;
        case op_kind::maxpool:
        case op_kind::avgpool:
            y << ", kernel: " << n.kernel << ", stride: " << n.stride << ", pad: " << n.pad;
            break;
        default:
            break;
        }
        y << "}\n";
    }
    const fs::path yaml = fs::path(dir) / (g.name + ".yaml");
    commit(yaml, y.str());
    return yaml.string();
}

} // namespace pimscope::sw
