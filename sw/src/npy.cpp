// .npy reader. Header: "\x93NUMPY", major, minor, header length (u16 for v1, u32 for
// v2/v3, little-endian), then a Python dict literal such as
//   {'descr': '<i1', 'fortran_order': False, 'shape': (64, 3, 3, 3), }
// padded with spaces and a newline, then the raw data.
#include "pimscope/sw/npy.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"

#include <cctype>
#include <cstring>
#include <limits>

namespace pimscope::sw {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    throw input_error(path, "", what);
}

// Value text of key `key` in the header dict (up to the next top-level ',' or '}').
std::string dict_value(const std::string& path, const std::string& h, const std::string& key) {
    std::size_t k = h.find("'" + key + "'");
    if (k == std::string::npos) k = h.find("\"" + key + "\"");
    if (k == std::string::npos) bad(path, "malformed .npy header: no '" + key + "' in " + h);
    std::size_t p = h.find(':', k);
    if (p == std::string::npos) bad(path, "malformed .npy header near '" + key + "'");
    ++p;
    int depth = 0;
    std::size_t e = p;
    for (; e < h.size(); ++e) {
        const char c = h[e];
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (depth == 0 && (c == ',' || c == '}')) break;
        if (depth < 0) break;
    }
    std::string v = h.substr(p, e - p);
    const auto b = v.find_first_not_of(" \t");
    const auto l = v.find_last_not_of(" \t");
    return b == std::string::npos ? "" : v.substr(b, l - b + 1);
}

std::size_t dtype_size(const std::string& d) {
    if (d == "<i1" || d == "|i1") return 1;
    if (d == "<i2") return 2;
    if (d == "<i4" || d == "<f4") return 4;
    return 0;
}

double read_value(const unsigned char* p, const std::string& d) {
    if (d == "<i1" || d == "|i1") return double(int8_t(p[0]));
    if (d == "<i2") return double(int16_t(uint16_t(p[0] | p[1] << 8)));
    const uint32_t u = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    if (d == "<i4") return double(int32_t(u));
    float f;
    std::memcpy(&f, &u, 4);
    return double(f);
}

std::string shape_string(const std::vector<int64_t>& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + (s.size() == 1 ? ",)" : ")");
}

template <class T>
std::vector<T> npy_to(const npy_array& a, const std::vector<int64_t>& shape, const std::string& what,
                      const char* type_name) {
    if (a.shape != shape)
        throw input_error(a.path, what, "shape " + a.shape_text() + ", expected " + shape_string(shape));
    if (!a.is_integer())
        throw input_error(a.path, what, "dtype '" + a.dtype + "', expected an integer dtype (" +
                                            std::string(type_name) + ")");
    std::vector<T> out(a.values.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double v = a.values[i];
        if (v < double(std::numeric_limits<T>::min()) || v > double(std::numeric_limits<T>::max()))
            throw input_error(a.path, what, "element " + std::to_string(i) + " = " +
                                                std::to_string(int64_t(v)) + " does not fit " + type_name);
        out[i] = T(v);
    }
    return out;
}

} // namespace

std::string npy_array::shape_text() const { return shape_string(shape); }

// A layer's weights or thresholds: megabytes for the networks this tool runs.
constexpr std::uint64_t max_npy_bytes = std::uint64_t(1) << 30;

npy_array read_npy(const std::string& path) {
    const std::string raw = read_input_file(path, max_npy_bytes, "cannot open the .npy file");
    const std::vector<unsigned char> bytes(raw.begin(), raw.end());
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0)
        bad(path, "not a .npy file (no \\x93NUMPY magic)");
    const int major = bytes[6];
    std::size_t header_len = 0, offset = 0;
    if (major == 1) {
        header_len = std::size_t(bytes[8]) | std::size_t(bytes[9]) << 8;
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) bad(path, "truncated .npy header");
        header_len = std::size_t(bytes[8]) | std::size_t(bytes[9]) << 8 | std::size_t(bytes[10]) << 16 |
                     std::size_t(bytes[11]) << 24;
        offset = 12;
    } else {
        bad(path, "unsupported .npy format version " + std::to_string(major));
    }
    if (bytes.size() < offset + header_len) bad(path, "truncated .npy header");
    const std::string h(bytes.begin() + std::ptrdiff_t(offset), bytes.begin() + std::ptrdiff_t(offset + header_len));

    npy_array a;
    a.path = path;
    std::string descr = dict_value(path, h, "descr");
    if (descr.size() < 2 || (descr.front() != '\'' && descr.front() != '"'))
        bad(path, "malformed .npy header: descr " + descr);
    a.dtype = descr.substr(1, descr.size() - 2);
    const std::size_t esize = dtype_size(a.dtype);
    if (esize == 0)
        bad(path, "unsupported dtype '" + a.dtype + "', expected '<i1', '|i1', '<i2', '<i4' or '<f4'");
    const std::string fortran = dict_value(path, h, "fortran_order");
    if (fortran != "False") bad(path, "fortran_order " + fortran + ": only C-order arrays are supported");
    const std::string shape = dict_value(path, h, "shape");
    if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')')
        bad(path, "malformed .npy header: shape " + shape);
    std::size_t count = 1;
    bool overflow = false;
    std::string num;
    for (std::size_t i = 1; i < shape.size(); ++i) {
        const char c = shape[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            num += c;
        } else if (c == ',' || c == ')') {
            if (!num.empty()) {
                if (num.size() > 12) bad(path, "implausible dimension " + num);
                a.shape.push_back(std::stoll(num));
                // A wrapped count (2^32 x 2^32 is 0 mod 2^64) would make a header that
                // claims everything pass for an empty array.
                overflow = overflow || __builtin_mul_overflow(count, std::size_t(a.shape.back()), &count);
                num.clear();
            }
        } else if (c != ' ' && c != 'L') {
            bad(path, "malformed .npy header: shape " + shape);
        }
    }
    std::size_t need = 0;
    if (overflow || __builtin_mul_overflow(count, esize, &need))
        bad(path, "shape " + a.shape_text() + " has more elements than any file can hold (corrupt header)");
    const std::size_t data = offset + header_len;
    if (bytes.size() - data < need)
        bad(path, "truncated data: shape " + a.shape_text() + " of " + a.dtype + " needs " +
                      std::to_string(need) + " bytes, the file holds " + std::to_string(bytes.size() - data));
    if (bytes.size() - data > need)
        bad(path, std::to_string(bytes.size() - data - need) + " bytes after the data of shape " +
                      a.shape_text() + " (corrupt or wrong header)");
    a.values.resize(count);
    for (std::size_t i = 0; i < count; ++i) a.values[i] = read_value(&bytes[data + i * esize], a.dtype);
    return a;
}

std::vector<int8_t> npy_to_int8(const npy_array& a, const std::vector<int64_t>& shape, const std::string& what) {
    return npy_to<int8_t>(a, shape, what, "int8");
}

std::vector<int32_t> npy_to_int32(const npy_array& a, const std::vector<int64_t>& shape,
                                  const std::string& what) {
    return npy_to<int32_t>(a, shape, what, "int32");
}

} // namespace pimscope::sw
