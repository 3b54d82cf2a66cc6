// Theme: the interface's palette and spacing, in one place. apply() sets Dear ImGui's
// style; screens and widgets take their colours from here, never inline.
#pragma once

#include <imgui.h>

namespace crm::app::theme {

// Palette.
inline const ImVec4 kError(0.78f, 0.12f, 0.12f, 1.0f);   // validation messages, refused actions
inline const ImVec4 kMuted(0.42f, 0.45f, 0.50f, 1.0f);   // secondary text, hints
inline const ImVec4 kOk(0.10f, 0.50f, 0.22f, 1.0f);      // done, saved
inline const ImVec4 kWarn(0.70f, 0.30f, 0.05f, 1.0f);    // attention (another tab, a hold)
inline const ImVec4 kOverdue(0.70f, 0.16f, 0.10f, 1.0f); // amounts past due
inline const ImVec4 kBar(0.13f, 0.27f, 0.47f, 1.0f);     // the navigation bar
inline const ImVec4 kBarText(1.0f, 1.0f, 1.0f, 1.0f);
inline const ImVec4 kBarTextDim(0.70f, 0.77f, 0.88f, 1.0f);
inline const ImVec4 kBarCurrent(0.22f, 0.38f, 0.60f, 1.0f); // the current screen in the bar
inline const ImVec4 kDanger(0.72f, 0.16f, 0.16f, 1.0f);     // destructive buttons
inline const ImVec4 kDangerHover(0.82f, 0.22f, 0.22f, 1.0f);

// Spacing.
constexpr float kFormWidth = 500.0f; // side forms
constexpr float kGap = 12.0f;        // between side-by-side panels
constexpr float kSearchWidth = 320.0f;

// Applies our colours and spacing to the current ImGui context.
void apply();

} // namespace crm::app::theme
