// ViewReports (« Rapports »): the figures a manager prints or sends on.
//
//   Balance âgée      as of any date: the buckets' totals, then per client (paged), a
//                     client's row opens its unpaid invoices (the Invoices list, filtered)
//   Par mois          collection rate and CEI per month, with what they come from
//                     (report.trend: opening, invoiced, collected, closing, overdue, DSO)
//   Par chargé        per collector over a period: portfolio, overdue, collected, actions,
//                     promises kept (report.collectors); a row opens the collector's unpaid invoices
//   Encaissements     expected cash-in by week (report.cash_in)
//
// An as-of date and a collector filter (managers) apply to all; each tab exports its
// report as CSV or as a printable PDF (report.export). Route: "reports" {tab}. Needs
// report.read (an agent sees their own portfolio).
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewReports final : public View {
public:
    const char* id() const override { return "reports"; }
    const char* titleKey() const override { return "nav.reports"; }
    const char* capability() const override { return "report.read"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    enum class Tab { Aging, Monthly, Collectors, CashIn };

    void drawToolbar(ViewContext& ctx);
    void drawAging(ViewContext& ctx);
    void drawMonthly(ViewContext& ctx);
    void drawCollectors(ViewContext& ctx);
    void drawCashIn(ViewContext& ctx);
    // The scope every report shares: as_of (when typed), collector_id (when chosen).
    json scope() const;
    void exportFile(ViewContext& ctx, const char* format);

    Tab m_tab = Tab::Aging;
    char m_asOf[16] = {}, m_from[16] = {}, m_to[16] = {};
    std::int64_t m_collector = -1; // -1 the team, 0 the unassigned, else a collector
    std::int64_t m_agingPage = 0;
    static constexpr std::int64_t kPage = 100;
};

} // namespace crm::app
