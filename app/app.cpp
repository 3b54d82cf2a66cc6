#include "app/app.hpp"

#include "app/i18n.hpp"
#include "app/test_hook.hpp"

#include <imgui.h>

namespace crm::app {

App::App(Transport& transport) : m_store(transport), m_auth(m_store), m_clients(m_store)
{
}

void App::applyStyle()
{
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 0.0f;
    s.FrameRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.PopupRounding = 6.0f;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(10, 7);
    s.CellPadding = ImVec2(8, 4);
    s.WindowPadding = ImVec2(14, 12);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.13f, 0.27f, 0.47f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.84f, 0.89f, 0.97f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.74f, 0.83f, 0.96f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.62f, 0.74f, 0.93f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.80f, 0.87f, 0.96f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.86f, 0.91f, 0.98f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.95f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
    s.FrameBorderSize = 1.0f;
}

void App::frame()
{
    testhook::beginFrame();
    m_store.beginFrame();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar
        | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
    ImGui::Begin("##main", nullptr, flags);
    if (m_store.status() != BackendStatus::Ready) {
        drawMenuBar(nullptr);
        drawStatus();
    } else {
        const json* me = drawAuthGate();
        if (me) {
            drawMenuBar(me);
            m_clients.draw(me->value("role", std::string("agent")));
        }
    }
    ImGui::End();
}

const json* App::drawAuthGate()
{
    // A session that ended while signed in (expiry, sign-out elsewhere): ask again.
    if (m_store.takeSessionLost() && m_signedIn) {
        m_signedIn = false;
        m_store.invalidate("auth.me");
    }
    const QueryEntry& status = m_store.query("auth.status", json::object(), {"users"});
    if (!status.hasResult) {
        drawMenuBar(nullptr);
        return nullptr;
    }
    if (status.result.value("needs_setup", false)) {
        drawMenuBar(nullptr);
        m_auth.drawSetup();
        return nullptr;
    }
    const QueryEntry& me = m_store.query("auth.me", json::object(), {"sessions", "users", "profiles"});
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
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::TextUnformatted(tr("app.title"));
    if (me) {
        ImGui::SameLine(0, 30);
        ImGui::TextUnformatted("·");
        ImGui::SameLine(0, 30);
        ImGui::TextUnformatted(tr("nav.clients"));
    }
    float right = ImGui::GetWindowWidth() - 110.0f;
    if (me) {
        const json& p = me->contains("profile") ? (*me)["profile"] : json::object();
        std::string who = p.value("first_name", "") + " " + p.value("last_name", "");
        if (who == " ")
            who = me->value("email", "");
        const std::string role = std::string("role.") + me->value("role", "agent");
        const std::string label = who + " — " + tr(role.c_str());
        const float signOutWidth = ImGui::CalcTextSize(tr("auth.sign_out")).x + 24.0f;
        right -= ImGui::CalcTextSize(label.c_str()).x + signOutWidth + 36.0f;
        ImGui::SameLine(right);
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        if (ImGui::SmallButton(tr("auth.sign_out"))) {
            m_store.command("auth.logout", json::object(), [this](const json&) {
                m_signedIn = false;
                m_store.invalidate("auth.me");
            });
        }
        ImGui::PopStyleColor();
        right = ImGui::GetWindowWidth() - 110.0f;
    }
    ImGui::SameLine(right);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    const bool fr = language() == Language::Fr;
    ImGui::PushStyleColor(ImGuiCol_Text, fr ? ImVec4(1, 1, 1, 1) : ImVec4(0.7f, 0.77f, 0.88f, 1));
    if (ImGui::SmallButton("FR##lang"))
        setLanguage(Language::Fr);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, !fr ? ImVec4(1, 1, 1, 1) : ImVec4(0.7f, 0.77f, 0.88f, 1));
    if (ImGui::SmallButton("EN##lang"))
        setLanguage(Language::En);
    ImGui::PopStyleColor(2);
    ImGui::PopStyleColor();
    ImGui::EndMenuBar();
}

void App::drawStatus()
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = avail.x > 620 ? 560.0f : avail.x - 40.0f;
    ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f, ImGui::GetCursorPosY() + avail.y * 0.25f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    switch (m_store.status()) {
    case BackendStatus::Starting: ImGui::TextUnformatted(tr("app.starting")); break;
    case BackendStatus::Locked:
        ImGui::TextColored(ImVec4(0.70f, 0.30f, 0.05f, 1), "%s", tr("app.locked.title"));
        testhook::note("notice:locked", tr("app.locked.title"));
        ImGui::Spacing();
        ImGui::TextWrapped("%s", tr("app.locked.body"));
        ImGui::Spacing();
        if (ImGui::Button(tr("app.retry")))
            m_store.retry();
        break;
    case BackendStatus::Fatal:
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", tr("app.fatal"));
        ImGui::TextWrapped("%s", m_store.statusMessage().c_str());
        testhook::note("notice:fatal", m_store.statusMessage().c_str());
        break;
    case BackendStatus::Ready: break;
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

} // namespace crm::app
