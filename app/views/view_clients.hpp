// ViewClients: the Clients screen — a paged, sortable, searchable table of every
// client (amounts, oldest owed due date, days late, stage, risk, collector; filters by
// collector, segment, stage, risk, age bucket and holds; a row opens the client's page), and a side form to create or
// edit one, with each validation error shown under its field. Route: "clients", params {client_id} (the form of that
// client) or {new: 1} (a new client's form). Reads through the Store (client.list pages, fetched only for the visible
// rows), writes with client.create / client.update / client.delete. Needs client.read; creating, deleting and the demo
// need their own capabilities.
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <set>
#include <string>

namespace crm::app {

class ViewClients final : public View {
public:
    const char* id() const override { return "clients"; }
    const char* titleKey() const override { return "nav.clients"; }
    const char* capability() const override { return "client.read"; }

    static constexpr int kPage = 100;

protected:
    void drawContent(ViewContext& ctx) override;

private:
    struct Form {
        std::int64_t id = -1; // -1: closed; 0: a new client
        char code[64] = {};
        char name[1024] = {};
        char email[1024] = {};
        char phone[128] = {};
        char address[2048] = {};
        char siret[64] = {};
        bool loaded = false;
        bool saving = false;
        widgets::FieldError error;
    };

    void syncWithRoute(ViewContext& ctx);
    void drawToolbar(ViewContext& ctx, std::int64_t total);
    void drawEmpty(ViewContext& ctx);
    void drawGenerate(ViewContext& ctx);
    void drawRow(ViewContext& ctx, const json& row);
    void drawForm(ViewContext& ctx);
    void drawSummary(ViewContext& ctx);
    void drawOwedInvoices(ViewContext& ctx);
    void fill(const json& client);
    void save(ViewContext& ctx);
    void remove(ViewContext& ctx);
    void close(Router& router);

    char m_search[256] = {};
    widgets::PagedTable m_table{"##clients-table", "client.list",
        {{"col.name", "name", 3.0f, true}, {"col.code", "code", 1.0f}, {"col.open", "open", 1.3f, false, true},
            {"col.overdue", "overdue", 1.3f, false, true}, {"col.oldest", "oldest_due", 1.2f},
            {"col.days", nullptr, 0.7f}, {"col.stage", nullptr, 1.3f}, {"col.risk", nullptr, 0.8f},
            {"col.collector", nullptr, 1.8f}},
        kPage};
    // Filters: collector (managers; -1 everyone, 0 unassigned), stage, risk, age bucket, held.
    std::int64_t m_collector = -1;
    int m_stage = 0, m_risk = 0, m_bucket = 0;
    bool m_held = false;
    char m_segment[64] = {};
    void drawFilters(ViewContext& ctx);
    json filters() const;
    static std::string collectorName(ViewContext& ctx, const json& id);
    Form m_form;
    // The clients ticked in the list (managers: assigned together, client.assign_many)
    // and to whom (-1: not chosen, 0: nobody).
    std::set<std::int64_t> m_chosen;
    std::int64_t m_assignTo = -1;
    void drawSelection(ViewContext& ctx);
    // A test portfolio being generated from the empty screen (demo.generate): its request
    // id while it runs, 0 otherwise.
    std::int64_t m_generating = 0;
};

} // namespace crm::app
