// The chart widgets: the geometry of known series, the axes' ticks, the labels, hit
// testing, and a click on a bar drawn headless.
#include "app/i18n.hpp"
#include "app/test_hook.hpp"
#include "app/widgets/chart.hpp"
#include "tests/app/headless.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

using namespace crm::app;
using namespace crm::app::widgets;

namespace {
const std::string kNbsp = "\xC2\xA0";

void checkRect(const chart::Rect& r, float x0, float y0, float x1, float y1)
{
    CHECK(r.x0 == doctest::Approx(x0));
    CHECK(r.y0 == doctest::Approx(y0));
    CHECK(r.x1 == doctest::Approx(x1));
    CHECK(r.y1 == doctest::Approx(y1));
}
} // namespace

TEST_CASE("chart: axes on nice ticks, from 0")
{
    chart::Axis a = chart::niceAxis(0, 1234); // 1234 / 4 = 308.5 -> steps of 500
    CHECK(a.step == doctest::Approx(500));
    CHECK(a.max == doctest::Approx(1500));
    CHECK(a.ticks == std::vector<double>{0, 500, 1000, 1500});
    a = chart::niceAxis(0, 20); // 5 exactly
    CHECK(a.ticks == std::vector<double>{0, 5, 10, 15, 20});
    a = chart::niceAxis(0, 0); // nothing: [0, 1]
    CHECK(a.min == 0);
    CHECK(a.max == doctest::Approx(1));
    a = chart::niceAxis(-300, 1000); // 325 -> 500; 0 on the axis
    CHECK(a.min == doctest::Approx(-500));
    CHECK(a.ticks == std::vector<double>{-500, 0, 500, 1000});
    a = chart::niceAxis(10, 90); // bars start at 0: the minimum is 0 even when the data is above
    CHECK(a.min == 0);
    CHECK(a.ticks.back() == doctest::Approx(100));
    a = chart::niceAxis(0, 170000000); // 1,7 M€ in cents: 42 500 000 -> 50 000 000 (500 k€)
    CHECK(a.step == doctest::Approx(50000000));
}

TEST_CASE("chart: labels the French way, and in English")
{
    setLanguage(Language::Fr);
    CHECK(chart::shortMoney(123456789) == "1,2" + kNbsp + "M€"); // 1 234 567,89 €
    CHECK(chart::shortMoney(85000000) == "850" + kNbsp + "k€");
    CHECK(chart::shortMoney(150000) == "1,5" + kNbsp + "k€");
    CHECK(chart::shortMoney(200000000) == "2" + kNbsp + "M€");
    CHECK(chart::shortMoney(1200) == "12" + kNbsp + "€");
    CHECK(chart::shortMoney(0) == "0" + kNbsp + "€");
    CHECK(chart::shortMoney(-300000) == "-3" + kNbsp + "k€");
    CHECK(chart::shortDate("2026-11-24") == "24/11");
    CHECK(chart::shortDate("2026-11") == "nov. 26");
    CHECK(chart::exact(123456, chart::Format::Money) == "1\u202F234,56" + kNbsp + "€");
    CHECK(chart::exact(42.5, chart::Format::Days) == "42,5" + kNbsp + "j");
    CHECK(chart::exact(85.25, chart::Format::Percent) == "85,2" + kNbsp + "%");
    setLanguage(Language::En);
    CHECK(chart::shortMoney(150000) == "1.5" + kNbsp + "k€");
    CHECK(chart::shortDate("2026-02") == "Feb 26");
    CHECK(chart::exact(42.5, chart::Format::Days) == "42.5" + kNbsp + "d");
    setLanguage(Language::Fr);
}

TEST_CASE("chart: where the bars of a known series go, grouped, stacked and horizontal")
{
    chart::BarChart c;
    c.categories = {"a", "b"};
    c.series = {{"s", 0, {10, 20}}};
    const chart::Rect plot{0, 0, 100, 200};
    auto marks = chart::layoutBars(c, plot, chart::axisFor(c)); // axis 0..20
    REQUIRE(marks.size() == 2);
    // Bands of 50, bars in the middle 70 % (35 wide); 10 of 20 is half the height.
    checkRect(marks[0].rect, 7.5f, 100, 42.5f, 200);
    checkRect(marks[1].rect, 57.5f, 0, 92.5f, 200);
    // Two series side by side in each band.
    c.series = {{"s", 0, {10, 20}}, {"t", 0, {5, 0}}};
    marks = chart::layoutBars(c, plot, chart::axisFor(c));
    REQUIRE(marks.size() == 4);
    checkRect(marks[0].rect, 7.5f, 100, 25, 200);
    checkRect(marks[1].rect, 25, 150, 42.5f, 200);
    // Stacked: the second on top of the first; the axis holds the sums (30 -> 0..30).
    c.stacked = true;
    c.series = {{"s", 0, {10, 20}}, {"t", 0, {5, 10}}};
    const chart::Axis stackAxis = chart::axisFor(c);
    CHECK(stackAxis.max == doctest::Approx(30));
    marks = chart::layoutBars(c, plot, stackAxis);
    checkRect(marks[0].rect, 7.5f, 200 - 200.0f * 10 / 30, 42.5f, 200);
    checkRect(marks[1].rect, 7.5f, 200 - 200.0f * 15 / 30, 42.5f, 200 - 200.0f * 10 / 30);
    // Horizontal: categories down the side, values across from the left.
    chart::BarChart h;
    h.horizontal = true;
    h.categories = {"a", "b"};
    h.series = {{"s", 0, {10, 20}}};
    marks = chart::layoutBars(h, chart::Rect{0, 0, 200, 100}, chart::axisFor(h));
    checkRect(marks[0].rect, 0, 7.5f, 100, 42.5f);
    checkRect(marks[1].rect, 0, 57.5f, 200, 92.5f);
}

TEST_CASE("chart: lines' points, and what the mouse is over")
{
    chart::LineChart l;
    l.categories = {"a", "b"};
    l.series = {{"s", 0, {0, 20}}};
    const auto points = chart::layoutLines(l, chart::Rect{0, 0, 100, 200}, chart::axisFor(l));
    REQUIRE(points.size() == 2);
    CHECK((points[0].rect.x0 + points[0].rect.x1) / 2 == doctest::Approx(25));
    CHECK((points[0].rect.y0 + points[0].rect.y1) / 2 == doctest::Approx(200));
    CHECK((points[1].rect.y0 + points[1].rect.y1) / 2 == doctest::Approx(0));
    CHECK(chart::hitTest(points, 74, 3)->category == 1);
    CHECK_FALSE(chart::hitTest(points, 74, 100)); // between the points: nothing
    chart::BarChart c;
    c.categories = {"a", "b"};
    c.series = {{"s", 0, {10, 20}}};
    const auto bars = chart::layoutBars(c, chart::Rect{0, 0, 100, 200}, chart::axisFor(c));
    const auto hit = chart::hitTest(bars, 60, 150);
    REQUIRE(hit);
    CHECK(hit->series == 0);
    CHECK(hit->category == 1);
    CHECK_FALSE(chart::hitTest(bars, 30, 50));  // above the first bar
    CHECK_FALSE(chart::hitTest(bars, 50, 150)); // between the bars
}

TEST_CASE("chart: drawn headless, a bar clicked with the mouse is returned, its figure noted")
{
    const crm::test::Headless ui; // a context with a display and fonts, no window
    ImGuiIO& io = ImGui::GetIO();
    chart::BarChart c;
    c.categories = {"oct.", "nov."};
    c.series = {{"Échu", IM_COL32(200, 0, 0, 255), {150000, 300000}}};
    std::optional<chart::Hit> clicked;
    auto frame = [&] {
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        testhook::beginFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("charts");
        if (auto hit = chart::bars("##c", c, ImVec2(400, 240)))
            clicked = hit;
        chart::BarChart none;
        chart::bars("##empty", none, ImVec2(400, 100));
        ImGui::End();
        ImGui::Render();
    };
    frame();
    frame();
    const auto items = nlohmann::json::parse(testhook::itemsJson());
    REQUIRE(items.contains("##c:0:1"));
    CHECK(items["##c:0:1"][4] == "3\u202F000,00" + kNbsp + "€");
    CHECK_FALSE(items.contains("##empty:0:0"));
    // The second bar is twice as tall as the first.
    CHECK(items["##c:0:1"][3].get<double>() == doctest::Approx(2 * items["##c:0:0"][3].get<double>()).epsilon(0.02));
    const auto r = items["##c:0:1"];
    io.MousePos = ImVec2(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
    frame();
    CHECK_FALSE(clicked);
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    REQUIRE(clicked);
    CHECK(clicked->series == 0);
    CHECK(clicked->category == 1);
}
