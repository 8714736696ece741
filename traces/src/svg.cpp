#include "pimscope/traces/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace pimscope::traces {

namespace {

const char* const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                               "#b07aa1", "#ff9da7"};

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

// Characters, not bytes, of UTF-8 text: what the layout's widths depend on.
std::size_t characters(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

} // namespace

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string si_format(double v, const std::string& unit, bool prefix) {
    static const struct { double scale; const char* prefix; } steps[] = {
        {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}, {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}};
    char b[48];
    if (v == 0) return "0 " + unit;
    if (!prefix) {
        std::snprintf(b, sizeof b, "%.4g ", v);
        return b + unit;
    }
    for (const auto& s : steps)
        if (std::fabs(v) >= s.scale || s.scale == 1e-15) {
            std::snprintf(b, sizeof b, "%.4g %s", v / s.scale, s.prefix);   // at most 4 significant digits
            return b + unit;
        }
    return "";
}

std::string bar_chart(const std::string& title, const std::vector<std::pair<std::string, double>>& bars,
                      const std::string& unit, bool si) {
    std::vector<bar> plain;
    for (const auto& b : bars) plain.push_back({b.first, b.second, 0});
    return bar_chart(title, plain, {}, unit, si);
}

std::string bar_chart(const std::string& title, const std::vector<bar>& bars,
                      const std::vector<std::pair<std::string, std::string>>& series, const std::string& unit,
                      bool si) {
    const int label_w = 150, plot_w = 420, value_w = 90, row_h = 16, top = series.empty() ? 28 : 44;
    const int height = top + row_h * int(bars.size()) + 8;
    double max = 0;
    for (const auto& b : bars) max = std::max(max, b.value);
    const auto colour = [](std::size_t s) { return palette[s % (sizeof palette / sizeof *palette)]; };
    std::ostringstream o;
    o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << label_w + plot_w + value_w
      << "\" height=\"" << height << "\">\n<text x=\"4\" y=\"18\" class=\"title\">" << html_escape(title)
      << "</text>\n";
    // The legend under the title: which colour is which kind of bar.
    for (std::size_t s = 0; s < series.size(); ++s) {
        const int x = label_w + 150 * int(s);
        o << "<rect class=\"legend " << html_escape(series[s].first) << "\" x=\"" << x
          << "\" y=\"26\" width=\"10\" height=\"10\" fill=\"" << colour(s) << "\"/><text x=\"" << x + 14
          << "\" y=\"35\">" << html_escape(series[s].second) << "</text>\n";
    }
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double y = top + row_h * double(i);
        const double w = max > 0 ? plot_w * bars[i].value / max : 0;
        const std::string value = si_format(bars[i].value, unit, si);
        const std::string cls = bars[i].series < series.size() ? series[bars[i].series].first : "";
        o << "<text x=\"" << label_w - 4 << "\" y=\"" << num(y + 12) << "\" text-anchor=\"end\">"
          << html_escape(bars[i].label) << "</text><rect" << (cls.empty() ? "" : " class=\"bar " + html_escape(cls) + "\"")
          << " x=\"" << label_w << "\" y=\"" << num(y + 2) << "\" width=\"" << num(w) << "\" height=\""
          << row_h - 4 << "\" fill=\"" << colour(bars[i].series) << "\"><title>"
          << html_escape(bars[i].label + ": " + value + (cls.empty() ? "" : " (" + series[bars[i].series].second + ")"))
          << "</title></rect><text x=\"" << num(label_w + w + 4) << "\" y=\"" << num(y + 12) << "\">"
          << html_escape(value) << "</text>\n";
    }
    o << "</svg>\n";
    return o.str();
}

std::string gantt_chart(const std::string& title, const std::vector<gantt_row>& rows, double t_end) {
    const int label_w = 150, plot_w = 640, row_h = 12, top = 28, axis_h = 20;
    const int height = top + row_h * int(rows.size()) + axis_h;
    const double scale = t_end > 0 ? plot_w / t_end : 0;
    std::ostringstream o;
    o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << label_w + plot_w + 20
      << "\" height=\"" << height << "\">\n<text x=\"4\" y=\"18\" class=\"title\">" << html_escape(title)
      << "</text>\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double y = top + row_h * double(i);
        o << "<text x=\"" << label_w - 4 << "\" y=\"" << num(y + 10) << "\" text-anchor=\"end\" class=\"small\">"
          << html_escape(rows[i].label) << "</text>";
        for (const auto& b : rows[i].bars)
            o << "<rect x=\"" << num(label_w + b.start * scale) << "\" y=\"" << num(y + 1) << "\" width=\""
              << num(std::max(0.5, (b.end - b.start) * scale)) << "\" height=\"" << row_h - 2 << "\" fill=\""
              << palette[std::size_t(b.colour) % (sizeof palette / sizeof *palette)] << "\"><title>"
              << html_escape(b.tip) << "</title></rect>";
        o << "\n";
    }
    const double axis_y = top + row_h * double(rows.size());
    o << "<line x1=\"" << label_w << "\" y1=\"" << num(axis_y) << "\" x2=\"" << label_w + plot_w << "\" y2=\""
      << num(axis_y) << "\" stroke=\"#333\"/>\n";
    for (int k = 0; k <= 4; ++k)
        o << "<text x=\"" << num(label_w + plot_w * k / 4.0) << "\" y=\"" << num(axis_y + 14)
          << "\" text-anchor=\"middle\" class=\"small\">" << html_escape(si_format(t_end * k / 4.0, "s"))
          << "</text>\n";
    o << "</svg>\n";
    return o.str();
}

std::string heatmap(const std::string& title, const std::vector<std::string>& row_labels,
                    const std::vector<std::string>& col_labels, const std::vector<std::vector<double>>& values,
                    const std::vector<std::vector<std::string>>* text, const std::string& legend) {
    // Sizes follow the text, so that cell values never overlap and the title is never
    // clipped: about 6 px per character at the 9 px font, 7 at 11 px, 9 at the 13 px bold title.
    std::size_t longest_text = 0, longest_col = 0, longest_row = 0;
    if (text)
        for (const auto& row : *text)
            for (const auto& t : row) longest_text = std::max(longest_text, characters(t));
    for (const auto& c : col_labels) longest_col = std::max(longest_col, characters(c));
    for (const auto& r : row_labels) longest_row = std::max(longest_row, characters(r));
    const int label_w = std::max(60, 6 * int(longest_row) + 10);
    const int cell_w = std::max(40, 6 * int(longest_text) + 10);
    const int cell_h = 14;
    const int legend_h = legend.empty() ? 0 : 16;
    // Column labels are turned 30 degrees: they rise by half their length and reach right
    // by most of it past the last column's middle.
    const int top = 30 + legend_h + 3 * int(longest_col) + 6;
    const int grid_w = label_w + cell_w * int(col_labels.size());
    const int width = std::max({grid_w - cell_w / 2 + 5 * int(longest_col) + 10, 9 * int(characters(title)) + 8,
                                7 * int(characters(legend)) + 8, grid_w + 10});
    const int height = top + cell_h * int(row_labels.size()) + 6;
    std::ostringstream o;
    o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
      << height << "\">\n<text x=\"4\" y=\"18\" class=\"title\">" << html_escape(title) << "</text>\n";
    if (!legend.empty())
        o << "<text x=\"4\" y=\"34\" class=\"legend\">" << html_escape(legend) << "</text>\n";
    for (std::size_t c = 0; c < col_labels.size(); ++c) {
        const double x = label_w + cell_w * (double(c) + 0.5);
        o << "<text transform=\"translate(" << num(x) << "," << top - 4 << ") rotate(-30)\" class=\"small\">"
          << html_escape(col_labels[c]) << "</text>\n";
    }
    for (std::size_t r = 0; r < row_labels.size(); ++r) {
        const double y = top + cell_h * double(r);
        o << "<text x=\"" << label_w - 4 << "\" y=\"" << num(y + 11) << "\" text-anchor=\"end\" class=\"small\">"
          << html_escape(row_labels[r]) << "</text>";
        for (std::size_t c = 0; c < col_labels.size(); ++c) {
            const double v = r < values.size() && c < values[r].size() ? values[r][c] : -1;
            if (v < 0) continue;
            const int shade = int(std::lround(255 * (1 - std::min(1.0, v))));
            char fill[16];
            std::snprintf(fill, sizeof fill, "#%02x%02xff", shade, shade);
            char percent[16];
            std::snprintf(percent, sizeof percent, "%.0f%%", 100 * v);
            const std::string label = text ? (*text)[r][c] : std::string(percent);
            o << "<rect class=\"cell\" x=\"" << label_w + cell_w * int(c) << "\" y=\"" << num(y) << "\" width=\""
              << cell_w - 1 << "\" height=\"" << cell_h - 1 << "\" fill=\"" << fill << "\"><title>"
              << html_escape(row_labels[r] + " / " + col_labels[c] + ": " + label) << "</title></rect>";
            if (text)
                o << "<text x=\"" << num(label_w + cell_w * (double(c) + 0.5)) << "\" y=\"" << num(y + 10)
                  << "\" text-anchor=\"middle\" class=\"small value\"" << (v > 0.6 ? " fill=\"#fff\"" : "") << ">"
                  << html_escape(label) << "</text>";
        }
        o << "\n";
    }
    o << "</svg>\n";
    return o.str();
}

} // namespace pimscope::traces
