#include "app/views/view_auth.hpp"

#include "app/i18n.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstring>

namespace crm::app {

namespace {

// Centres a panel of `width` and returns true when there is room.
void beginPanel(float width)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = avail.x > width + 40 ? width : avail.x - 20;
    ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - w) * 0.5f, ImGui::GetCursorPosY() + avail.y * 0.12f));
    ImGui::BeginChild("##auth-panel", ImVec2(w, 0), false);
}

} // namespace

bool ViewAuth::field(const char* labelKey, const char* id, const char* name, char* buf, std::size_t size, bool password)
{
    return widgets::formField(
        tr(labelKey), id, name, buf, size, m_error, password ? widgets::FieldKind::Password : widgets::FieldKind::Text);
}

void ViewAuth::login()
{
    m_busy = true;
    m_error.clear();
    m_store.command("auth.login", {{"email", m_email}, {"password", m_password}}, [this](const json& reply) {
        m_busy = false;
        if (reply.contains("error")) {
            m_error.set(reply["error"], "password");
            return;
        }
        std::memset(m_password, 0, sizeof m_password);
        std::memset(m_confirm, 0, sizeof m_confirm);
    });
}

void ViewAuth::drawSetup()
{
    beginPanel(460);
    ImGui::TextUnformatted(tr("setup.title"));
    ImGui::Separator();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool submit = field("setup.first_name", "##setup-first-name", "first_name", m_firstName, sizeof m_firstName, false);
    submit |= field("setup.last_name", "##setup-last-name", "last_name", m_lastName, sizeof m_lastName, false);
    submit |= field("auth.email", "##setup-email", "email", m_email, sizeof m_email, false);
    submit |= field("auth.password", "##setup-password", "password", m_password, sizeof m_password, true);
    submit |= field("setup.confirm", "##setup-confirm", "confirm", m_confirm, sizeof m_confirm, true);
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.password_rule"));
    widgets::formError(m_error, {"first_name", "last_name", "email", "password", "confirm"});
    ImGui::Spacing();
    ImGui::BeginDisabled(m_busy);
    if (ImGui::Button(tr("setup.create")) || submit) {
        m_error.clear();
        if (std::strcmp(m_password, m_confirm) != 0) {
            m_error.field = "confirm";
            m_error.text = tr("err.mismatch");
        } else {
            m_busy = true;
            m_store.command("auth.setup",
                {{"email", m_email}, {"password", m_password}, {"first_name", m_firstName}, {"last_name", m_lastName},
                    {"language", language() == Language::Fr ? "fr" : "en"}},
                [this](const json& reply) {
                    m_busy = false;
                    if (reply.contains("error")) {
                        m_error.set(reply["error"]);
                        return;
                    }
                    login(); // straight in
                });
        }
    }
    ImGui::EndDisabled();

    // Or look around first: the demo portfolio, signed in as its administrator.
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.demo_hint"));
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(m_busy || m_demo != 0);
    if (ImGui::Button(tr("setup.demo"))) {
        m_error.clear();
        m_demo = m_store.command("demo.portfolio", json::object(), [this](const json& reply) {
            m_demo = 0;
            if (reply.contains("error")) {
                widgets::toastError(reply["error"]);
                return;
            }
            const json& r = reply["result"];
            std::snprintf(m_email, sizeof m_email, "%s", r.value("email", "").c_str());
            std::snprintf(m_password, sizeof m_password, "%s", r.value("password", "").c_str());
            char buf[256];
            std::snprintf(buf, sizeof buf, tr("setup.demo_loaded"), m_email, m_password);
            widgets::toast(buf);
            login();
        });
    }
    ImGui::EndDisabled();
    if (m_demo != 0)
        widgets::progressWithCancel(m_store, m_demo, 300, "progress:demo", tr("relances.cancel"));
    ImGui::EndChild();
}

void ViewAuth::drawLogin()
{
    beginPanel(400);
    ImGui::TextUnformatted(tr("auth.title"));
    ImGui::Separator();
    ImGui::Spacing();
    bool submit = field("auth.email", "##login-email", "email", m_email, sizeof m_email, false);
    submit |= field("auth.password", "##login-password", "password", m_password, sizeof m_password, true);
    widgets::formError(m_error, {"email", "password"});
    ImGui::BeginDisabled(m_busy);
    if (ImGui::Button(tr("auth.sign_in")) || submit)
        login();
    ImGui::EndDisabled();
    ImGui::EndChild();
}

} // namespace crm::app
