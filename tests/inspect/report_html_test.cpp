// report.html: self-contained (no network), and it renders in headless Chromium without
// console errors, with its charts present. Skipped, saying so, when Chromium is absent.
#include "inspect_fixture.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

using namespace pimscope;

namespace {

std::string chromium() {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        const std::string cmd = std::string("command -v ") + name + " > /dev/null 2>&1";
        if (std::system(cmd.c_str()) == 0) return name;
    }
    return {};
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(report_html, is_self_contained_with_every_chart) {
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out"), tmp / "log"), 0) << test::read_file(tmp / "log");
    const std::string html = test::read_file(tmp / "out/report.html");
    ASSERT_FALSE(html.empty());
    // The only URLs are the SVG namespace: nothing to fetch.
    const std::regex url(R"((src|href)\s*=|url\(|https?://(?!www\.w3\.org/2000/svg))");
    EXPECT_FALSE(std::regex_search(html, url)) << "report.html refers to something outside itself";
    for (const char* title : {"Stage busy time per image", "Energy per image (simulated activity)",
                              "Chip area by component", "Energy per image by component",
                              "Stages over simulated time", "Utilisation of the busiest resource"})
        EXPECT_NE(html.find(title), std::string::npos) << "missing chart: " << title;
    EXPECT_GE(count(html, "<svg"), 6);
    EXPECT_NE(html.find("critical stage"), std::string::npos);
}

// Renders `page` with a screenshot and a DOM dump; no console errors; returns the DOM.
std::string render(const std::string& browser, const test::temp_dir& tmp, const std::string& page) {
    const std::string flags = " --headless --no-sandbox --disable-gpu --user-data-dir=" + (tmp / "profile") +
                              " --enable-logging=stderr --v=0 --window-size=1200,2400 ";
    const std::string url = "file://" + page;
    const std::string shot = "timeout 120 " + browser + flags + "--screenshot=" + (tmp / "shot.png") + " " + url +
                             " > " + (tmp / "shot.log") + " 2>&1";
    EXPECT_EQ(std::system(shot.c_str()), 0) << test::read_file(tmp / "shot.log");
    EXPECT_GT(test::read_file(tmp / "shot.png").size(), 10000u) << "the screenshot is (nearly) empty";
    const std::string dump = "timeout 120 " + browser + flags + "--dump-dom " + url + " > " + (tmp / "dom.html") +
                             " 2> " + (tmp / "dom.log");
    EXPECT_EQ(std::system(dump.c_str()), 0) << test::read_file(tmp / "dom.log");
    // Chromium logs page console messages as "CONSOLE" lines and script errors as "Uncaught";
    // its own D-Bus complaints on a headless machine are not the page's.
    for (const auto* log : {"shot.log", "dom.log"}) {
        const std::string text = test::read_file(tmp / log);
        EXPECT_EQ(text.find("CONSOLE"), std::string::npos) << text;
        EXPECT_EQ(text.find("Uncaught"), std::string::npos) << text;
    }
    return test::read_file(tmp / "dom.html");
}

// A copy of `page` with a probe appended that measures Chromium's own layout: text that
// overlaps other text or sticks out of its SVG (rotated labels count for the second
// only: their boxes are not their glyphs), and tables wider than the window outside a
// scrolling box. It writes the counts onto <body> for the DOM dump; the reports
// themselves hold no script.
std::string with_layout_probe(const test::temp_dir& tmp, const std::string& page) {
    std::string html = test::read_file(page);
    const std::string probe = R"(<script>
(function () {
  const overlaps = [], clipped = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')];
    const rects = texts.map(t => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      const r = rects[i];
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        clipped.push(t.textContent);
    });
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        if (texts[i].hasAttribute('transform') || texts[j].hasAttribute('transform')) continue;
        const a = rects[i], b = rects[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) overlaps.push(texts[i].textContent + ' / ' + texts[j].textContent);
      }
  }
  let wide = 0;
  for (const t of document.querySelectorAll('table'))
    if (t.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !t.closest('.scroll')) wide++;
  document.body.setAttribute('data-overlaps', overlaps.length + ': ' + overlaps.slice(0, 5).join(' | '));
  document.body.setAttribute('data-clipped', clipped.length + ': ' + clipped.slice(0, 5).join(' | '));
  document.body.setAttribute('data-wide-tables', String(wide));
})();
</script>)";
    const auto end = html.rfind("</body>");
    html.insert(end == std::string::npos ? html.size() : end, probe);
    const std::string copy = tmp / "probed.html";
    std::ofstream(copy) << html;
    return copy;
}

// The probe's verdict from the DOM dump: nothing overlaps, nothing is cut, no table
// overflows the page.
void expect_clean_layout(const std::string& dom) {
    EXPECT_NE(dom.find("data-overlaps=\"0: \""), std::string::npos) << "text drawn over text: "
                                                                    << dom.substr(dom.find("data-overlaps"), 300);
    EXPECT_NE(dom.find("data-clipped=\"0: \""), std::string::npos) << "text cut by its picture: "
                                                                   << dom.substr(dom.find("data-clipped"), 300);
    EXPECT_NE(dom.find("data-wide-tables=\"0\""), std::string::npos) << "a table overflows the page";
}

// Every match of `re`'s first group in `text`.
std::vector<std::string> all_of(const std::string& text, const std::regex& re) {
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

// "13.25 µs": a number of at most four significant digits, no exponent, then a unit.
bool human_figure(const std::string& cell) {
    static const std::regex figure(R"(-?([0-9]+(\.[0-9]+)?) (µs|ms|ns|s|mm²|µm²|µJ|nJ|pJ|mJ|J|TOPS/W|W|mW|µW|%|×|images/s))");
    std::smatch m;
    if (!std::regex_match(cell, m, figure)) return false;
    std::string digits = m[1];
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    return digits.size() <= 4;
}

} // namespace

TEST(report_html, renders_in_headless_chromium_without_console_errors) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium is not installed (Debian package 'chromium'): report not rendered";
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out"), tmp / "log"), 0) << test::read_file(tmp / "log");
    const std::string dom = render(browser, tmp, with_layout_probe(tmp, tmp / "out/report.html"));
    EXPECT_GE(count(dom, "<svg"), 6) << "the rendered page lost its charts";
    EXPECT_GE(count(dom, "<rect"), 100);
    expect_clean_layout(dom);
    // Per-layer bars say crossbar layer or digital unit (bresnete18 has both), with a legend.
    const auto rows = test::read_csv(tmp / "out/layers.csv");
    EXPECT_EQ(count(dom, "class=\"bar crossbar\"") + count(dom, "class=\"bar digital\""), 2 * int(rows.size()))
        << "every bar of the two per-layer charts is marked";
    EXPECT_GT(count(dom, "class=\"bar crossbar\""), 0);
    EXPECT_GT(count(dom, "class=\"bar digital\""), 0);
    EXPECT_GE(count(dom, ">crossbar layer</text>"), 2);
    EXPECT_GE(count(dom, ">digital unit</text>"), 2);
    // TOPS/W among the headline figures, as summary.json gives it (4 significant digits).
    EXPECT_NE(dom.find("<th>TOPS/W</th>"), std::string::npos);
}

TEST(report_html, table_heatmaps_render_in_headless_chromium) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium is not installed (Debian package 'chromium'): report not rendered";
    test::temp_dir tmp;
    {
        // Full-precision numbers, as a CSV holds them: the cells must round them.
        std::ofstream t(tmp / "sweep.csv");
        t << "adc_bits,input_bits,top1,energy_per_image_j\n3,1,0.8123456789012,1.23456789e-06\n"
             "4,1,0.85,1.3e-06\n3,4,0.8300000001,2.000000001e-06\n4,4,0.88,2.2e-06\n";
    }
    ASSERT_EQ(test::run_pimscope("report --table " + (tmp / "sweep.csv") +
                                     " --rows adc_bits --cols input_bits --value top1 --value energy_per_image_j "
                                     "--out " + (tmp / "sweep.html"),
                                 tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const std::string dom = render(browser, tmp, with_layout_probe(tmp, tmp / "sweep.html"));
    EXPECT_EQ(count(dom, "<svg"), 2);
    EXPECT_EQ(count(dom, "<rect"), 8) << "one cell per (adc_bits, input_bits) point and value";
    expect_clean_layout(dom);
    const auto cells = all_of(dom, std::regex(R"re(<text [^>]*class="small value"[^>]*>([^<]*)</text>)re"));
    ASSERT_EQ(cells.size(), 8u);
    for (const auto& c : cells) EXPECT_TRUE(human_figure(c)) << "not a human figure: " << c;
    EXPECT_NE(dom.find(">81.23 %</text>"), std::string::npos);
    EXPECT_NE(dom.find(">1.235 µJ</text>"), std::string::npos);
    EXPECT_NE(dom.find("colour: baseline 0 (white) to 100.0 % (darkest)"), std::string::npos);
}

// A real three-axis sweep: charts in panels (the old report drew none), heatmap cells in
// human units, each run point's bottleneck in the table, nothing overlapping or cut.
TEST(report_html, three_axis_sweep_report_renders_in_headless_chromium) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium is not installed (Debian package 'chromium'): report not rendered";
    test::temp_dir tmp;
    {
        std::ofstream f(tmp / "s.yaml");
        f << "name: three_axes\ncommand: run\nbase:\n  arch: " PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml\n"
             "  net: " PIMSCOPE_SOURCE_DIR "/configs/nets/bresnete18.yaml\n  input-size: 32\n"
             "grid:\n  adc-bits: [5, 3]\n  input-bits: [1, 2]\n  mode: [pipelined, layer]\n";
    }
    ASSERT_EQ(test::run_pimscope("sweep " + (tmp / "s.yaml") + " --jobs 2 --out " + (tmp / "out"), tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const std::string dom = render(browser, tmp, with_layout_probe(tmp, tmp / "out/report.html"));
    expect_clean_layout(dom);
    EXPECT_NE(dom.find("One panel per value of mode (2 panels)"), std::string::npos);
    EXPECT_GE(count(dom, "<svg class=\"plot\""), 2 * 4) << "a plot per panel for each run metric";
    const auto cells = all_of(dom, std::regex(R"re(<td style="background:[^"]*">([^<]*)</td>)re"));
    EXPECT_GE(cells.size(), 8u * 4);
    for (const auto& c : cells) EXPECT_TRUE(human_figure(c)) << "not a human figure: " << c;
    // Columns ascend (the file said 5, 3).
    EXPECT_NE(dom.find("<th>adc-bits \\ input-bits</th><th>1</th><th>2</th>"), std::string::npos);
    EXPECT_LT(dom.find("<tr><th>3</th>"), dom.find("<tr><th>5</th>"));
    // The bottleneck of every point: "stage: resource kind".
    const auto bottlenecks = all_of(dom, std::regex(R"re(<td class="bottleneck"[^>]*>([^<]*)</td>)re"));
    ASSERT_EQ(bottlenecks.size(), 8u);
    for (const auto& b : bottlenecks) EXPECT_TRUE(std::regex_match(b, std::regex(R"([a-z0-9_]+: [a-z_]+)"))) << b;
}
