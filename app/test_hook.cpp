#include "app/test_hook.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

#include <cstdarg>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>

namespace {

struct Item {
    ImRect rect;
    std::string label;
};

std::unordered_map<ImGuiID, ImRect> g_rects; // current frame: id -> rectangle
std::map<std::string, ImRect> g_current;     // current frame: label -> rectangle
std::map<std::string, ImRect> g_last;        // last complete frame
std::unordered_map<ImGuiID, std::string> g_labels;
std::map<std::string, std::string> g_currentText; // noted label -> text
std::map<std::string, std::string> g_lastText;

} // namespace

// Dear ImGui calls these four when built with IMGUI_ENABLE_TEST_ENGINE.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id)
{
    if (id != 0)
        g_rects[id] = bb;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags)
{
    if (!label || !*label)
        return;
    auto it = g_rects.find(id);
    if (it == g_rects.end())
        return;
    g_labels[id] = label;
    g_current[label] = it->second;
    // Also under the visible part ("Enregistrer##client" -> "Enregistrer").
    const char* hash = std::strstr(label, "##");
    if (hash && hash != label)
        g_current.emplace(std::string(label, static_cast<std::size_t>(hash - label)), it->second);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...)
{
}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id)
{
    auto it = g_labels.find(id);
    return it == g_labels.end() ? nullptr : it->second.c_str();
}

namespace crm::app::testhook {

void beginFrame()
{
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
    g_last.swap(g_current);
    g_current.clear();
    g_lastText.swap(g_currentText);
    g_currentText.clear();
    g_rects.clear();
    if (g_labels.size() > 10000)
        g_labels.clear();
}

void mark(const char* label, float x0, float y0, float x1, float y1, const char* text)
{
    g_current[label] = ImRect(x0, y0, x1, y1);
    g_currentText[label] = text ? text : "";
}

void note(const char* label, const char* text)
{
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    g_current[label] = ImRect(min, max);
    g_currentText[label] = text ? text : "";
}

std::string itemsJson()
{
    nlohmann::json out = nlohmann::json::object();
    // The widget being edited or pressed, by its full label (tests wait on it).
    if (ImGuiContext* ctx = ImGui::GetCurrentContext(); ctx && ctx->ActiveId != 0) {
        if (auto it = g_labels.find(ctx->ActiveId); it != g_labels.end())
            out["__active"] = it->second;
    }
    for (const auto& [label, r] : g_last) {
        out[label] = {r.Min.x, r.Min.y, r.Max.x - r.Min.x, r.Max.y - r.Min.y};
        if (auto t = g_lastText.find(label); t != g_lastText.end())
            out[label].push_back(t->second);
    }
    return out.dump();
}

} // namespace crm::app::testhook
