// Charts drawn with ImGui's draw lists (Debian has no ImPlot): bars — grouped or
// stacked, vertical or horizontal — and lines, over categories (months, weeks, clients,
// age buckets). Axes on "nice" ticks (1, 2, 2.5, 5 × 10^k), amounts the French short way
// (1,2 M€, 850 k€), a legend, a tooltip with the exact figure under the mouse, and a
// readable empty state. Sizes follow the font, so a HiDPI scale stays sharp.
//
// The geometry is pure (layoutBars, layoutLines, hitTest) and tested without drawing;
// bars() and lines() draw it and return what was clicked. Each bar or point is noted
// through the test hook as "<id>:<series>:<category>", so tests click them as a user does.
//
//   chart::BarChart c{.categories = {"Oct.", "Nov."}, .series = {{"Échu", red, {12.0, 30.0}}}};
//   if (auto hit = chart::bars("##aging", c, ImVec2(-1, 220)))
//       openInvoices(hit->category);
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::app::widgets::chart {

// An axis from 0 (or below, for negative data) to a round maximum, ticks every `step`.
struct Axis {
    double min = 0, max = 1, step = 1;
    std::vector<double> ticks; // min, min + step, ..., max
};
// Nice bounds and ticks for data in [lo, hi], about `target` intervals; 0 is always on
// the axis (bars start there). [0, 0] gives [0, 1].
Axis niceAxis(double lo, double hi, int target = 4);

// Amount labels for axes: cents -> "1,2 M€", "850 k€", "12 €", "0 €", "−3 k€".
std::string shortMoney(double cents);
// "2026-11-24" -> "24/11"; "2026-11" -> "nov. 26" (French) / "Nov 26" (English).
std::string shortDate(const std::string& iso);

enum class Format { Money, Days, Count, Percent };
// The exact figure for a tooltip: cents as "1 234,56 €", days "42,5 j", counts, "85,2 %".
std::string exact(double value, Format f);
// The axis' label of a value (shortMoney for money).
std::string tickLabel(double value, Format f);

struct Series {
    std::string label;
    ImU32 color = 0;
    std::vector<double> values; // one per category
};

struct BarChart {
    std::vector<std::string> categories;
    std::vector<Series> series;
    bool stacked = false;
    bool horizontal = false; // categories down the left side, values across
    Format format = Format::Money;
};

struct LineChart {
    std::vector<std::string> categories;
    std::vector<Series> series;
    Format format = Format::Money;
};

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool contains(float x, float y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

// One drawn mark: a bar, or a line's point (a small square around it, for hovering).
struct Mark {
    int series = -1, category = -1;
    Rect rect;
};

// Where each bar goes inside `plot` (the area inside the axes), on `axis`.
std::vector<Mark> layoutBars(const BarChart& c, const Rect& plot, const Axis& axis);
// Where each point goes (the mark's centre is the point).
std::vector<Mark> layoutLines(const LineChart& c, const Rect& plot, const Axis& axis);
// The mark under (x, y), if any; for lines, the nearest point of the category column.
std::optional<Mark> hitTest(const std::vector<Mark>& marks, float x, float y);
// The axis for a chart's values (stacked bars: the stacks' sums).
Axis axisFor(const BarChart& c);
Axis axisFor(const LineChart& c);

struct Hit {
    int series = -1, category = -1;
};

// Draws the chart `size` big (x <= 0: the available width) with its legend; returns the
// mark clicked this frame. With nothing to show, "no data" in the middle.
std::optional<Hit> bars(const char* id, const BarChart& c, ImVec2 size);
std::optional<Hit> lines(const char* id, const LineChart& c, ImVec2 size);

} // namespace crm::app::widgets::chart
