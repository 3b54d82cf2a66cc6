#include "app/app.hpp"

#include "app/i18n.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace crm::app {

namespace {

// The navigation bar's layout: the languages and help at the right end, the sign-out
// (and the user's name) before them, the screens from the left.
constexpr float kRightCluster = 110.0f;   // "?", FR, EN from the right edge
constexpr float kBeforeSignOut = 62.0f;   // between the sign-out and that cluster
constexpr float kNavigationStart = 20.0f; // before the first screen
constexpr float kBarGap = 10.0f;          // between two screens

float signOutWidth()
{
    return ImGui::CalcTextSize(tr("auth.sign_out")).x + 24.0f;
}

} // namespace

App::App(Transport& transport) : m_store(transport), m_auth(m_store), m_views(makeViews())
{
}

void App::applyStyle()
{
    theme::apply();
}

void App::frame()
{
    testhook::beginFrame();
    m_store.beginFrame();
    // Alt+← / Alt+→ walk the history (the browser's own buttons do too).
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
        m_router.back();
    if (io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
        m_router.forward();
    // "?" outside a text field shows the shortcuts.
    if (!io.WantTextInput)
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
            if (io.InputQueueCharacters[i] == '?')
                m_help = !m_help;

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar
        | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
    ImGui::Begin("##main", nullptr, flags);
    drawUpdateBanner();
    if (m_store.status() != BackendStatus::Ready) {
        drawMenuBar(nullptr);
        drawStatus();
    } else if (const json* me = drawAuthGate()) {
        drawMenuBar(me);
        ViewContext ctx{m_store, m_router, *me};
        const View* refused = nullptr;
        if (View* view = currentView(ctx, refused))
            view->draw(ctx);
        else if (refused)
            drawRefused(ctx, *refused);
    }
    ImGui::End();
    if (m_help)
        drawHelp();
    widgets::drawToasts();
}

// A new build of the site is ready: offered, never forced (a command may be running).
void App::drawUpdateBanner()
{
    if (!m_store.updateAvailable())
        return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kOk, "%s", tr(m_store.updating() ? "app.updating" : "app.update"));
    testhook::note("notice:update", tr(m_store.updating() ? "app.updating" : "app.update"));
    if (!m_store.updating()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("app.update_now")))
            m_store.applyUpdate();
    }
    ImGui::Separator();
}

void App::drawHelp()
{
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetMainViewport()->WorkSize.x - 460, 40), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(440, 0), ImGuiCond_Appearing);
    if (!ImGui::Begin(tr("help.title"), &m_help, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    static const std::pair<const char*, const char*> kKeys[] = {{"Tab / Maj+Tab", "help.fields"},
        {"Entrée", "help.enter"}, {"Échap", "help.escape"}, {"Alt+← / Alt+→", "help.history"},
        {"↑ / ↓", "help.calls_pick"}, {"1 … 5", "help.calls_outcome"}, {"?", "help.toggle"}};
    if (ImGui::BeginTable("##help-keys", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        for (const auto& [keys, what] : kKeys) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(keys);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", tr(what));
        }
        ImGui::EndTable();
    }
    testhook::note("help", tr("help.title"));
    ImGui::TextColored(theme::kMuted, "%s", tr("help.amounts"));
    ImGui::End();
}

View* App::currentView(ViewContext& ctx, const View*& refused)
{
    View* first = nullptr;
    View* home = nullptr;
    for (auto& v : m_views) {
        if (!ctx.can(v->capability())) {
            if (m_router.current().view == v->id())
                refused = v.get();
            continue;
        }
        if (!first && v->inNavigation())
            first = v.get();
        if (!home && v->inNavigation() && v->isHome(ctx))
            home = v.get();
        if (m_router.current().view == v->id())
            return v.get();
    }
    if (refused)
        return nullptr;
    if (home)
        first = home;
    // Unknown, or not for this user: the first screen the user may see (a redirect, not
    // a step in the history).
    if (first && m_router.current().view != first->id())
        m_router.replace({first->id(), json::object()});
    return first;
}

// A screen the user's role does not open (its address typed or kept from another
// session): said plainly, with the way home; the services refuse its commands anyway.
void App::drawRefused(ViewContext& ctx, const View& view)
{
    testhook::note("view:refused", view.id());
    ImGui::Spacing();
    ImGui::TextColored(theme::kError, "%s", tr("app.refused.title"));
    char text[300];
    std::snprintf(text, sizeof text, tr("app.refused.body"), tr(view.titleKey()),
        tr(("role." + ctx.me.value("role", "agent")).c_str()));
    ImGui::TextWrapped("%s", text);
    testhook::note("refused:text", text);
    ImGui::Spacing();
    if (ImGui::Button(tr("app.refused.home")))
        m_router.navigate({"", json::object()}); // no screen: the user's home
}

const json* App::drawAuthGate()
{
    // A session that ended while signed in (expiry, sign-out elsewhere): ask again.
    if (m_store.takeSessionLost() && m_signedIn) {
        m_signedIn = false;
        m_store.invalidate("auth.me");
    }
    const QueryEntry& status = m_store.query("auth.status", json::object());
    if (!status.hasResult) {
        drawMenuBar(nullptr);
        return nullptr;
    }
    if (status.result.value("needs_setup", false)) {
        drawMenuBar(nullptr);
        m_auth.drawSetup();
        return nullptr;
    }
    const QueryEntry& me = m_store.query("auth.me", json::object());
    if (!me.error.is_null() || (!me.hasResult && !me.loading)) {
        drawMenuBar(nullptr);
        m_auth.drawLogin();
        return nullptr;
    }
    if (!me.hasResult) {
        drawMenuBar(nullptr);
        return nullptr;
    }
    m_signedIn = true;
    // Apply the user's language once per sign-in; the FR/EN switch still works after.
    const std::int64_t id = me.result.value("id", std::int64_t{0});
    if (id != m_languageFromUser) {
        m_languageFromUser = id;
        const std::string lang = me.result.contains("profile") ? me.result["profile"].value("language", "fr") : "fr";
        setLanguage(lang == "en" ? Language::En : Language::Fr);
    }
    return &me.result;
}

void App::drawMenuBar(const json* me)
{
    if (!ImGui::BeginMenuBar())
        return;
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kBarText);
    // The product's name, when the screens, the sign-out and the languages leave room.
    float navigation = 0;
    if (me) {
        ViewContext ctx{m_store, m_router, *me};
        for (const View* v : barViews(ctx))
            navigation += ImGui::CalcTextSize(tr(v->titleKey())).x + ImGui::GetStyle().FramePadding.x * 2 + kBarGap;
        if (!menuViews(ctx).empty())
            navigation += ImGui::CalcTextSize(tr("nav.manage")).x + ImGui::GetStyle().FramePadding.x * 2 + kBarGap;
        navigation += signOutWidth() + kBeforeSignOut + kRightCluster + kNavigationStart;
    }
    if (navigation + ImGui::CalcTextSize(tr("app.title")).x + 20 < ImGui::GetWindowWidth())
        ImGui::TextUnformatted(tr("app.title"));
    else
        ImGui::Dummy(ImVec2(0, 0)); // the line's first item: the navigation follows it
    if (me)
        drawNavigation(*me);
    float right = ImGui::GetWindowWidth() - kRightCluster;
    if (me) {
        const json& p = me->contains("profile") ? (*me)["profile"] : json::object();
        std::string who = p.value("first_name", "") + " " + p.value("last_name", "");
        if (who == " ")
            who = me->value("email", "");
        const std::string role = std::string("role.") + me->value("role", "agent");
        std::string label = who + " — " + tr(role.c_str());
        const float signOut = signOutWidth();
        // Where the navigation ends: a narrow window drops the role, then the name.
        const float navEnd = ImGui::GetCursorPosX() + 12.0f;
        const auto start = [&](const std::string& text) {
            return right - (text.empty() ? 0.0f : ImGui::CalcTextSize(text.c_str()).x + 8.0f) - signOut
                - kBeforeSignOut;
        };
        if (start(label) < navEnd)
            label = who;
        if (start(label) < navEnd)
            label.clear();
        right = std::max(start(label), navEnd); // never over the navigation
        ImGui::SameLine(right);
        if (!label.empty()) {
            ImGui::TextUnformatted(label.c_str());
            ImGui::SameLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        if (ImGui::SmallButton(tr("auth.sign_out"))) {
            m_store.command("auth.logout", json::object(), [this](const json&) {
                m_signedIn = false;
                m_store.invalidate("auth.me");
            });
        }
        ImGui::PopStyleColor();
        right = ImGui::GetWindowWidth() - kRightCluster;
    }
    ImGui::SameLine(right - 34);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (ImGui::SmallButton("?##help"))
        m_help = !m_help;
    ImGui::SameLine(right);
    const bool fr = language() == Language::Fr;
    ImGui::PushStyleColor(ImGuiCol_Text, fr ? theme::kBarText : theme::kBarTextDim);
    if (ImGui::SmallButton("FR##lang"))
        setLanguage(Language::Fr);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, !fr ? theme::kBarText : theme::kBarTextDim);
    if (ImGui::SmallButton("EN##lang"))
        setLanguage(Language::En);
    ImGui::PopStyleColor(2);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ImGui::EndMenuBar();
}

void App::drawNavigation(const json& me)
{
    ViewContext ctx{m_store, m_router, me};
    ImGui::SameLine(0, kNavigationStart);
    std::string lit = m_router.current().view;
    for (auto& v : m_views)
        if (lit == v->id())
            lit = v->navigationId();
    for (View* v : barViews(ctx)) {
        const bool here = lit == v->id();
        ImGui::PushStyleColor(ImGuiCol_Text, here ? theme::kBarText : theme::kBarTextDim);
        ImGui::PushStyleColor(ImGuiCol_Button, here ? theme::kBarCurrent : ImVec4(0, 0, 0, 0));
        const std::string label = std::string(tr(v->titleKey())) + "##nav-" + v->id();
        if (ImGui::SmallButton(label.c_str()))
            m_router.navigate({v->id(), json::object()});
        ImGui::PopStyleColor(2);
        ImGui::SameLine(0, kBarGap);
    }
    const std::vector<View*> menu = menuViews(ctx);
    if (menu.empty())
        return;
    const bool inMenu = std::any_of(menu.begin(), menu.end(), [&](const View* v) { return lit == v->id(); });
    ImGui::PushStyleColor(ImGuiCol_Text, inMenu ? theme::kBarText : theme::kBarTextDim);
    const std::string title = std::string(tr("nav.manage")) + "##nav-menu";
    if (ImGui::BeginMenu(title.c_str())) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
        for (View* v : menu) {
            const std::string label = std::string(tr(v->titleKey())) + "##nav-" + v->id();
            if (ImGui::MenuItem(label.c_str(), nullptr, lit == v->id()))
                m_router.navigate({v->id(), json::object()});
        }
        ImGui::PopStyleColor();
        ImGui::EndMenu();
    }
    ImGui::PopStyleColor();
    ImGui::SameLine(0, kBarGap);
}

std::vector<View*> App::barViews(const ViewContext& ctx) const
{
    std::vector<View*> out;
    for (const auto& v : m_views)
        if (ctx.can(v->capability()) && v->inNavigation() && !v->inManageMenu())
            out.push_back(v.get());
    return out;
}

std::vector<View*> App::menuViews(const ViewContext& ctx) const
{
    std::vector<View*> out;
    for (const auto& v : m_views)
        if (ctx.can(v->capability()) && v->inNavigation() && v->inManageMenu())
            out.push_back(v.get());
    return out;
}

void App::drawStatus()
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = avail.x > 620 ? 560.0f : avail.x - 40.0f;
    ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f, ImGui::GetCursorPosY() + avail.y * 0.25f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    switch (m_store.status()) {
    case BackendStatus::Starting:
        ImGui::TextUnformatted(tr(m_store.statusMessage() == "taking-over" ? "app.taking_over" : "app.starting"));
        testhook::note("notice:starting", m_store.statusMessage().c_str());
        break;
    case BackendStatus::Locked: {
        // Refused at start (another tab owns the database), or handed over to another tab.
        const bool released = m_store.statusMessage() == "released";
        const char* title = tr(released ? "app.released.title" : "app.locked.title");
        ImGui::TextColored(theme::kWarn, "%s", title);
        testhook::note(released ? "notice:released" : "notice:locked", title);
        ImGui::Spacing();
        ImGui::TextWrapped("%s", tr(released ? "app.released.body" : "app.locked.body"));
        ImGui::Spacing();
        if (ImGui::Button(tr(released ? "app.take_back" : "app.take_over")))
            m_store.retry();
        break;
    }
    case BackendStatus::Fatal:
        ImGui::TextColored(theme::kError, "%s", tr("app.fatal"));
        ImGui::TextWrapped("%s", m_store.statusMessage().c_str());
        testhook::note("notice:fatal", m_store.statusMessage().c_str());
        break;
    case BackendStatus::Ready: break;
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

} // namespace crm::app
