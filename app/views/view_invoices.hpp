// ViewInvoices: every invoice the user may see, filtered by status, age bucket as of a
// date, due-date range, collector (managers), client and number, sorted by any column; a click
// opens the invoice's page. Route: "invoices", params (a link's filters, e.g. from the
// dashboard's charts) {status, bucket, as_of, due_from, due_to, client, collector (-1 every
// collector, 0 the unassigned clients)}. Needs invoice.read.
//
// ViewInvoice: one invoice's page — its amounts and status, the payments allocated to
// it, the messages about it, the holds on it and its lines in the system log; dispute
// it or settle the dispute. Route: "invoice", params {id}.
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <string>

namespace crm::app {

class ViewInvoices final : public View {
public:
    ViewInvoices() { m_table.totalOnFirstPage(); }
    const char* id() const override { return "invoices"; }
    const char* titleKey() const override { return "nav.invoices"; }
    const char* capability() const override { return "invoice.read"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    json filters(ViewContext& ctx) const;
    void drawFilters(ViewContext& ctx, std::int64_t total);
    // The filters a link gave (a chart's bar: {status, bucket, as_of, due_from, due_to,
    // client, collector}), applied once when the route's parameters change.
    void applyRoute(const json& params);

    json m_route; // the parameters last applied

    int m_status = 0, m_bucket = 0;
    std::int64_t m_collector = -1; // -1: everyone
    char m_number[64] = {}, m_client[128] = {}, m_asOf[32] = {}, m_dueFrom[32] = {}, m_dueTo[32] = {};
    widgets::PagedTable m_table{"##invoices-list", "invoice.list",
        {{"invoices.number", "number", 1.2f}, {"invoices.client", nullptr, 2.0f},
            {"invoices.issue", "issue_date", 1.0f}, {"invoices.due", "due_date", 1.0f, true},
            {"invoices.amount", "amount", 1.0f, false, true}, {"invoices.open", "open", 1.0f, false, true},
            {"invoices.status", nullptr, 1.2f}},
        100};
};

class ViewInvoice final : public View {
public:
    const char* id() const override { return "invoice"; }
    const char* titleKey() const override { return "nav.invoices"; }
    const char* capability() const override { return "invoice.read"; }
    bool inNavigation() const override { return false; }
    const char* navigationId() const override { return "invoices"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    char m_reason[300] = {};
    widgets::FieldError m_error;
};

} // namespace crm::app
