#include "app/widgets/actions.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app::widgets {

namespace {

constexpr const char* kOutcomes[] = {"reached", "voicemail", "promise", "refusal", "wrong_number"};

} // namespace

std::string base64Decode(const std::string& text)
{
    std::string bytes;
    bytes.reserve(text.size() * 3 / 4);
    int buffer = 0, bits = 0;
    for (char c : text) {
        const int v = c >= 'A' && c <= 'Z' ? c - 'A'
            : c >= 'a' && c <= 'z'         ? c - 'a' + 26
            : c >= '0' && c <= '9'         ? c - '0' + 52
            : c == '+'                     ? 62
            : c == '/'                     ? 63
                                           : -1;
        if (v < 0)
            continue;
        buffer = (buffer << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return bytes;
}

std::string base64Encode(const std::string& bytes)
{
    static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    b64.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16
            | (i + 1 < bytes.size() ? static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8 : 0u)
            | (i + 2 < bytes.size() ? static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2])) : 0u);
        b64 += kB64[(n >> 18) & 63];
        b64 += kB64[(n >> 12) & 63];
        b64 += i + 1 < bytes.size() ? kB64[(n >> 6) & 63] : '=';
        b64 += i + 2 < bytes.size() ? kB64[n & 63] : '=';
    }
    return b64;
}

// The reason of an action, in the interface's language, from its structured fields.
std::string reasonText(const json& a, bool withRates)
{
    const json& r = a["reason"];
    char buf[512];
    std::snprintf(buf, sizeof buf, tr("relances.reason_due"), formatDate(str(r, "due_on")).c_str(),
        static_cast<long long>(num(r, "offset_days")));
    std::string out = buf;
    if (r.contains("skipped") && !r["skipped"].empty()) {
        std::string names;
        for (const auto& s : r["skipped"])
            names += (names.empty() ? "" : ", ") + s.get<std::string>();
        std::snprintf(buf, sizeof buf, tr("relances.reason_skipped"), names.c_str());
        out += buf;
    }
    if (r.contains("next_step") && r["next_step"].is_string()) {
        std::snprintf(buf, sizeof buf, tr("relances.reason_next"), str(r, "next_step").c_str(),
            formatDate(str(r, "next_on")).c_str());
        out += buf;
    } else {
        out += tr("relances.reason_last");
    }
    for (const auto& h : withRates ? r.value("missing_rates", json::array()) : json::array()) {
        std::snprintf(buf, sizeof buf, tr("relances.reason_no_rate"), h.get<std::string>().c_str());
        out += buf;
    }
    if (!r.value("broken_holds", json::array()).empty())
        out += tr("relances.reason_broken");
    return out;
}

const char* lettersWithheldNotice(const json& byReason, bool canSettings)
{
    const char* open = nullptr;
    char line[300];
    const std::int64_t company = byReason.value("no_company_details", std::int64_t{0});
    if (company > 0) {
        std::snprintf(line, sizeof line, tr("letters.no_company"), static_cast<long long>(company));
        ImGui::TextColored(theme::kWarn, "%s", line);
        testhook::note("letters:no_company", line);
        if (canSettings) {
            ImGui::SameLine();
            if (ImGui::SmallButton(tr("letters.complete")))
                open = "settings";
        }
    }
    const std::int64_t address = byReason.value("no_address", std::int64_t{0});
    if (address > 0) {
        std::snprintf(line, sizeof line, tr("letters.no_address"), static_cast<long long>(address));
        ImGui::TextColored(theme::kWarn, "%s", line);
        testhook::note("letters:no_address", line);
    }
    return open;
}

void deliverAction(Store& store, std::int64_t actionId, const char* format)
{
    store.command("relance.deliver", {{"id", actionId}, {"format", format}}, [](const json& reply) {
        if (reply.contains("error")) {
            toastError(reply["error"]);
            return;
        }
        const json& r = reply["result"];
        if (str(r, "kind") == "link") {
            platform::openUrl(str(r, "url"));
            return;
        }
        const std::string where
            = platform::saveFile(str(r, "name"), str(r, "mime_type"), base64Decode(str(r, "content_base64")));
        char buf[512];
        std::snprintf(buf, sizeof buf, tr("relances.saved"), where.c_str());
        toast(buf);
    });
}

void CallOutcomes::pick(Store& store, const std::string& method, const json& params, const char* outcome)
{
    if (std::string(outcome) == "promise") {
        m_method = method;
        m_params = params;
        m_open = true;
        m_error.clear();
        m_date[0] = m_amount[0] = '\0';
        ImGui::OpenPopup("##promise");
        return;
    }
    json p = params;
    p["outcome"] = outcome;
    const std::string done = outcome;
    store.command(method, p, [this, done](const json& reply) {
        if (reply.contains("error")) {
            toastError(reply["error"]);
            return;
        }
        toast(tr(("outcome." + done).c_str()));
        if (onLogged)
            onLogged(done);
    });
}

void CallOutcomes::buttons(Store& store, const std::string& method, const json& params, const std::string& suffix)
{
    int k = 1;
    for (const char* outcome : kOutcomes) {
        const std::string label = std::string(tr(("outcome." + std::string(outcome)).c_str())) + suffix;
        if (ImGui::SmallButton(label.c_str()))
            pick(store, method, params, outcome);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s %d", tr("help.key"), k);
        ++k;
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void CallOutcomes::shortcuts(Store& store, const std::string& method, const json& params)
{
    if (ImGui::GetIO().WantTextInput || m_open)
        return;
    for (int k = 0; k < 5; ++k) {
        const ImWchar digit = static_cast<ImWchar>('1' + k);
        for (int i = 0; i < ImGui::GetIO().InputQueueCharacters.Size; ++i)
            if (ImGui::GetIO().InputQueueCharacters[i] == digit) {
                pick(store, method, params, kOutcomes[k]);
                return;
            }
    }
}

void telLink(const std::string& phone, const std::string& suffix)
{
    if (!phone.empty() && ImGui::SmallButton((phone + suffix).c_str()))
        platform::openUrl("tel:" + phone);
}

void CallOutcomes::task(Store& store, const json& task, const std::string& suffix, bool keys)
{
    const json params = {{"id", num(task, "id")}};
    if (str(task, "kind") == "litigation") {
        if (ImGui::SmallButton((std::string(tr("outcome.handed_over")) + suffix).c_str()))
            store.command("task.done", {{"id", num(task, "id")}, {"outcome", "handed_over"}}, [](const json& reply) {
                if (reply.contains("error"))
                    toastError(reply["error"]);
            });
        return;
    }
    buttons(store, "task.done", params, suffix);
    if (keys)
        shortcuts(store, "task.done", params);
}

void CallOutcomes::drawPromiseForm(Store& store)
{
    if (!ImGui::BeginPopupModal("##promise", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::TextUnformatted(tr("relances.promise_title"));
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("relances.promise_date"));
    std::string iso;
    ImGui::SetNextItemWidth(160);
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    dateInput("##promise-date", m_date, sizeof m_date, iso);
    iso = parseDate(m_date);
    const bool enter = formField(
        tr("relances.promise_amount"), "##promise-amount", "promise_amount_cents", m_amount, sizeof m_amount, m_error);
    formError(m_error, {"promise_amount_cents"});
    ImGui::Spacing();
    if (ImGui::Button(tr("relances.promise_save")) || enter) {
        json p = m_params;
        p["outcome"] = "promise";
        p["promise_date"] = iso;
        const auto cents = parseAmount(m_amount);
        if (m_amount[0] != '\0' && !cents) {
            m_error.set({{"code", "validation"}, {"reason", "invalid_amount"}, {"field", "promise_amount_cents"}});
        } else {
            if (cents)
                p["promise_amount_cents"] = *cents;
            store.command(m_method, p, [this](const json& reply) {
                if (reply.contains("error")) {
                    m_error.set(reply["error"]);
                    return;
                }
                m_open = false;
                toast(tr("relances.promise_saved"));
                if (onLogged)
                    onLogged("promise");
            });
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        m_open = false;
    if (!m_open)
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace crm::app::widgets
