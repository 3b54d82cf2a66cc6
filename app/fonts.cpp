#include "app/fonts.hpp"

#include <imgui.h>

namespace crm::app {

bool loadFonts(const char* path, float scale)
{
    static const ImWchar kRanges[] = {
        0x0020,
        0x00FF, // Basic Latin + Latin-1 Supplement (é è à ç ô « » …)
        0x0100,
        0x017F, // Latin Extended-A (œ Œ)
        0x2000,
        0x206F, // General Punctuation (’ — … and narrow no-break space)
        0x20AC,
        0x20AC, // €
        0x2190,
        0x21FF, // arrows
        0x25A0,
        0x25FF, // geometric shapes (▲ ▼)
        0,
    };
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    ImFont* font = io.Fonts->AddFontFromFileTTF(path, 16.0f * scale, &cfg, kRanges);
    if (!font) {
        io.Fonts->AddFontDefault();
        return false;
    }
    io.FontGlobalScale = 1.0f / scale;
    return true;
}

} // namespace crm::app
