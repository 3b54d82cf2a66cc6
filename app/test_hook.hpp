// Test hook: records, for each frame, the label and rectangle of every widget Dear
// ImGui submits (through its IMGUI_ENABLE_TEST_ENGINE item hooks), so browser and
// desktop tests can find a button by its label and click it with real mouse events.
// Costs a few map insertions per widget; enabled in every build.
#pragma once

#include <string>

namespace crm::app::testhook {

// Call at the start of each frame (after ImGui::NewFrame): swaps the item tables.
void beginFrame();
// Records the last submitted item (plain text included) under `label`, with its text:
// how tests find a message that is not a widget, such as a validation error.
void note(const char* label, const char* text);
// Records a rectangle that is not a widget of its own (a chart's bar) under `label`,
// with its text: tests hover and click it as a user does.
void mark(const char* label, float x0, float y0, float x1, float y1, const char* text);
// {"label": [x, y, w, h], ...} (noted items: [x, y, w, h, "text"]), plus
// "__active": the full label of the active widget (the text field being edited), if any. of the last complete frame, in
// interface coordinates.
std::string itemsJson();

} // namespace crm::app::testhook
