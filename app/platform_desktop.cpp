#include "app/platform_desktop.hpp"

#include "app/fonts.hpp"
#include "app/platform.hpp"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

namespace crm::app {

namespace {

// mailto:, sms:, tel: links go to the desktop's handlers (xdg-open); the URL is passed
// as one argument, never through a shell.
void openWithSystem(const std::string& url)
{
    if (fork() == 0) {
        execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
}

// Files go to the user's Downloads folder, under a name not already taken.
std::string saveToDownloads(const std::string& name, const std::string&, const std::string& bytes)
{
    namespace fs = std::filesystem;
    const fs::path dir = downloadsFolder();
    fs::path target = dir / name;
    for (int n = 2; fs::exists(target); ++n)
        target = dir
            / (fs::path(name).stem().string() + " (" + std::to_string(n) + ")" + fs::path(name).extension().string());
    std::ofstream out(target, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return out ? target.string() : std::string();
}

// A file chooser: zenity's, when installed (GNOME's dialog tool); the file is read at once.
bool pickWithZenity(const std::string&)
{
    std::string path;
    if (!choosePath(path))
        return false; // no zenity
    if (path.empty())
        return true; // the user gave up
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    platform::filePicked(std::filesystem::path(path).filename().string(), bytes);
    return true;
}

} // namespace

std::filesystem::path downloadsFolder()
{
    namespace fs = std::filesystem;
    if (const char* xdg = std::getenv("XDG_DOWNLOAD_DIR"); xdg && fs::is_directory(xdg))
        return xdg;
    if (const char* home = std::getenv("HOME"); home && fs::is_directory(fs::path(home) / "Downloads"))
        return fs::path(home) / "Downloads";
    return fs::current_path();
}

bool choosePath(std::string& path)
{
    path.clear();
    FILE* pipe = popen("zenity --file-selection --title='CRM Recouvrement' 2>/dev/null", "r");
    if (!pipe)
        return false;
    char buf[4096] = {};
    const bool got = std::fgets(buf, sizeof buf, pipe) != nullptr;
    if (pclose(pipe) == 127 * 256)
        return false;
    if (got)
        path = buf;
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r'))
        path.pop_back();
    return true;
}

int runDesktop(Transport& transport, const DesktopOptions& options)
{
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "glfw error %d: %s\n", code, text); });
    if (!glfwInit())
        return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "CRM Recouvrement", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    platform::install({openWithSystem, saveToDownloads, pickWithZenity});
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    App::applyStyle();
    float xscale = 1.0f;
    float yscale = 1.0f;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    if (!options.fontPath || !loadFonts(options.fontPath, xscale > 0 ? xscale : 1.0f))
        std::fprintf(stderr, "crm-desktop: font not found, using Dear ImGui's default (no accents)\n");
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    App app(transport);
    if (!options.route.empty())
        if (auto route = Router::fromPath(options.route))
            app.router().navigate(*route);
    int frame = 0;
    double lastHour = glfwGetTime();
    while (!glfwWindowShouldClose(window)) {
        glfwPollEvents();
        if (options.everyHour && glfwGetTime() - lastHour >= 3600) {
            lastHour = glfwGetTime();
            options.everyHour();
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        int w = 0;
        int h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.97f, 0.97f, 0.98f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        if (++frame == 30)
            std::printf("crm-desktop: ready\n"), std::fflush(stdout);
        if (options.frames > 0 && frame >= options.frames)
            break;
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

} // namespace crm::app
