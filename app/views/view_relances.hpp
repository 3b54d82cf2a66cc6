// ViewRelances: the relance engine's screen. For a chosen day (today by default): the
// plan grouped by client — each action with its channel, invoices, principal,
// interest, fee and the engine's reason — to select and execute with a progress bar;
// what was executed that day, each with its link (mailto:, sms:) or file (.eml, the
// letter's PDF) and "mark sent"; what the engine holds back and why; the calls to
// make, logged from here; and where the settings letters need are set (the company:
// Settings; scenarios, templates, ECB rates: the relance set-up). Route: "relances", params
// {date, tab}. Reads relance.plan, relance.actions, task.list; writes with relance.execute,
// relance.deliver, relance.mark_sent, task.done. Needs relance.read; executing needs
// relance.execute.
#pragma once

#include "app/view.hpp"
#include "app/widgets/actions.hpp"

#include <cstdint>
#include <set>
#include <string>

namespace crm::app {

class ViewRelances final : public View {
public:
    const char* id() const override { return "relances"; }
    const char* titleKey() const override { return "nav.relances"; }
    const char* capability() const override { return "relance.read"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    enum class Tab { Plan, Sent, Withheld, Calls, Settings };

    void syncWithRoute(ViewContext& ctx);
    void drawToolbar(ViewContext& ctx, const json* plan);
    void drawPlan(ViewContext& ctx, const json& plan);
    void drawWithheld(const json& plan);
    void drawSent(ViewContext& ctx);
    void drawCalls(ViewContext& ctx);
    void drawSettings(ViewContext& ctx);
    // bankAge: the age of stale bank data the user confirmed (-1: not asked).
    void execute(ViewContext& ctx, const json& keys, long bankAge = -1);

    std::string m_date;       // the chosen day, YYYY-MM-DD; empty: the core's today
    std::string m_asOf;       // the day shown (the plan's as_of)
    char m_dateText[32] = {}; // as typed (24/11/2026)
    Tab m_tab = Tab::Plan;
    std::set<std::string> m_selected; // plan keys
    std::string m_selectionDate;      // the day the selection was made for
    std::string m_staleQuestion;      // the stale-bank confirmation to ask (empty: none)
    long m_staleAge = 0;
    bool m_askStale = false;
    std::int64_t m_executing = 0; // request id of relance.execute while it runs
    // The plan comes a page at a time (a first run on a large portfolio holds tens of
    // thousands of actions): which page of the actions and of the withheld list.
    static constexpr std::int64_t kPage = 200;
    std::int64_t m_page = 0, m_withheldPage = 0;
    widgets::CallOutcomes m_calls; // the outcome buttons and the promise form
};

} // namespace crm::app
