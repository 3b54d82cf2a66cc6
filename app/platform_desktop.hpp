// The desktop platform layer: a GLFW window with an OpenGL 3.3 context, Dear ImGui's
// GLFW and OpenGL3 backends, and the frame loop.
#pragma once

#include "app/app.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace crm::app {

struct DesktopOptions {
    int width = 1280;
    int height = 800;
    int frames = 0; // > 0: quit after that many frames (tests)
    const char* fontPath = nullptr;
    std::string route;               // the screen to open first ("#/relances"); empty: the first one
    std::function<void()> everyHour; // called once an hour between frames (automatic backups)
};

// Runs until the window closes (or `frames` are drawn). Returns a process exit status.
int runDesktop(Transport& transport, const DesktopOptions& options);

// The user's Downloads folder (XDG_DOWNLOAD_DIR, else ~/Downloads, else the working directory).
std::filesystem::path downloadsFolder();
// Asks for a file with zenity: false when zenity is missing; `path` empty when the user gave up.
bool choosePath(std::string& path);

} // namespace crm::app
