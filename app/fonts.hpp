// The interface font: DejaVu Sans with the glyphs French text and money need
// (Latin-1, Latin Extended-A for œ Œ, typographic quotes and dashes, €, arrows).
#pragma once

namespace crm::app {

// Loads `path` at 16 px × `scale` (the device pixel ratio) and sets the global scale so
// text keeps its size on screen but is rasterised at full resolution. False if missing.
bool loadFonts(const char* path, float scale);

} // namespace crm::app
