#include "app/theme.hpp"

namespace crm::app::theme {

void apply()
{
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 0.0f;
    s.FrameRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.PopupRounding = 6.0f;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(10, 7);
    s.CellPadding = ImVec2(8, 4);
    s.WindowPadding = ImVec2(14, 12);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    c[ImGuiCol_MenuBarBg] = kBar;
    c[ImGuiCol_Button] = ImVec4(0.84f, 0.89f, 0.97f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.74f, 0.83f, 0.96f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.62f, 0.74f, 0.93f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.80f, 0.87f, 0.96f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.86f, 0.91f, 0.98f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.95f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.30f, 0.52f, 0.82f, 1.0f); // progress bars
    s.FrameBorderSize = 1.0f;
}

} // namespace crm::app::theme
