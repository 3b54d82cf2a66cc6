// ViewClient: one client's page. The header: balance, overdue, days late, stage, risk,
// collector and contact (mailto:/tel: links). Tabs: invoices (a click opens the
// invoice's page), payments, the communications timeline across channels, documents
// (upload from the platform's file picker, download), holds (start a promise, a payment
// plan or a stop; end one after a confirmation). Actions: record a payment with an
// allocation editor (oldest due first suggested, editable, what stays as credit shown),
// add an invoice or a credit note, send a reminder now from a template (previewed with
// the amounts it states), log a call (a promise opens its form), add a note.
// Route: "client", params {id, tab}. Needs client.read; each action its own capability.
#pragma once

#include "app/view.hpp"
#include "app/widgets/actions.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace crm::app {

class ViewClient final : public View {
public:
    const char* id() const override { return "client"; }
    const char* titleKey() const override { return "nav.clients"; }
    const char* capability() const override { return "client.read"; }
    bool inNavigation() const override { return false; }
    const char* navigationId() const override { return "clients"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    void drawHeader(ViewContext& ctx, const json& client);
    void drawActions(ViewContext& ctx);
    void drawInvoices(ViewContext& ctx);
    void drawPayments(ViewContext& ctx);
    void drawTimeline(ViewContext& ctx);
    void drawDocuments(ViewContext& ctx);
    void drawHolds(ViewContext& ctx);
    void drawPaymentForm(ViewContext& ctx);
    void drawInvoiceForm(ViewContext& ctx);
    void drawNoteForm(ViewContext& ctx);
    void drawHoldForm(ViewContext& ctx);
    void drawRemindForm(ViewContext& ctx, const json& client);
    // Fills the allocation editor's rows (`owed`: the EUR invoices still owed) with the
    // core's suggestion for the amount typed (payment.suggest_allocation); false while
    // it has not come.
    bool suggestAllocations(ViewContext& ctx, const json& owed);

    std::int64_t m_id = 0; // the client shown
    widgets::PagedTable m_invoices{"##client-invoices", "invoice.list",
        {{"invoices.number", "number", 1.2f}, {"invoices.issue", "issue_date", 1.0f},
            {"invoices.due", "due_date", 1.0f, true, true}, {"invoices.amount", "amount", 1.0f},
            {"invoices.open", "open", 1.0f}, {"invoices.status", nullptr, 1.2f}},
        100};
    widgets::PagedTable m_payments{"##client-payments", "payment.list",
        {{"pay.date", nullptr, 1.0f}, {"pay.kind", nullptr, 1.0f}, {"pay.amount", nullptr, 1.0f},
            {"pay.method", nullptr, 1.0f}, {"pay.reference", nullptr, 2.0f}},
        100};
    widgets::PagedTable m_timeline{"##client-timeline", "communication.list",
        {{"timeline.when", nullptr, 1.1f}, {"timeline.channel", nullptr, 0.9f}, {"timeline.subject", nullptr, 3.0f},
            {"timeline.outcome", nullptr, 1.0f}},
        50};
    std::int64_t m_endHold = 0;
    widgets::CallOutcomes m_call;

    struct PaymentForm {
        char date[32] = {}, amount[32] = {}, reference[80] = {};
        std::string method; // empty: the first the core lists (transfer)
        std::vector<std::int64_t> invoiceIds;
        std::vector<std::array<char, 32>> allocated; // per owed invoice, as typed
        std::string suggestedFor;                    // the amount the allocations were suggested for
        widgets::FieldError error;
        bool saving = false, done = false;
    } m_pay;
    struct InvoiceForm {
        bool creditNote = false;
        char number[64] = {}, issue[32] = {}, due[32] = {}, amount[32] = {}, reason[200] = {};
        widgets::FieldError error;
        bool done = false; // saved: the form closes
    } m_inv;
    struct NoteForm {
        char subject[200] = {}, body[2000] = {};
        widgets::FieldError error;
        bool done = false;
    } m_note;
    struct RemindForm {
        std::string templateCode; // chosen among the client's language's e-mail and SMS templates
        bool sending = false, done = false;
    } m_remind;
    struct HoldForm {
        int kind = 0; // promise, plan, stop
        char date[32] = {}, amount[32] = {}, reason[300] = {}, until[32] = {};
        char instalments[600] = {}; // one per line: 15/12/2026 500,00
        widgets::FieldError error;
        bool done = false;
    } m_hold;
};

} // namespace crm::app
