// report.html: self-contained (no network), and it renders in headless Chromium without
// console errors, with its charts present. Skipped, saying so, when Chromium is absent.
#include "inspect_fixture.hpp"

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

} // namespace

TEST(report_html, renders_in_headless_chromium_without_console_errors) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium is not installed (Debian package 'chromium'): report not rendered";
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out"), tmp / "log"), 0) << test::read_file(tmp / "log");
    const std::string dom = render(browser, tmp, tmp / "out/report.html");
    EXPECT_GE(count(dom, "<svg"), 6) << "the rendered page lost its charts";
    EXPECT_GE(count(dom, "<rect"), 100);
}

TEST(report_html, table_heatmaps_render_in_headless_chromium) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium is not installed (Debian package 'chromium'): report not rendered";
    test::temp_dir tmp;
    {
        std::ofstream t(tmp / "sweep.csv");
        t << "adc_bits,input_bits,top1\n3,1,0.81\n4,1,0.85\n3,4,0.83\n4,4,0.88\n";
    }
    ASSERT_EQ(test::run_pimscope("report --table " + (tmp / "sweep.csv") +
                                     " --rows adc_bits --cols input_bits --value top1 --out " + (tmp / "sweep.html"),
                                 tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const std::string dom = render(browser, tmp, tmp / "sweep.html");
    EXPECT_EQ(count(dom, "<svg"), 1);
    EXPECT_EQ(count(dom, "<rect"), 4) << "one cell per (adc_bits, input_bits) point";
}
