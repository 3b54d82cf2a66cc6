// ViewDashboard (« Tableau de bord »): where the money is, at a glance — the home screen
// of managers and administrators; agents see their own portfolio's (their home stays
// Today). Tiles: receivables, overdue and its share, DSO, best possible DSO, ADD, CEI of
// the last three months, collected this month against the same day of last month,
// promises (pending, kept, broken), amount in dispute (report.kpis,
// report.collection_rate). Charts: aging as stacked bars per collector (or overall
// for one collector), overdue and DSO over twelve month ends (report.trend), invoiced
// against collected per month, the expected cash-in of the next eight weeks
// (report.cash_in), the ten clients owing the most past due (report.top_overdue); and
// the per-collector table (report.collectors). An as-of date and a collector filter
// apply to all. A bar or point opens the invoices or the client behind it.
// Route: "dashboard", params {as_of, collector}. Needs report.read.
#pragma once

#include "app/view.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewDashboard final : public View {
public:
    const char* id() const override { return "dashboard"; }
    const char* titleKey() const override { return "nav.dashboard"; }
    const char* capability() const override { return "report.read"; }
    bool isHome(const ViewContext& ctx) const override;

protected:
    void drawContent(ViewContext& ctx) override;

private:
    std::string asOf() const;                // the date typed ("" for today)
    std::string day(ViewContext& ctx) const; // the date typed, or the core's today
    // report.collectors' params for the month so far (the aging chart and the table share
    // one query); null until today is known.
    json collectorsParams(ViewContext& ctx) const;
    json scope(ViewContext& ctx) const;
    void drawHeader(ViewContext& ctx);
    void drawTiles(ViewContext& ctx);
    void drawAging(ViewContext& ctx, float width);
    void drawTrend(ViewContext& ctx, float width);
    void drawCashIn(ViewContext& ctx, float width);
    void drawTopOverdue(ViewContext& ctx, float width);
    void drawCollectors(ViewContext& ctx);
    // Opens the Invoices list with `filters` (and this screen's collector).
    void openInvoices(ViewContext& ctx, json filters);

    char m_asOf[32] = {};
    std::int64_t m_collector = -1; // -1: the whole team
};

} // namespace crm::app
