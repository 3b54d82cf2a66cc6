// The browser platform layer (see platform_web.cpp).
#pragma once

#include "app/app.hpp"

namespace crm::app {

// Creates the WebGL2 context, wires input, and starts the frame loop. Returns at once.
int runWeb(const char* fontPath);

} // namespace crm::app
