// Widgets shared by the screens: a form field with its error, money / date cells, a
// status badge, a confirm dialog, toasts, a date input, and PagedTable — a sortable
// table of a paged list command, fetching only the visible pages through the Store.
//
// Each widget notes what tests need through the test hook ("error:<field>",
// "toast", ...), so browser and desktop tests find messages that are not widgets.
#pragma once

#include "app/store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::app::widgets {

// A field's current error: which field the API named and the sentence to show.
struct FieldError {
    std::string field;
    std::string text;
    void clear()
    {
        field.clear();
        text.clear();
    }
    // From an error envelope's inner object ({code, reason, field, message}).
    void set(const json& error, const std::string& fallbackField = {});
    bool on(const char* name) const { return field == name; }
};

enum class FieldKind { Text, Password, Multiline };

// Label above, input across, the error below when `err` names `name`. Returns true
// when Enter was pressed in it (single-line kinds).
bool formField(const char* label, const char* id, const char* name, char* buf, std::size_t size, const FieldError& err,
    FieldKind kind = FieldKind::Text);

// An error that names no field (or a field this form does not show).
void formError(const FieldError& err, const std::vector<const char*>& shownFields);

// "1 234,56 €", right-aligned in its cell; in the overdue colour when asked and > 0.
void moneyCell(std::int64_t cents, const std::string& currency = "EUR", bool overdueColour = false,
    const char* noteLabel = nullptr);
// "24/11/2026".
void dateCell(const std::string& iso);
// An invoice status ("open", "paid"...) as a coloured, translated badge.
void statusBadge(const std::string& status);

// A date typed the French way (24/11/2026) or ISO; `iso` receives YYYY-MM-DD (or
// empty when the text is not a date). Returns true when the text changed.
bool dateInput(const char* id, char* buf, std::size_t size, std::string& iso);
// "24/11/2026" or "2026-11-24" -> "2026-11-24"; anything else -> "" (fmt::readDate, the
// CSV import's reader too).
std::string parseDate(const std::string& text);
// An amount typed the French way ("1 234,56", "1234,5 €") or with a point ("1234.56")
// -> cents; nullopt when it is not an amount (more than two decimals, letters, empty):
// fmt::readAmount, the CSV import's reader too.
std::optional<std::int64_t> parseAmount(const std::string& text);

// A long command's progress bar ("done / total", or "42 %" when `percent`) and a Cancel
// button, for the request `id` the store sent; noted through the test hook as `note`.
void progressWithCancel(
    Store& store, std::int64_t id, float width, const char* note, const char* cancelLabel, bool percent = false);

// A modal form, opened with ImGui::OpenPopup(id). Every form of the interface draws
// the same frame:
//
//   if (widgets::beginDialog("##note", tr("page.add_note"))) {
//       submit |= widgets::formField(...);                 // the fields, Enter in one submits
//       if (widgets::endDialog(f.error, {"subject"}, submit, f.done))
//           ctx.store.command(...);                        // the reply sets f.done or f.error
//   }
//
// beginDialog: the title, centred on the screen (`width` > 0: that wide); false while
// the dialog is closed (then do not call endDialog). endDialog: the error that names no
// field shown, then Save (`saveLabel`, greyed unless `canSave`) and Cancel; true when the
// user saves (the button, or `submit`: Enter in a field). Cancel and Esc close the dialog,
// and so does `done` (the command succeeded).
bool beginDialog(const char* id, const char* title, float width = 0);
bool endDialog(const FieldError& err, const std::vector<const char*>& shownFields, bool submit, bool done,
    bool canSave = true, const char* saveLabel = nullptr);

// A modal confirmation opened with ImGui::OpenPopup(id); returns true once confirmed.
bool confirmDialog(const char* id, const char* question, const char* detail, const char* confirmLabel);

// Short messages at the bottom right, gone after a few seconds.
enum class ToastKind { Info, Error };
void toast(const std::string& text, ToastKind kind = ToastKind::Info);
void drawToasts();
// A filter over fixed values: the texts are tr(prefix + value), values[0] is "any" (tr(anyKey)).
void valueCombo(const char* id, const char* prefix, const char* anyKey, const char* const* values, int count,
    int& index, float width = 150);
// A choice among fixed `values`, each shown as tr(prefix + value) (the value itself when
// `prefix` is null); true when the choice changed. Noted through the test hook under `id`
// (ImGui 1.86 does not report combos); its entries are "text##id-value".
bool choice(
    const char* id, const char* prefix, const std::vector<std::string>& values, std::string& chosen, float width = 200);
// A collector filter (managers): -1 the whole team, 0 the unassigned clients, else a user
// (from user.list). True when the choice changed.
bool collectorCombo(Store& store, const char* id, std::int64_t& collector, float width = 200);
// The collector_id filter of a list query for that choice: set for a user or the
// unassigned clients (null), left out for the whole team.
void setCollectorFilter(nlohmann::json& params, std::int64_t collector);
// A choice among `users` (user.list's rows; the active ones offered) and, as 0, the
// choice `zeroKey` names ("nobody", "the unassigned clients"); -1 until one is made.
// Noted through the test hook under `id`.
void userChoice(const char* id, const json& users, std::int64_t& chosen, const char* zeroKey);
// How a user is named on screen: "First Last" from the profile, else the e-mail.
std::string displayName(const json& user);
// A user's name by id, from user.list (managers); "#id" until it has arrived.
std::string userName(Store& store, std::int64_t id);

// One report.collectors line's figures, a cell each after its name's: clients, receivables,
// overdue, collected in the period, actions (the Dashboard's and the Reports' tables).
void collectorFigures(const json& line);

// One invoice.list row's cells — number (a click calls `open`), the client's name when
// `withClient`, issue and due dates, amount, balance, status and the hold mark.
void invoiceRow(const json& invoice, bool withClient, const std::function<void()>& open);

// A query a screen needs before it can draw: true once it has its result; else draws
// the error in words, or "loading", and returns false.
bool queryReady(const QueryEntry& q);

// A refused command's error ({code, reason, ...}) as a toast: a cancellation is news, the rest an error.
void toastError(const json& error);

// "Exporter (CSV)": every row of the list command `list` with `filters` (list.export_csv),
// saved as `fileName` (a download in the browser, a file on the desktop).
void exportCsvButton(Store& store, const char* id, const char* list, const json& filters, const char* fileName);

// A sortable table over a paged list command ({rows, total}, offset/limit/sort/desc).
struct Column {
    const char* titleKey;
    const char* sortKey; // nullptr: not sortable
    float weight = 1.0f;
    bool defaultSort = false;
    bool preferDescending = false;
};

// « 201–400 sur 32 729 » with Previous / Next, for a list the core pages (relance.plan's
// actions): returns the page to show. Draws nothing when everything fits on one page.
// Noted through the test hook as "pager:<id>".
std::int64_t pager(const char* id, std::int64_t page, std::int64_t pageSize, std::int64_t total);

// How old the bank data is (bank.status), one line: muted while fresh, in the overdue
// colour once stale; nothing until a statement was imported. Noted as "bank:age".
void bankAge(Store& store);
// A refused relance execution (conflict stale_bank): the question naming the age of the
// bank data, and that age (to send back as bank_age_confirmed); empty for other errors.
std::string staleBankQuestion(const json& error, long& age);

// What an empty list says instead of an empty table, noted as "<hook>" (tests read it).
void emptyState(const char* text, const char* hook = "list:empty");

class PagedTable {
public:
    PagedTable(const char* id, std::string method, std::vector<Column> columns, std::int64_t pageSize = 100)
        : m_id(id),
          m_method(std::move(method)),
          m_columns(std::move(columns)),
          m_pageSize(pageSize)
    {
    }
    // `filters`: the command's params other than paging and sort. `drawRow` draws the
    // cells of one row (starting in column 0). Returns the total (-1 while loading).
    std::int64_t draw(Store& store, const json& filters, const std::function<void(const json& row)>& drawRow);
    const std::string& sort() const { return m_sort; }
    bool desc() const { return m_desc; }
    void setSort(std::string key, bool desc)
    {
        m_sort = std::move(key);
        m_desc = desc;
    }
    json pageParams(const json& filters, std::int64_t page) const;
    // Pages after the first ask for no total (`with_total: false`): for long lists whose
    // count costs (invoice.list over a million invoices).
    PagedTable& totalOnFirstPage()
    {
        m_totalOnFirstPage = true;
        return *this;
    }
    const json* error() const { return m_error.is_null() ? nullptr : &m_error; }

private:
    const char* m_id;
    std::string m_method;
    std::vector<Column> m_columns;
    std::int64_t m_pageSize;
    std::string m_sort;
    bool m_desc = false;
    bool m_totalOnFirstPage = false;
    json m_error;
};

} // namespace crm::app::widgets
