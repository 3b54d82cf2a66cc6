// The desktop platform layer: a GLFW window with an OpenGL 3.3 context, Dear ImGui's
// GLFW and OpenGL3 backends, and the frame loop.
#pragma once

#include "app/app.hpp"

#include <string>

namespace crm::app {

struct DesktopOptions {
    int width = 1280;
    int height = 800;
    int frames = 0; // > 0: quit after that many frames (tests)
    const char* fontPath = nullptr;
    std::string route; // the screen to open first ("#/relances"); empty: the first one
};

// Runs until the window closes (or `frames` are drawn). Returns a process exit status.
int runDesktop(Transport& transport, const DesktopOptions& options);

} // namespace crm::app
