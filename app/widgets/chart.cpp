#include "app/widgets/chart.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crm::app::widgets::chart {

// [SECTION] index: axes and labels, layout, drawing (frame, legend, bars, lines)

// [SECTION] axes and labels

Axis niceAxis(double lo, double hi, int target)
{
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (hi - lo <= 0)
        hi = lo + 1;
    const double raw = (hi - lo) / std::max(target, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double unit = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    Axis a;
    a.step = unit * magnitude;
    a.min = std::floor(lo / a.step + 1e-9) * a.step;
    a.max = std::ceil(hi / a.step - 1e-9) * a.step;
    for (double t = a.min; t <= a.max + a.step * 1e-6; t += a.step)
        a.ticks.push_back(std::abs(t) < a.step * 1e-9 ? 0.0 : t);
    return a;
}

namespace {

// "1,5" from 1.5 with `decimals` digits, the decimal separator of the language, no
// trailing ",0".
std::string decimal(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (decimals > 0) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
    }
    if (language() == Language::Fr)
        std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

const char* kNbsp = "\xC2\xA0";

} // namespace

std::string shortMoney(double cents)
{
    const double euros = cents / 100.0;
    const double a = std::abs(euros);
    std::string sign = euros < 0 ? "-" : "";
    if (a >= 1e6)
        return sign + decimal(a / 1e6, a >= 1e7 ? 0 : 1) + kNbsp + "M€";
    if (a >= 1e3)
        return sign + decimal(a / 1e3, a >= 1e4 ? 0 : 1) + kNbsp + "k€";
    return sign + decimal(a, 0) + kNbsp + "€";
}

std::string shortDate(const std::string& iso)
{
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
        return iso.substr(8, 2) + "/" + iso.substr(5, 2);
    if (iso.size() == 7 && iso[4] == '-') {
        const int m = std::atoi(iso.c_str() + 5);
        if (m < 1 || m > 12)
            return iso;
        const std::string key = "chart.month." + std::to_string(m);
        return std::string(tr(key.c_str())) + " " + iso.substr(2, 2);
    }
    return iso;
}

std::string exact(double value, Format f)
{
    switch (f) {
    case Format::Money: return formatMoney(std::llround(value));
    case Format::Days: return decimal(value, 1) + kNbsp + tr("chart.days_unit");
    case Format::Count: return decimal(value, 0);
    case Format::Percent: return decimal(value, 1) + kNbsp + "%";
    }
    return decimal(value, 1);
}

std::string tickLabel(double value, Format f)
{
    switch (f) {
    case Format::Money: return shortMoney(value);
    case Format::Percent: return decimal(value, 0) + kNbsp + "%";
    default: return decimal(value, 1);
    }
}

// [SECTION] layout

namespace {

// A value's position along an axis of `length` pixels starting at `start` (y grows down:
// `flip` measures from the end).
float place(double v, const Axis& a, float start, float length, bool flip)
{
    const double t = (v - a.min) / (a.max - a.min);
    const float p = static_cast<float>(t) * length;
    return flip ? start + length - p : start + p;
}

double valueAt(const Series& s, std::size_t k)
{
    return k < s.values.size() ? s.values[k] : 0.0;
}

} // namespace

Axis axisFor(const BarChart& c)
{
    double lo = 0, hi = 0;
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        double up = 0, down = 0;
        for (const auto& s : c.series) {
            const double v = valueAt(s, k);
            if (c.stacked) {
                (v >= 0 ? up : down) += v;
            } else {
                hi = std::max(hi, v);
                lo = std::min(lo, v);
            }
        }
        hi = std::max(hi, up);
        lo = std::min(lo, down);
    }
    return niceAxis(lo, hi);
}

Axis axisFor(const LineChart& c)
{
    double lo = 0, hi = 0;
    for (const auto& s : c.series)
        for (double v : s.values) {
            hi = std::max(hi, v);
            lo = std::min(lo, v);
        }
    return niceAxis(lo, hi);
}

std::vector<Mark> layoutBars(const BarChart& c, const Rect& plot, const Axis& axis)
{
    std::vector<Mark> marks;
    const std::size_t n = c.categories.size();
    if (n == 0 || c.series.empty())
        return marks;
    const bool h = c.horizontal;
    // Along the categories: a band per category, its bars in the middle 70 %.
    const float bandStart = h ? plot.y0 : plot.x0;
    const float band = ((h ? plot.y1 - plot.y0 : plot.x1 - plot.x0)) / static_cast<float>(n);
    const float group = band * 0.7f;
    // Across: the values.
    const float valueStart = h ? plot.x0 : plot.y0;
    const float valueLength = h ? plot.x1 - plot.x0 : plot.y1 - plot.y0;
    auto at = [&](double v) { return place(v, axis, valueStart, valueLength, !h); };
    const std::size_t m = c.series.size();
    for (std::size_t k = 0; k < n; ++k) {
        const float g0 = bandStart + band * static_cast<float>(k) + (band - group) / 2;
        double up = 0, down = 0;
        for (std::size_t s = 0; s < m; ++s) {
            const double v = valueAt(c.series[s], k);
            double from = 0, to = v;
            float a0 = g0, a1 = g0 + group;
            if (c.stacked) {
                double& base = v >= 0 ? up : down;
                from = base;
                to = base + v;
                base = to;
            } else {
                const float w = group / static_cast<float>(m);
                a0 = g0 + w * static_cast<float>(s);
                a1 = a0 + w;
            }
            const float v0 = at(from), v1 = at(to);
            Mark mark;
            mark.series = static_cast<int>(s);
            mark.category = static_cast<int>(k);
            mark.rect = h ? Rect{std::min(v0, v1), a0, std::max(v0, v1), a1}
                          : Rect{a0, std::min(v0, v1), a1, std::max(v0, v1)};
            marks.push_back(mark);
        }
    }
    return marks;
}

std::vector<Mark> layoutLines(const LineChart& c, const Rect& plot, const Axis& axis)
{
    std::vector<Mark> marks;
    const std::size_t n = c.categories.size();
    if (n == 0)
        return marks;
    const float band = (plot.x1 - plot.x0) / static_cast<float>(n);
    const float r = 6.0f;
    for (std::size_t s = 0; s < c.series.size(); ++s)
        for (std::size_t k = 0; k < n && k < c.series[s].values.size(); ++k) {
            const float x = plot.x0 + band * (static_cast<float>(k) + 0.5f);
            const float y = place(c.series[s].values[k], axis, plot.y0, plot.y1 - plot.y0, true);
            marks.push_back({static_cast<int>(s), static_cast<int>(k), Rect{x - band / 2, y - r, x + band / 2, y + r}});
        }
    return marks;
}

std::optional<Mark> hitTest(const std::vector<Mark>& marks, float x, float y)
{
    // The last drawn wins (drawn on top); a line's point: the nearest of its column.
    std::optional<Mark> best;
    float bestDistance = 1e9f;
    for (const auto& m : marks)
        if (m.rect.contains(x, y)) {
            const float d = std::abs((m.rect.y0 + m.rect.y1) / 2 - y);
            if (!best || d <= bestDistance) {
                best = m;
                bestDistance = d;
            }
        }
    return best;
}

// [SECTION] drawing

namespace {

ImU32 lighter(ImU32 c)
{
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.x += (1 - v.x) * 0.35f;
    v.y += (1 - v.y) * 0.35f;
    v.z += (1 - v.z) * 0.35f;
    return ImGui::ColorConvertFloat4ToU32(v);
}

// The chart's frame: the whole area (an invisible button: hover and click), the legend
// on top, the plot inside the axes' labels. Returns false when the chart is off screen.
struct Frame {
    Rect all, plot;
    bool hovered = false, clicked = false;
    ImVec2 mouse;
};

Frame open(const char* id, ImVec2 size, const std::vector<Series>& series, float leftLabels, bool bottomLabels)
{
    Frame f;
    if (size.x <= 0)
        size.x = std::max(ImGui::GetContentRegionAvail().x, 100.0f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    f.hovered = ImGui::IsItemHovered();
    f.clicked = f.hovered && ImGui::IsItemClicked(ImGuiMouseButton_Left);
    f.mouse = ImGui::GetIO().MousePos;
    f.all = {p.x, p.y, p.x + size.x, p.y + size.y};
    const float line = ImGui::GetTextLineHeight();
    // The legend: a square and a label per series, on one line.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = p.x + leftLabels;
    if (series.size() > 1 || (!series.empty() && !series[0].label.empty()))
        for (const auto& s : series) {
            dl->AddRectFilled(ImVec2(x, p.y + line * 0.2f), ImVec2(x + line * 0.6f, p.y + line * 0.8f), s.color);
            x += line * 0.8f;
            dl->AddText(ImVec2(x, p.y), ImGui::GetColorU32(ImGuiCol_Text), s.label.c_str());
            x += ImGui::CalcTextSize(s.label.c_str()).x + line;
        }
    f.plot = {p.x + leftLabels, p.y + line * 1.6f, p.x + size.x - line * 0.5f,
        p.y + size.y - (bottomLabels ? line * 1.5f : line * 0.3f)};
    return f;
}

void empty(const Frame& f)
{
    const char* text = tr("chart.empty");
    const ImVec2 ts = ImGui::CalcTextSize(text);
    ImGui::GetWindowDrawList()->AddText(ImVec2((f.all.x0 + f.all.x1 - ts.x) / 2, (f.all.y0 + f.all.y1 - ts.y) / 2),
        ImGui::ColorConvertFloat4ToU32(theme::kMuted), text);
}

float widest(const std::vector<std::string>& labels)
{
    float w = 0;
    for (const auto& l : labels)
        w = std::max(w, ImGui::CalcTextSize(l.c_str()).x);
    return w;
}

std::vector<std::string> tickTexts(const Axis& a, Format f)
{
    std::vector<std::string> out;
    for (double t : a.ticks)
        out.push_back(tickLabel(t, f));
    return out;
}

// Grid lines and tick labels along the values' axis; category labels along the other,
// one in `every` when they would overlap.
void axes(const Frame& f, const Axis& a, Format format, const std::vector<std::string>& categories, bool horizontal)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 grid = ImGui::ColorConvertFloat4ToU32(ImVec4(0.5f, 0.5f, 0.5f, 0.25f));
    const ImU32 muted = ImGui::ColorConvertFloat4ToU32(theme::kMuted);
    const auto ticks = tickTexts(a, format);
    const float line = ImGui::GetTextLineHeight();
    for (std::size_t k = 0; k < a.ticks.size(); ++k) {
        const ImVec2 ts = ImGui::CalcTextSize(ticks[k].c_str());
        if (horizontal) {
            const float x = place(a.ticks[k], a, f.plot.x0, f.plot.x1 - f.plot.x0, false);
            dl->AddLine(ImVec2(x, f.plot.y0), ImVec2(x, f.plot.y1), grid);
            dl->AddText(ImVec2(std::min(x - ts.x / 2, f.all.x1 - ts.x), f.plot.y1 + 2), muted, ticks[k].c_str());
        } else {
            const float y = place(a.ticks[k], a, f.plot.y0, f.plot.y1 - f.plot.y0, true);
            dl->AddLine(ImVec2(f.plot.x0, y), ImVec2(f.plot.x1, y), grid);
            dl->AddText(ImVec2(f.plot.x0 - ts.x - 4, y - ts.y / 2), muted, ticks[k].c_str());
        }
    }
    const std::size_t n = categories.size();
    if (n == 0)
        return;
    if (horizontal) {
        const float band = (f.plot.y1 - f.plot.y0) / static_cast<float>(n);
        for (std::size_t k = 0; k < n; ++k) {
            const float y = f.plot.y0 + band * (static_cast<float>(k) + 0.5f) - line / 2;
            const ImVec4 clip(f.all.x0, f.plot.y0, f.plot.x0 - 4, f.plot.y1);
            dl->AddText(nullptr, 0, ImVec2(f.all.x0, y), ImGui::GetColorU32(ImGuiCol_Text), categories[k].c_str(),
                nullptr, 0, &clip);
        }
        return;
    }
    const float band = (f.plot.x1 - f.plot.x0) / static_cast<float>(n);
    const float room = widest(categories) + line * 0.5f;
    const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(room / band)));
    for (std::size_t k = 0; k < n; k += every) {
        const ImVec2 ts = ImGui::CalcTextSize(categories[k].c_str());
        const float x = f.plot.x0 + band * (static_cast<float>(k) + 0.5f) - ts.x / 2;
        dl->AddText(ImVec2(x, f.plot.y1 + 2), muted, categories[k].c_str());
    }
}

void tooltip(const std::string& category, const std::string& series, double value, Format format)
{
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(category.c_str());
    if (!series.empty())
        ImGui::TextColored(theme::kMuted, "%s", series.c_str());
    ImGui::TextUnformatted(exact(value, format).c_str());
    ImGui::EndTooltip();
}

// Each mark to the test hook: "<id>:<series>:<category>", its figure as text.
void noteMarks(const char* id, const std::vector<Mark>& marks, const std::vector<Series>& series, Format format)
{
    for (const auto& m : marks) {
        const std::string label = std::string(id) + ":" + std::to_string(m.series) + ":" + std::to_string(m.category);
        const double v = valueAt(series[static_cast<std::size_t>(m.series)], static_cast<std::size_t>(m.category));
        testhook::mark(label.c_str(), m.rect.x0, m.rect.y0, m.rect.x1, std::max(m.rect.y1, m.rect.y0 + 1),
            exact(v, format).c_str());
    }
}

// The mark the mouse is over (series -1: none).
Mark hovering(const Frame& f, const std::vector<Mark>& marks)
{
    if (f.hovered)
        if (const auto m = hitTest(marks, f.mouse.x, f.mouse.y))
            return *m;
    return {};
}

// Under the mouse: the exact figure in a tooltip, a hand; clicked: what was.
std::optional<Hit> answer(const Mark* hover, const Frame& f, const std::vector<std::string>& categories,
    const std::vector<Series>& series, Format format)
{
    if (!hover)
        return std::nullopt;
    const auto& s = series[static_cast<std::size_t>(hover->series)];
    tooltip(categories[static_cast<std::size_t>(hover->category)], s.label,
        valueAt(s, static_cast<std::size_t>(hover->category)), format);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (f.clicked)
        return Hit{hover->series, hover->category};
    return std::nullopt;
}

bool hasData(const std::vector<std::string>& categories, const std::vector<Series>& series)
{
    if (categories.empty())
        return false;
    for (const auto& s : series)
        for (double v : s.values)
            if (v != 0)
                return true;
    return false;
}

} // namespace

std::optional<Hit> bars(const char* id, const BarChart& c, ImVec2 size)
{
    const Axis axis = axisFor(c);
    const float line = ImGui::GetTextLineHeight();
    const float left = c.horizontal ? std::min(widest(c.categories) + line * 0.5f, std::max(size.x, 300.0f) * 0.4f)
                                    : widest(tickTexts(axis, c.format)) + line * 0.5f;
    Frame f = open(id, size, c.series, left, true);
    if (!hasData(c.categories, c.series)) {
        empty(f);
        return std::nullopt;
    }
    axes(f, axis, c.format, c.categories, c.horizontal);
    const auto marks = layoutBars(c, f.plot, axis);
    noteMarks(id, marks, c.series, c.format);
    const Mark over = hovering(f, marks);
    const Mark* hover = over.series >= 0 ? &over : nullptr;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& m : marks) {
        const ImU32 colour = c.series[static_cast<std::size_t>(m.series)].color;
        const bool lit = hover && hover->series == m.series && hover->category == m.category;
        dl->AddRectFilled(ImVec2(m.rect.x0, m.rect.y0), ImVec2(m.rect.x1, m.rect.y1), lit ? lighter(colour) : colour);
    }
    return answer(hover, f, c.categories, c.series, c.format);
}

std::optional<Hit> lines(const char* id, const LineChart& c, ImVec2 size)
{
    const Axis axis = axisFor(c);
    const float line = ImGui::GetTextLineHeight();
    Frame f = open(id, size, c.series, widest(tickTexts(axis, c.format)) + line * 0.5f, true);
    if (!hasData(c.categories, c.series)) {
        empty(f);
        return std::nullopt;
    }
    axes(f, axis, c.format, c.categories, false);
    const auto marks = layoutLines(c, f.plot, axis);
    noteMarks(id, marks, c.series, c.format);
    const Mark over = hovering(f, marks);
    const Mark* hover = over.series >= 0 ? &over : nullptr;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t s = 0; s < c.series.size(); ++s) {
        std::vector<ImVec2> points;
        for (const auto& m : marks)
            if (m.series == static_cast<int>(s))
                points.emplace_back((m.rect.x0 + m.rect.x1) / 2, (m.rect.y0 + m.rect.y1) / 2);
        const ImU32 colour = c.series[s].color;
        dl->AddPolyline(points.data(), static_cast<int>(points.size()), colour, ImDrawFlags_None, 2.0f);
        for (std::size_t k = 0; k < points.size(); ++k) {
            const bool lit = hover && hover->series == static_cast<int>(s) && hover->category == static_cast<int>(k);
            dl->AddCircleFilled(points[k], lit ? 5.0f : 3.0f, colour);
        }
    }
    return answer(hover, f, c.categories, c.series, c.format);
}

} // namespace crm::app::widgets::chart
