#include "pimscope/traces/human_units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pimscope::traces {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

double largest_magnitude(const std::vector<double>& values) {
    double m = 0;
    for (double v : values)
        if (std::isfinite(v)) m = std::max(m, std::fabs(v));
    return m;
}

// The SI prefix that puts `largest` in [1, 1000): a map of latencies from 13 µs to
// 175 µs reads "13.25 ... 175.1" under one "µs".
shown_unit prefixed(const char* base, double largest) {
    static const struct {
        double scale;
        const char* prefix;
    } steps[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""},     {1e-3, "m"},
                 {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}};
    if (largest == 0) return {base, 1};
    for (const auto& s : steps)
        if (largest >= s.scale * 0.99995) return {std::string(s.prefix) + base, s.scale};
    return {std::string("f") + base, 1e-15};
}

} // namespace

shown_unit unit_for(const std::string& name, const std::vector<double>& values) {
    const auto dot = name.find_last_of('.');
    const std::string n = dot == std::string::npos ? name : name.substr(dot + 1);
    const double largest = largest_magnitude(values);
    if (ends_with(n, "tops_per_w")) return {"TOPS/W", 1};
    if (ends_with(n, "tops_per_cm2")) return {"TOPS/cm²", 1};
    if (n == "tops") return {"TOPS", 1};
    if (n == "fps" || ends_with(n, "images_per_s")) return {"images/s", 1};
    if (ends_with(n, "_mm2")) return {"mm²", 1};
    // Chip areas are quoted in mm²; a single cell array is easier in µm².
    if (ends_with(n, "_m2")) return largest >= 1e-9 || largest == 0 ? shown_unit{"mm²", 1e-6} : shown_unit{"µm²", 1e-12};
    if (ends_with(n, "_s")) return prefixed("s", largest);
    if (ends_with(n, "_j")) return prefixed("J", largest);
    if (ends_with(n, "_w")) return prefixed("W", largest);
    if (ends_with(n, "_hz")) return prefixed("Hz", largest);
    // Fractions: accuracy, agreement, utilisation. A table that already holds percentages
    // (values above 1) keeps them as they are.
    const bool fraction = n == "top1" || n == "top5" || ends_with(n, "agreement") || ends_with(n, "utilisation") ||
                          ends_with(n, "_fraction");
    if (fraction && largest <= 1) return {"%", 0.01, true};
    return {"", 1};
}

std::string significant(double v, int digits) {
    if (!std::isfinite(v)) return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";
    char b[64];
    // Round first: 999.96 to four digits is 1000, whose exponent decides the decimals.
    std::snprintf(b, sizeof b, "%.*e", digits - 1, v);
    const double r = std::strtod(b, nullptr);
    const double mag = std::floor(std::log10(std::fabs(r)));
    if (mag < -3 || mag >= 7) {
        std::snprintf(b, sizeof b, "%.*g", digits, r);
        return b;
    }
    const int decimals = std::max(0, digits - 1 - int(mag));
    std::snprintf(b, sizeof b, "%.*f", decimals, r);
    return b;
}

std::string show(double v, const shown_unit& u, int digits) {
    // A plain whole number (a count, a setting) is exact as it is: 100 images, not 100.0.
    if (u.symbol.empty() && u.scale == 1 && std::fabs(v) < 1e7 && v == std::round(v)) {
        char b[32];
        std::snprintf(b, sizeof b, "%.0f", v);
        return b;
    }
    const std::string number = significant(v / u.scale, digits);
    return u.symbol.empty() ? number : number + " " + u.symbol;
}

} // namespace pimscope::traces
