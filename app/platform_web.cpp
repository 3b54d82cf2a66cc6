// platform_web.cpp — the browser platform layer of the interface module (crm_ui).
//
// Our own layer on Emscripten's html5.h (the GLFW Emscripten emulates has no
// clipboard and no HiDPI): a WebGL2 context on #canvas sized by devicePixelRatio and
// following window resizes; mouse, wheel, keys and text fed to Dear ImGui 1.86 through
// an ordered queue of our own. 1.86 predates ImGui's input queue and reads state
// (io.MouseDown, io.KeysDown) once per frame, so a click or a key press and release
// landing within one frame would be lost, and text typed around an arrow key would be
// reordered: the queue applies events in order and stops at the first one that would
// conflict with what this frame already saw, leaving it for the next frame. Text comes
// from the hidden textarea of web/library_ui.js; copy goes out via navigator.clipboard. Requests leave through
// window.crmBridge; replies and events arrive by crm_ui_receive().
#include "app/platform_web.hpp"

#include "app/fonts.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <deque>
#include <memory>
#include <string>
#include <vector>

extern "C" {
// web/library_ui.js
void crm_ui_post(const char* text);
void crm_ui_retry(void);
void crm_ui_apply_update(void);
void crm_ui_set_clipboard(const char* text);
void crm_ui_open_url(const char* url);
void crm_ui_save_file(const char* name, const char* mime, const char* data, int size);
void crm_ui_pick_file(const char* accept);
void crm_ui_install_text_input(void);
void crm_ui_text_input_active(int active, int x, int y);
void crm_ui_cancel(int id);
void crm_ui_set_route(const char* path, int push);
void crm_ui_install_history(void);
}

namespace crm::app {

namespace {

std::vector<std::string> g_inbox;

class WebTransport final : public Transport {
public:
    void send(const std::string& request) override { crm_ui_post(request.c_str()); }
    void poll(std::vector<std::string>& out) override
    {
        for (auto& m : g_inbox)
            out.push_back(std::move(m));
        g_inbox.clear();
    }
    void retry() override { crm_ui_retry(); }
    void applyUpdate() override { crm_ui_apply_update(); }
    void cancel(std::int64_t id) override { crm_ui_cancel(static_cast<int>(id)); }
};

struct InputEvent {
    enum class Kind { MousePos, MouseButton, Key, Text, Wheel } kind = Kind::MousePos;
    float x = 0;
    float y = 0;
    int code = 0; // mouse button (ImGui numbering) or DOM keyCode
    bool down = false;
    bool ctrl = false, shift = false, alt = false, super = false;
    std::string text;
};

// Keys that move the caret or edit, and any key pressed with Ctrl/Cmd: their order
// relative to typed text matters.
bool isNavigationKey(int code)
{
    switch (code) {
    case 8:
    case 9:
    case 13:
    case 27:
    case 33:
    case 34:
    case 35:
    case 36:
    case 37:
    case 38:
    case 39:
    case 40:
    case 45:
    case 46: return true;
    default: return false;
    }
}

struct Input {
    std::deque<InputEvent> events;

    // Applies queued events in order, stopping before the first one that would be
    // lost or reordered within this frame.
    void drain(ImGuiIO& io)
    {
        bool keyChanged[512] = {};
        bool buttonChanged[3] = {};
        bool anyButton = false;
        bool text = false;
        bool navigation = false;
        while (!events.empty()) {
            const InputEvent& e = events.front();
            switch (e.kind) {
            case InputEvent::Kind::MousePos:
                if (anyButton)
                    return; // a move after a click waits: the click lands where it was made
                io.MousePos = ImVec2(e.x, e.y);
                break;
            case InputEvent::Kind::MouseButton:
                if (buttonChanged[e.code])
                    return;
                io.MouseDown[e.code] = e.down;
                buttonChanged[e.code] = anyButton = true;
                break;
            case InputEvent::Kind::Key: {
                const bool nav = isNavigationKey(e.code) || e.ctrl || e.super;
                if (keyChanged[e.code] || (e.down && nav && text))
                    return;
                io.KeysDown[e.code] = e.down;
                io.KeyCtrl = e.ctrl;
                io.KeyShift = e.shift;
                io.KeyAlt = e.alt;
                io.KeySuper = e.super;
                keyChanged[e.code] = true;
                navigation |= e.down && nav;
                break;
            }
            case InputEvent::Kind::Text:
                if (navigation)
                    return;
                io.AddInputCharactersUTF8(e.text.c_str());
                text = true;
                break;
            case InputEvent::Kind::Wheel:
                io.MouseWheelH += e.x;
                io.MouseWheel += e.y;
                break;
            }
            events.pop_front();
        }
    }
};

struct WebState {
    WebTransport transport;
    std::unique_ptr<App> app;
    Input input;
    float fontScale = 0;
    const char* fontPath = nullptr;
    int fbWidth = 0;
    int fbHeight = 0;
    int caretX = 0; // where ImGui's text caret is, for the textarea (IME candidates)
    int caretY = 0;
};

WebState* g_state = nullptr;

int imguiButton(unsigned short domButton)
{
    switch (domButton) {
    case 0: return 0; // left
    case 1: return 2; // middle
    case 2: return 1; // right
    default: return -1;
    }
}

EM_BOOL onMouse(int type, const EmscriptenMouseEvent* e, void*)
{
    auto& q = g_state->input.events;
    InputEvent pos;
    pos.kind = InputEvent::Kind::MousePos;
    pos.x = static_cast<float>(e->clientX);
    pos.y = static_cast<float>(e->clientY);
    if (type == EMSCRIPTEN_EVENT_MOUSEMOVE && !q.empty() && q.back().kind == InputEvent::Kind::MousePos)
        q.back() = pos; // coalesce moves
    else
        q.push_back(pos);
    const int b = imguiButton(e->button);
    if (b >= 0 && (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP)) {
        InputEvent button;
        button.kind = InputEvent::Kind::MouseButton;
        button.code = b;
        button.down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
        q.push_back(button);
    }
    // Let the browser move focus on mouse down (the textarea takes it back when needed).
    return type == EMSCRIPTEN_EVENT_MOUSEMOVE ? EM_FALSE : EM_TRUE;
}

EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void*)
{
    const float unit = e->deltaMode == DOM_DELTA_PIXEL ? 100.0f : e->deltaMode == DOM_DELTA_LINE ? 3.0f : 1.0f;
    InputEvent w;
    w.kind = InputEvent::Kind::Wheel;
    w.x = static_cast<float>(-e->deltaX) / unit;
    w.y = static_cast<float>(-e->deltaY) / unit;
    g_state->input.events.push_back(w);
    return EM_TRUE;
}

EM_BOOL onKey(int type, const EmscriptenKeyboardEvent* e, void*)
{
    const int code = static_cast<int>(e->keyCode);
    if (code > 0 && code < 512) {
        InputEvent k;
        k.kind = InputEvent::Kind::Key;
        k.code = code;
        k.down = type == EMSCRIPTEN_EVENT_KEYDOWN;
        k.ctrl = e->ctrlKey;
        k.shift = e->shiftKey;
        k.alt = e->altKey;
        k.super = e->metaKey;
        g_state->input.events.push_back(k);
    }
    if (type != EMSCRIPTEN_EVENT_KEYDOWN)
        return EM_FALSE;
    // Printable keys and Ctrl/Cmd+V must reach the textarea (input and paste events).
    const bool shortcut = (e->ctrlKey || e->metaKey) && code != 86;
    return (isNavigationKey(code) || shortcut) ? EM_TRUE : EM_FALSE;
}

EM_BOOL onResize(int, const EmscriptenUiEvent*, void*)
{
    return EM_FALSE;
}

void setClipboard(void*, const char* text)
{
    crm_ui_set_clipboard(text);
}
const char* getClipboard(void*)
{
    return "";
} // paste arrives as text through the textarea

// True when the canvas changed size (or the pixel ratio did).
bool syncCanvasSize()
{
    ImGuiIO& io = ImGui::GetIO();
    double cssW = 0;
    double cssH = 0;
    emscripten_get_element_css_size("#canvas", &cssW, &cssH);
    const double dpr = emscripten_get_device_pixel_ratio();
    const int fbW = static_cast<int>(std::lround(cssW * dpr));
    const int fbH = static_cast<int>(std::lround(cssH * dpr));
    bool changed = false;
    if (fbW != g_state->fbWidth || fbH != g_state->fbHeight) {
        changed = true;
        emscripten_set_canvas_element_size("#canvas", fbW, fbH);
        g_state->fbWidth = fbW;
        g_state->fbHeight = fbH;
    }
    io.DisplaySize = ImVec2(static_cast<float>(cssW), static_cast<float>(cssH));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(dpr), static_cast<float>(dpr));
    if (static_cast<float>(dpr) != g_state->fontScale) {
        changed = true;
        g_state->fontScale = static_cast<float>(dpr);
        loadFonts(g_state->fontPath, g_state->fontScale);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    return changed;
}

// Frames are drawn while something happens — input, a message from the core, a
// resize, a route or a file from the page — and for a few frames after (Dear ImGui
// settles over several frames, and the test hook publishes a frame's widgets at the
// start of the next); while a button is held; otherwise four times a second while a
// text field has the keyboard (the caret blinks), twice a second else (toasts time out).
// Drawing every display frame kept the main thread so busy in a software-rendered
// browser that each reply of the worker waited about 27 ms to be read; idle, under 4 ms.
constexpr int kSettleFrames = 10;
int g_wakeFrames = kSettleFrames;

void wake()
{
    g_wakeFrames = kSettleFrames;
}

void frame()
{
    ImGuiIO& io = ImGui::GetIO();
    if (syncCanvasSize() || !g_state->input.events.empty() || !g_inbox.empty())
        wake();
    static double lastDrawn = 0;
    const double now = emscripten_get_now();
    const bool held = io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2];
    if (g_wakeFrames <= 0 && !held && now - lastDrawn < (io.WantTextInput ? 250.0 : 500.0))
        return;
    if (g_wakeFrames > 0)
        --g_wakeFrames;
    lastDrawn = now;
    g_state->input.drain(io);
    io.DeltaTime = 1.0f / 60.0f;
    static double last = emscripten_get_now();
    if (now > last)
        io.DeltaTime = static_cast<float>((now - last) / 1000.0);
    last = now;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    g_state->app->frame();
    ImGui::Render();

    crm_ui_text_input_active(io.WantTextInput ? 1 : 0, g_state->caretX, g_state->caretY);

    glViewport(0, 0, g_state->fbWidth, g_state->fbHeight);
    glClearColor(0.97f, 0.97f, 0.98f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

} // namespace

int runWeb(const char* fontPath)
{
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
    if (ctx <= 0) {
        emscripten_log(EM_LOG_ERROR, "CRM Recouvrement needs WebGL2, which this browser refused");
        return 1;
    }
    emscripten_webgl_make_context_current(ctx);

    g_state = new WebState();
    g_state->fontPath = fontPath;
    platform::install({[](const std::string& url) { crm_ui_open_url(url.c_str()); },
        [](const std::string& name, const std::string& mime, const std::string& bytes) {
            crm_ui_save_file(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
            return name;
        },
        [](const std::string& accept) {
            crm_ui_pick_file(accept.c_str());
            return true;
        }});
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.BackendPlatformName = "crm_web_html5";
    io.SetClipboardTextFn = setClipboard;
    io.GetClipboardTextFn = getClipboard;
    io.ImeSetInputScreenPosFn = [](int x, int y) {
        g_state->caretX = x;
        g_state->caretY = y;
    };
    io.KeyMap[ImGuiKey_Tab] = 9;
    io.KeyMap[ImGuiKey_LeftArrow] = 37;
    io.KeyMap[ImGuiKey_RightArrow] = 39;
    io.KeyMap[ImGuiKey_UpArrow] = 38;
    io.KeyMap[ImGuiKey_DownArrow] = 40;
    io.KeyMap[ImGuiKey_PageUp] = 33;
    io.KeyMap[ImGuiKey_PageDown] = 34;
    io.KeyMap[ImGuiKey_Home] = 36;
    io.KeyMap[ImGuiKey_End] = 35;
    io.KeyMap[ImGuiKey_Insert] = 45;
    io.KeyMap[ImGuiKey_Delete] = 46;
    io.KeyMap[ImGuiKey_Backspace] = 8;
    io.KeyMap[ImGuiKey_Space] = 32;
    io.KeyMap[ImGuiKey_Enter] = 13;
    io.KeyMap[ImGuiKey_Escape] = 27;
    io.KeyMap[ImGuiKey_KeyPadEnter] = 13;
    io.KeyMap[ImGuiKey_A] = 65;
    io.KeyMap[ImGuiKey_C] = 67;
    io.KeyMap[ImGuiKey_V] = 86;
    io.KeyMap[ImGuiKey_X] = 88;
    io.KeyMap[ImGuiKey_Y] = 89;
    io.KeyMap[ImGuiKey_Z] = 90;
    App::applyStyle();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    g_state->app = std::make_unique<App>(g_state->transport);
    // The browser's history follows the router: each navigation is an entry, so Back works.
    g_state->app->router().onNavigate
        = [](const Route& route, bool pushed) { crm_ui_set_route(Router::toPath(route).c_str(), pushed ? 1 : 0); };
    crm_ui_install_history(); // calls crm_ui_route with the address now, and on each popstate

    emscripten_set_mousedown_callback("#canvas", nullptr, EM_TRUE, onMouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, onMouse);
    emscripten_set_mousemove_callback("#canvas", nullptr, EM_TRUE, onMouse);
    emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, onWheel);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, onKey);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, onKey);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, onResize);
    crm_ui_install_text_input();

    emscripten_set_main_loop(frame, 0, EM_FALSE);
    return 0;
}

} // namespace crm::app

extern "C" {

// Replies and events from the worker, as JSON text (called by web/page.js).
EMSCRIPTEN_KEEPALIVE void crm_ui_receive(const char* text)
{
    crm::app::g_inbox.emplace_back(text);
    crm::app::wake();
}

// The address the browser shows ("#/clients?client_id=42"): at start, and after Back/Forward.
EMSCRIPTEN_KEEPALIVE void crm_ui_route(const char* path)
{
    if (!crm::app::g_state || !crm::app::g_state->app)
        return;
    auto route = crm::app::Router::fromPath(path);
    if (!route)
        return;
    crm::app::Router& router = crm::app::g_state->app->router();
    auto mirror = std::move(router.onNavigate); // the browser is already there
    router.navigate(*route);
    router.onNavigate = std::move(mirror);
    crm::app::wake();
}

// Text typed, composed or pasted into the hidden textarea.
EMSCRIPTEN_KEEPALIVE void crm_ui_text(const char* text)
{
    if (!crm::app::g_state)
        return;
    crm::app::InputEvent t;
    t.kind = crm::app::InputEvent::Kind::Text;
    t.text = text;
    crm::app::g_state->input.events.push_back(std::move(t));
}

// A file the user picked (a file input, read by the page).
EMSCRIPTEN_KEEPALIVE void crm_ui_file(const char* name, const char* data, int size)
{
    crm::app::platform::filePicked(name, std::string(data, static_cast<std::size_t>(size)));
    crm::app::wake();
}

// Test hook: the widgets of the last frame, {"label": [x, y, w, h]} in CSS pixels.
EMSCRIPTEN_KEEPALIVE const char* crm_ui_test_items()
{
    static std::string items;
    items = crm::app::testhook::itemsJson();
    return items.c_str();
}

} // extern "C"
