#include "app/views/view_auth.hpp"

#include "app/i18n.hpp"
#include "app/test_hook.hpp"

#include <imgui.h>

#include <cstring>

namespace crm::app {

namespace {

const ImVec4 kErrorColour(0.78f, 0.12f, 0.12f, 1.0f);
const ImVec4 kMutedColour(0.42f, 0.45f, 0.50f, 1.0f);

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
    ImGui::TextUnformatted(tr(labelKey));
    ImGui::SetNextItemWidth(-1);
    const bool hasError = m_errorField == name;
    if (hasError)
        ImGui::PushStyleColor(ImGuiCol_Border, kErrorColour);
    const ImGuiInputTextFlags flags
        = ImGuiInputTextFlags_EnterReturnsTrue | (password ? ImGuiInputTextFlags_Password : 0);
    const bool enter = ImGui::InputText(id, buf, size, flags);
    if (hasError) {
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColour, "%s", m_errorText.c_str());
        ImGui::PopTextWrapPos();
        testhook::note((std::string("error:") + name).c_str(), m_errorText.c_str());
    }
    ImGui::Spacing();
    return enter;
}

void ViewAuth::login()
{
    m_busy = true;
    m_errorField.clear();
    m_errorText.clear();
    m_store.command("auth.login", {{"email", m_email}, {"password", m_password}}, [this](const json& reply) {
        m_busy = false;
        if (reply.contains("error")) {
            const json& e = reply["error"];
            m_errorField = e.value("field", std::string("password"));
            m_errorText = errorText(e.value("code", ""), e.value("reason", ""), m_errorField);
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
    ImGui::TextColored(kMutedColour, "%s", tr("setup.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool submit = field("setup.first_name", "##setup-first-name", "first_name", m_firstName, sizeof m_firstName, false);
    submit |= field("setup.last_name", "##setup-last-name", "last_name", m_lastName, sizeof m_lastName, false);
    submit |= field("auth.email", "##setup-email", "email", m_email, sizeof m_email, false);
    submit |= field("auth.password", "##setup-password", "password", m_password, sizeof m_password, true);
    submit |= field("setup.confirm", "##setup-confirm", "confirm", m_confirm, sizeof m_confirm, true);
    ImGui::TextColored(kMutedColour, "%s", tr("setup.password_rule"));
    ImGui::Spacing();
    ImGui::BeginDisabled(m_busy);
    if (ImGui::Button(tr("setup.create")) || submit) {
        m_errorField.clear();
        if (std::strcmp(m_password, m_confirm) != 0) {
            m_errorField = "confirm";
            m_errorText = tr("err.mismatch");
        } else {
            m_busy = true;
            m_store.command("auth.setup",
                {{"email", m_email}, {"password", m_password}, {"first_name", m_firstName}, {"last_name", m_lastName},
                    {"language", language() == Language::Fr ? "fr" : "en"}},
                [this](const json& reply) {
                    m_busy = false;
                    if (reply.contains("error")) {
                        const json& e = reply["error"];
                        m_errorField = e.value("field", "");
                        m_errorText = errorText(e.value("code", ""), e.value("reason", ""), m_errorField);
                        return;
                    }
                    login(); // straight in
                });
        }
    }
    ImGui::EndDisabled();
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
    if (!m_errorText.empty() && m_errorField != "email" && m_errorField != "password") {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColour, "%s", m_errorText.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::BeginDisabled(m_busy);
    if (ImGui::Button(tr("auth.sign_in")) || submit)
        login();
    ImGui::EndDisabled();
    ImGui::EndChild();
}

} // namespace crm::app
