// ViewToday: the home screen — a collector's day from worklist.today. Counts at the
// top; the actions waiting for a confirmation (executed one by one, after a
// confirmation) and the automatic ones (executed together, with progress); the
// messages to send (their mailto:/sms: link or file, then "sent"); the calls to make
// (tel: link, then the outcome in one click or, on the selected call, one key 1–5; a
// promise opens its form); the promises due today and broken, the missed instalments,
// the disputes. Every line opens its client's page. A manager sees the team's day and
// may narrow it to one collector. Route: "today", params {collector}. Needs relance.read.
#pragma once

#include "app/view.hpp"
#include "app/widgets/actions.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewToday final : public View {
public:
    const char* id() const override { return "today"; }
    const char* titleKey() const override { return "nav.today"; }
    const char* capability() const override { return "relance.read"; }
    bool isHome(const ViewContext& ctx) const override { return ctx.me.value("role", "agent") == "agent"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    json params(ViewContext& ctx) const;
    void drawHeader(ViewContext& ctx, const json* day);
    void drawCounts(const json& counts);
    void drawConfirm(ViewContext& ctx, const json& day);
    void drawToSend(ViewContext& ctx, const json& day);
    void drawCalls(ViewContext& ctx, const json& day);
    void drawHolds(ViewContext& ctx, const json& list, const char* id, bool missed);
    void drawDisputes(ViewContext& ctx, const json& day);
    // bankAge: the age of stale bank data the user confirmed (-1: not asked).
    void execute(ViewContext& ctx, const json& keys, long bankAge = -1);
    void clientLink(ViewContext& ctx, const json& row, const char* idSuffix);

    std::string m_staleQuestion; // the stale-bank confirmation to ask (empty: none)
    long m_staleAge = 0;
    bool m_askStale = false;
    std::int64_t m_executing = 0;     // request id of relance.execute while it runs
    std::string m_confirmKey;         // the plan key the confirmation dialog is about
    std::string m_confirmText;        // what it will do
    int m_call = 0;                   // the selected call (keys 1–5 log its outcome)
    widgets::CallOutcomes m_outcomes; // outcome buttons and the promise form
};

} // namespace crm::app
