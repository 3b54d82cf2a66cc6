#include "app/widgets/widgets.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <set>

namespace crm::app::widgets {

// [SECTION] index: fields, cells, dates, dialogs, toasts, PagedTable

// [SECTION] fields

void FieldError::set(const json& error, const std::string& fallbackField)
{
    field = error.value("field", fallbackField);
    text = errorText(error.value("code", ""), error.value("reason", ""), field);
}

bool formField(const char* label, const char* id, const char* name, char* buf, std::size_t size, const FieldError& err,
    FieldKind kind)
{
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    const bool hasError = err.on(name);
    if (hasError)
        ImGui::PushStyleColor(ImGuiCol_Border, theme::kError);
    bool enter = false;
    if (kind == FieldKind::Multiline) {
        ImGui::InputTextMultiline(id, buf, size, ImVec2(-1, ImGui::GetTextLineHeight() * 3.6f));
    } else {
        const ImGuiInputTextFlags flags
            = ImGuiInputTextFlags_EnterReturnsTrue | (kind == FieldKind::Password ? ImGuiInputTextFlags_Password : 0);
        enter = ImGui::InputText(id, buf, size, flags);
    }
    if (hasError) {
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kError, "%s", err.text.c_str());
        ImGui::PopTextWrapPos();
        testhook::note((std::string("error:") + name).c_str(), err.text.c_str());
    }
    ImGui::Spacing();
    return enter;
}

void formError(const FieldError& err, const std::vector<const char*>& shownFields)
{
    if (err.text.empty())
        return;
    if (std::any_of(shownFields.begin(), shownFields.end(), [&](const char* f) { return err.on(f); }))
        return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kError, "%s", err.text.c_str());
    ImGui::PopTextWrapPos();
    testhook::note("error:form", err.text.c_str());
}

// [SECTION] cells

void moneyCell(std::int64_t cents, const std::string& currency, bool overdueColour, const char* noteLabel)
{
    const std::string amount = formatMoney(cents, currency);
    const float w = ImGui::CalcTextSize(amount.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - w));
    if (overdueColour && cents > 0)
        ImGui::TextColored(theme::kOverdue, "%s", amount.c_str());
    else
        ImGui::TextUnformatted(amount.c_str());
    if (noteLabel)
        testhook::note(noteLabel, amount.c_str());
}

void dateCell(const std::string& iso)
{
    ImGui::TextUnformatted(formatDate(iso).c_str());
}

void statusBadge(const std::string& status)
{
    ImVec4 colour = theme::kMuted;
    if (status == "paid")
        colour = theme::kOk;
    else if (status == "disputed")
        colour = theme::kWarn;
    else if (status == "open" || status == "partially_paid")
        colour = ImVec4(0.13f, 0.27f, 0.47f, 1.0f);
    const std::string key = "status." + status;
    ImGui::TextColored(colour, "● %s", tr(key.c_str()));
}

// [SECTION] dates

std::string parseDate(const std::string& text)
{
    return fmt::readDate(text).value_or("");
}

std::optional<std::int64_t> parseAmount(const std::string& text)
{
    return fmt::readAmount(text);
}

bool dateInput(const char* id, char* buf, std::size_t size, std::string& iso)
{
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("00/00/0000").x + 24.0f);
    const bool changed = ImGui::InputTextWithHint(id, tr("date.hint"), buf, size);
    iso = parseDate(buf);
    if (buf[0] != '\0' && iso.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kError, "%s", tr("err.invalid_date"));
    }
    return changed;
}

// [SECTION] dialogs

void valueCombo(const char* id, const char* prefix, const char* anyKey, const char* const* values, int count,
    int& index, float width)
{
    auto text = [&](int k) { return k == 0 ? tr(anyKey) : tr((std::string(prefix) + values[k]).c_str()); };
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, text(index))) {
        for (int k = 0; k < count; ++k)
            if (ImGui::Selectable(text(k), k == index))
                index = k;
        ImGui::EndCombo();
    }
}

bool choice(
    const char* id, const char* prefix, const std::vector<std::string>& values, std::string& chosen, float width)
{
    auto text = [&](const std::string& v) { return prefix ? std::string(tr((prefix + v).c_str())) : v; };
    const std::string shown = text(chosen);
    ImGui::SetNextItemWidth(width);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    testhook::mark(id, at.x, at.y, at.x + ImGui::CalcItemWidth(), at.y + ImGui::GetFrameHeight(), shown.c_str());
    bool changed = false;
    if (ImGui::BeginCombo(id, shown.c_str())) {
        for (const auto& v : values)
            if (ImGui::Selectable((text(v) + id + "-" + v).c_str(), v == chosen) && v != chosen) {
                chosen = v;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

std::int64_t pager(const char* id, std::int64_t page, std::int64_t pageSize, std::int64_t total)
{
    if (total <= pageSize)
        return 0;
    const std::int64_t pages = (total + pageSize - 1) / pageSize;
    page = std::min(page, pages - 1);
    ImGui::PushID(id);
    ImGui::BeginDisabled(page == 0);
    if (ImGui::SmallButton(tr("pager.previous")))
        --page;
    ImGui::EndDisabled();
    ImGui::SameLine();
    char buf[128];
    std::snprintf(buf, sizeof buf, tr("pager.page"), static_cast<long long>(page * pageSize + 1),
        static_cast<long long>(std::min(total, (page + 1) * pageSize)), static_cast<long long>(total));
    ImGui::TextColored(theme::kMuted, "%s", buf);
    testhook::note((std::string("pager:") + id).c_str(), buf);
    ImGui::SameLine();
    ImGui::BeginDisabled(page + 1 >= pages);
    if (ImGui::SmallButton(tr("pager.next")))
        ++page;
    ImGui::EndDisabled();
    ImGui::PopID();
    return page;
}

void emptyState(const char* text, const char* hook)
{
    ImGui::Dummy(ImVec2(0, 20));
    ImGui::TextColored(theme::kMuted, "%s", text);
    testhook::note(hook, text);
}

void userChoice(const char* id, const json& users, std::int64_t& chosen, const char* zeroKey)
{
    std::string shown = chosen < 0 ? tr("team.choose") : chosen == 0 ? tr(zeroKey) : std::string();
    for (const auto& u : users)
        if (u.value("id", std::int64_t{0}) == chosen)
            shown = displayName(u);
    // Where the combo goes, for the tests' hands (ImGui 1.86 does not report combos).
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::CalcItemWidth();
    testhook::mark(id, at.x, at.y, at.x + width, at.y + ImGui::GetFrameHeight(), shown.c_str());
    if (ImGui::BeginCombo(id, shown.c_str())) {
        if (ImGui::Selectable(tr(zeroKey), chosen == 0))
            chosen = 0;
        for (const auto& u : users) {
            const std::int64_t uid = u.value("id", std::int64_t{0});
            if (u.value("active", true)
                && ImGui::Selectable((displayName(u) + "##" + std::to_string(uid)).c_str(), chosen == uid))
                chosen = uid;
        }
        ImGui::EndCombo();
    }
}

std::string displayName(const json& user)
{
    const json& p = user.contains("profile") && user["profile"].is_object() ? user["profile"] : json::object();
    std::string name = p.value("first_name", "");
    const std::string last = p.value("last_name", "");
    if (!last.empty())
        name += (name.empty() ? "" : " ") + last;
    return name.empty() ? user.value("email", "") : name;
}

std::string userName(Store& store, std::int64_t id)
{
    const QueryEntry& users = store.query("user.list", json::object());
    if (users.hasResult)
        for (const auto& u : users.result["rows"])
            if (u.value("id", std::int64_t{0}) == id)
                return displayName(u);
    return "#" + std::to_string(id);
}

bool collectorCombo(Store& store, const char* id, std::int64_t& collector, float width)
{
    const std::int64_t before = collector;
    const std::string current = collector < 0 ? tr("today.team")
        : collector == 0                      ? tr("today.unassigned")
                                              : userName(store, collector);
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, current.c_str())) {
        if (ImGui::Selectable(tr("today.team"), collector < 0))
            collector = -1;
        if (ImGui::Selectable(tr("today.unassigned"), collector == 0))
            collector = 0;
        const QueryEntry& users = store.query("user.list", json::object());
        if (users.hasResult)
            for (const auto& u : users.result["rows"]) {
                const std::int64_t uid = u.value("id", std::int64_t{0});
                if (ImGui::Selectable(
                        (u.value("email", "") + "##user-" + std::to_string(uid)).c_str(), uid == collector))
                    collector = uid;
            }
        ImGui::EndCombo();
    }
    return collector != before;
}

void setCollectorFilter(nlohmann::json& params, std::int64_t collector)
{
    if (collector >= 0)
        params["collector_id"] = collector > 0 ? nlohmann::json(collector) : nlohmann::json();
}

void collectorFigures(const json& line)
{
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(line.value("clients", std::int64_t{0})));
    ImGui::TableNextColumn();
    moneyCell(line.value("open_cents", std::int64_t{0}));
    ImGui::TableNextColumn();
    moneyCell(line.value("overdue_cents", std::int64_t{0}), "EUR", true);
    ImGui::TableNextColumn();
    moneyCell(line.value("collected_cents", std::int64_t{0}));
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(line.value("actions", std::int64_t{0})));
}

void invoiceRow(const json& i, bool withClient, const std::function<void()>& open)
{
    const std::string number = i.value("number", "");
    const std::string currency = i.value("currency", "EUR");
    if (ImGui::Selectable((number + "##invoice-" + std::to_string(i.value("id", std::int64_t{0}))).c_str(), false,
            ImGuiSelectableFlags_SpanAllColumns))
        open();
    if (withClient) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.value("client_name", "").c_str());
    }
    ImGui::TableNextColumn();
    dateCell(i.value("issue_date", ""));
    ImGui::TableNextColumn();
    dateCell(i.value("due_date", ""));
    ImGui::TableNextColumn();
    moneyCell(i.value("amount_cents", std::int64_t{0}), currency);
    ImGui::TableNextColumn();
    moneyCell(i.value("open_cents", std::int64_t{0}), currency, false, ("open:" + number).c_str());
    ImGui::TableNextColumn();
    const std::string status = i.value("status", "");
    statusBadge(status);
    testhook::note(("status:" + number).c_str(), status.c_str());
    if (i.value("held", false)) { // a promise, a plan or a stop holds its reminders
        ImGui::SameLine();
        ImGui::TextColored(theme::kWarn, "%s", tr("page.held"));
        testhook::note(("held:" + number).c_str(), tr("page.held"));
    }
}

bool queryReady(const QueryEntry& q)
{
    if (!q.error.is_null()) {
        ImGui::TextColored(theme::kError, "%s",
            errorText(q.error.value("code", ""), q.error.value("reason", ""), q.error.value("field", "")).c_str());
        return false;
    }
    if (!q.hasResult) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        return false;
    }
    return true;
}

void exportCsvButton(Store& store, const char* id, const char* list, const json& filters, const char* fileName)
{
    ImGui::PushID(id);
    ImGui::BeginDisabled(store.sending("list.export_csv", {{"list", list}})); // this list's export is on its way
    if (ImGui::Button(tr("export.csv"))) {
        json params = filters;
        params.erase("offset");
        params.erase("limit");
        store.command(
            "list.export_csv", {{"list", list}, {"params", params}}, [name = std::string(fileName)](const json& reply) {
                if (reply.contains("error")) {
                    toastError(reply["error"]);
                    return;
                }
                const std::string& text = reply["result"]["content"].get_ref<const std::string&>();
                const std::string where = platform::saveFile(name, "text/csv", text);
                char buf[512];
                std::snprintf(buf, sizeof buf, tr("export.done"),
                    static_cast<long long>(reply["result"].value("rows", std::int64_t{0})), where.c_str());
                toast(buf);
            });
    }
    ImGui::EndDisabled();
    ImGui::PopID();
}

void toastError(const json& error)
{
    toast(errorText(error.value("code", ""), error.value("reason", ""), error.value("field", "")),
        error.value("code", "") == "cancelled" ? ToastKind::Info : ToastKind::Error);
}

void progressWithCancel(
    Store& store, std::int64_t id, float width, const char* note, const char* cancelLabel, bool percent)
{
    const auto [done, total] = store.progress(id);
    const float f = total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0.0f;
    char label[64];
    if (percent)
        std::snprintf(label, sizeof label, "%d %%", static_cast<int>(f * 100.0f));
    else
        std::snprintf(label, sizeof label, "%lld / %lld", static_cast<long long>(done), static_cast<long long>(total));
    ImGui::ProgressBar(f, ImVec2(width, 0), label);
    testhook::note(note, label);
    ImGui::SameLine();
    if (ImGui::Button(cancelLabel))
        store.cancel(id);
}

bool beginDialog(const char* id, const char* title, float width)
{
    if (width > 0)
        ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, 10000));
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return false;
    ImGui::TextUnformatted(title);
    ImGui::Separator();
    return true;
}

bool endDialog(const FieldError& err, const std::vector<const char*>& shownFields, bool submit, bool done, bool canSave,
    const char* saveLabel)
{
    formError(err, shownFields);
    ImGui::Spacing();
    ImGui::BeginDisabled(!canSave);
    const bool save = ImGui::Button(saveLabel ? saveLabel : tr("form.save")) || (submit && canSave);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) || done)
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return save && !done;
}

bool confirmDialog(const char* id, const char* question, const char* detail, const char* confirmLabel)
{
    bool confirmed = false;
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted(question);
        if (detail && *detail)
            ImGui::TextColored(theme::kMuted, "%s", detail);
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kDanger);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kDangerHover);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button((std::string(confirmLabel) + "##confirm").c_str())) {
            confirmed = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::PopStyleColor(3);
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("form.cancel")) + "##confirm").c_str())
            || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return confirmed;
}

// [SECTION] toasts

namespace {
struct Toast {
    std::string text;
    ToastKind kind;
    double until;
};
std::deque<Toast> g_toasts; // interface-wide, drawn once per frame by the App
} // namespace

void toast(const std::string& text, ToastKind kind)
{
    g_toasts.push_back({text, kind, ImGui::GetTime() + (kind == ToastKind::Error ? 8.0 : 4.0)});
    while (g_toasts.size() > 4)
        g_toasts.pop_front();
}

void drawToasts()
{
    const double now = ImGui::GetTime();
    while (!g_toasts.empty() && g_toasts.front().until < now)
        g_toasts.pop_front();
    if (g_toasts.empty())
        return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x - 16, vp->WorkPos.y + vp->WorkSize.y - 16), 0, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.95f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize
        | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("##toasts", nullptr, flags)) {
        for (const auto& t : g_toasts) {
            ImGui::TextColored(t.kind == ToastKind::Error ? theme::kError : theme::kOk, "%s", t.text.c_str());
            testhook::note(t.kind == ToastKind::Error ? "toast:error" : "toast", t.text.c_str());
        }
    }
    ImGui::End();
}

// [SECTION] PagedTable

json PagedTable::pageParams(const json& filters, std::int64_t page) const
{
    json p = filters;
    if (!m_sort.empty()) {
        p["sort"] = m_sort;
        p["desc"] = m_desc;
    }
    p["offset"] = page * m_pageSize;
    p["limit"] = m_pageSize;
    if (page > 0 && m_totalOnFirstPage)
        p["with_total"] = false; // the first page says how many; the next ones skip the count
    return p;
}

std::int64_t PagedTable::draw(Store& store, const json& filters, const std::function<void(const json& row)>& drawRow)
{
    if (m_sort.empty())
        for (const auto& c : m_columns)
            if (c.defaultSort && c.sortKey)
                m_sort = c.sortKey;
    const QueryEntry& first = store.query(m_method, pageParams(filters, 0));
    m_error = first.error;
    if (!first.hasResult)
        return -1;
    const std::int64_t total = first.result.value("total", std::int64_t{0});
    const int columns = static_cast<int>(m_columns.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg
        | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable
        | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(m_id, columns, flags))
        return total;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const auto& c : m_columns) {
        ImGuiTableColumnFlags f = 0;
        if (!c.sortKey)
            f |= ImGuiTableColumnFlags_NoSort;
        if (c.defaultSort)
            f |= ImGuiTableColumnFlags_DefaultSort;
        if (c.preferDescending)
            f |= ImGuiTableColumnFlags_PreferSortDescending;
        ImGui::TableSetupColumn(tr(c.titleKey), f, c.weight);
    }
    // Headers one by one (as TableHeadersRow does) so the test hook can name them.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int col = 0; col < columns; ++col) {
        ImGui::TableSetColumnIndex(col);
        const char* name = ImGui::TableGetColumnName(col);
        ImGui::TableHeader(name);
        const auto& c = m_columns[static_cast<std::size_t>(col)];
        testhook::note((std::string("header:") + (c.sortKey ? c.sortKey : c.titleKey)).c_str(), name);
    }
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const int col = specs->Specs[0].ColumnIndex;
            if (col >= 0 && col < columns && m_columns[static_cast<std::size_t>(col)].sortKey) {
                m_sort = m_columns[static_cast<std::size_t>(col)].sortKey;
                m_desc = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            }
        }
        specs->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(total));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const QueryEntry& page = store.query(m_method, pageParams(filters, i / m_pageSize));
            const json* row = nullptr;
            if (page.hasResult && page.result.contains("rows")) {
                const json& rows = page.result["rows"];
                const auto k = static_cast<std::size_t>(i % m_pageSize);
                if (k < rows.size())
                    row = &rows[k];
            }
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (!row) {
                ImGui::TextColored(theme::kMuted, "…");
                continue;
            }
            drawRow(*row);
        }
    }
    ImGui::EndTable();
    return total;
}

} // namespace crm::app::widgets

namespace crm::app::widgets {

void bankAge(Store& store)
{
    const QueryEntry& q = store.query("bank.status", json::object());
    if (!q.hasResult || !q.result["latest_date"].is_string())
        return;
    const json& s = q.result;
    char buf[256];
    std::snprintf(buf, sizeof buf, tr(s.value("stale", false) ? "bank.age_stale" : "bank.age"),
        formatDate(s["latest_date"].get<std::string>()).c_str(),
        countText("bank.days_short", num(s, "age_business_days")).c_str());
    ImGui::TextColored(s.value("stale", false) ? theme::kOverdue : theme::kMuted, "%s", buf);
    testhook::note("bank:age", buf);
}

std::string staleBankQuestion(const json& error, long& age)
{
    if (error.value("reason", "") != "stale_bank")
        return {};
    json details = error.value("details", json::array());
    if (!details.is_array() || details.empty())
        return {};
    const json& d = details[0];
    age = static_cast<long>(num(d, "age_business_days"));
    char buf[320];
    std::snprintf(buf, sizeof buf, tr("bank.stale_question"), formatDate(str(d, "latest_date")).c_str(),
        countText("bank.days", age).c_str());
    return buf;
}

} // namespace crm::app::widgets
