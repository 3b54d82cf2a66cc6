// The relance engine on hand-made portfolios: which step is due, what is withheld and
// why, grouping, holds starting and ending, catch-up, charges — then a property test
// over generated portfolios and random run dates.
#include "core/relance/engine.hpp"
#include "core/util/time.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

using namespace crm;
using namespace crm::relance;

namespace {

// The default French scenario: J-5 e-mail, J+7 e-mail, J+15 SMS and call, J+30 formal
// notice (to confirm), J+45 litigation (to confirm).
ScenarioDef standard(std::int64_t id = 1)
{
    ScenarioDef s;
    s.id = id;
    s.name = "standard";
    s.isDefault = true;
    auto step = [&](std::int64_t sid, const char* name, long offset, const char* channel, const char* stage = "",
                    const char* mode = "auto") {
        StepDef st;
        st.id = sid;
        st.name = name;
        st.offsetDays = offset;
        st.channel = channel;
        st.stage = stage;
        st.mode = mode;
        st.templateCode = channel;
        return st;
    };
    s.steps = {step(id * 10 + 1, "courtesy", -5, "email"), step(id * 10 + 2, "reminder", 7, "email", "relance"),
        step(id * 10 + 3, "sms", 15, "sms"), step(id * 10 + 4, "call", 15, "call"),
        step(id * 10 + 5, "formal notice", 30, "formal_notice", "mise_en_demeure", "confirm"),
        step(id * 10 + 6, "litigation", 45, "litigation", "contentieux", "confirm")};
    return s;
}

struct World {
    Portfolio p;
    std::map<std::int64_t, std::vector<Settlement>> settlements;

    World()
    {
        p.scenarios = {standard()};
        p.rates = RateTable::shipped();
        p.rates.set(2026, 2, 215); // so that H2 2026 dates are priced in most cases
        client(1);
        p.settlementsOf = [this](std::int64_t id) {
            auto it = settlements.find(id);
            return it == settlements.end() ? std::vector<Settlement>{} : it->second;
        };
    }
    ClientInfo& client(std::int64_t id)
    {
        ClientInfo c;
        c.id = id;
        return p.clients[id] = c;
    }
    OpenInvoice& invoice(std::int64_t id, const char* due, std::int64_t amount = 100000, std::int64_t client = 1)
    {
        OpenInvoice i;
        i.id = id;
        i.clientId = client;
        i.dueDate = due;
        i.amountCents = amount;
        i.openCents = amount;
        p.invoices.push_back(i);
        return p.invoices.back();
    }
    void pay(std::int64_t invoiceId, const char* date, std::int64_t cents)
    {
        settlements[invoiceId].push_back({date, cents});
        for (auto& i : p.invoices)
            if (i.id == invoiceId) {
                i.openCents -= cents;
                i.hasSettlements = true;
            }
    }
    void done(std::int64_t invoiceId, std::int64_t stepId, const char* on)
    {
        p.done[invoiceId].push_back({stepId, on});
    }
    Hold& hold(std::int64_t id, const char* kind, std::vector<std::int64_t> invoices = {})
    {
        Hold h;
        h.id = id;
        h.clientId = 1;
        h.kind = kind;
        h.invoiceIds = std::move(invoices);
        h.startsOn = "2026-01-01";
        p.holds.push_back(h);
        return p.holds.back();
    }
};

std::vector<std::string> stepsOf(const Plan& plan)
{
    std::vector<std::string> out;
    for (const auto& a : plan.actions)
        out.push_back(a.stepName);
    return out;
}

std::string withheldReason(const Plan& plan, std::int64_t invoiceId)
{
    for (const auto& w : plan.withheld)
        if (w.invoiceId == invoiceId)
            return w.reason;
    return "";
}

} // namespace

TEST_CASE("engine: the step due on each day, before and after the due date")
{
    struct Case {
        const char* due;
        const char* asOf;
        std::vector<std::string> steps;
    };
    const Case cases[] = {
        {"2026-03-10", "2026-03-04", {}},                // J-6: nothing yet
        {"2026-03-10", "2026-03-05", {"courtesy"}},      // J-5
        {"2026-03-10", "2026-03-10", {"courtesy"}},      // caught up on the due date itself
        {"2026-03-10", "2026-03-17", {"reminder"}},      // J+7
        {"2026-03-10", "2026-03-25", {"sms", "call"}},   // J+15: two steps at one offset
        {"2026-03-10", "2026-04-09", {"formal notice"}}, // J+30
        {"2026-03-10", "2026-04-24", {"litigation"}},    // J+45
        // month ends and leap years
        {"2024-02-29", "2024-03-07", {"reminder"}},
        {"2024-02-29", "2024-03-06", {"courtesy"}},
        {"2026-01-31", "2026-03-02", {"formal notice"}}, // 31 January + 30 days
        {"2026-01-31", "2026-03-01", {"sms", "call"}},
        {"2023-12-31", "2024-01-07", {"reminder"}},
    };
    for (const auto& c : cases) {
        World w;
        w.invoice(1, c.due);
        const Plan plan = relance::plan(w.p, c.asOf);
        CAPTURE(c.due);
        CAPTURE(c.asOf);
        CHECK(stepsOf(plan) == c.steps);
        CHECK(plan.withheld.empty());
    }
}

TEST_CASE("engine: the reason says which step, why now and what comes next")
{
    World w;
    w.invoice(1, "2026-03-10");
    const Plan plan = relance::plan(w.p, "2026-03-27");
    REQUIRE(plan.actions.size() == 2);
    const Reason& r = plan.actions[0].reason;
    CHECK(r.dueOn == "2026-03-25");
    CHECK(r.offsetDays == 15);
    CHECK(r.skipped == std::vector<std::string>{"courtesy", "reminder"});
    CHECK(r.nextStep == "formal notice");
    CHECK(r.nextOn == "2026-04-09");
    CHECK(r.text().find("next: formal notice from 2026-04-09") != std::string::npos);
    CHECK(plan.actions[0].invoices[0].daysOverdue == 17);
}

TEST_CASE("engine: never twice, never backwards, latest step only after days without a run")
{
    World w;
    w.invoice(1, "2026-03-10");
    w.done(1, 12, "2026-03-17"); // reminder done
    CHECK(relance::plan(w.p, "2026-03-18").actions.empty());
    CHECK(stepsOf(relance::plan(w.p, "2026-03-25")) == std::vector<std::string>{"sms", "call"});
    w.done(1, 13, "2026-03-25"); // sms done, call not: the call is still due, once
    CHECK(stepsOf(relance::plan(w.p, "2026-03-26")) == std::vector<std::string>{"call"});
    w.done(1, 15, "2026-04-09"); // formal notice done (the call never was): nothing before it comes back
    CHECK(relance::plan(w.p, "2026-04-10").actions.empty());
    CHECK(stepsOf(relance::plan(w.p, "2026-05-01")) == std::vector<std::string>{"litigation"});
}

TEST_CASE("engine: a client's invoices at one step are one message; per invoice when the scenario says so")
{
    World w;
    w.invoice(1, "2026-03-10", 100000);
    w.invoice(2, "2026-03-08", 50000);
    w.invoice(3, "2026-03-01", 20000); // at another step (J+15) on that day
    w.client(2);
    w.invoice(4, "2026-03-10", 70000, 2);
    Plan plan = relance::plan(w.p, "2026-03-17");
    REQUIRE(plan.actions.size() == 4); // client 1: reminder (2 invoices), sms, call; client 2: reminder
    CHECK(plan.actions[0].clientId == 1);
    CHECK(plan.actions[0].stepName == "reminder");
    CHECK(plan.actions[0].invoices.size() == 2);
    CHECK(plan.actions[0].openCents == 150000);
    CHECK(plan.actions[0].feeCents == 8000); // 40 € per late invoice
    CHECK(plan.actions[0].key == "c1-s12");
    CHECK(plan.actions[3].clientId == 2);

    w.p.scenarios[0].perInvoice = true;
    plan = relance::plan(w.p, "2026-03-17");
    CHECK(plan.actions.size() == 5);
    CHECK(plan.actions[0].key.find("-i") != std::string::npos);
}

TEST_CASE("engine: partial payments between steps keep the escalation and lower the amounts")
{
    World w;
    w.invoice(1, "2026-03-10", 100000);
    w.done(1, 12, "2026-03-17");
    w.pay(1, "2026-03-20", 30000);
    const Plan plan = relance::plan(w.p, "2026-03-25");
    REQUIRE(plan.actions.size() == 2);
    const ActionInvoice& ai = plan.actions[0].invoices[0];
    CHECK(ai.openCents == 70000);
    // 1 000 € for 9 days (11–19 March) then 700 € for 6 days (20–25 March) at 12.15 %:
    // (100000 × 9 + 70000 × 6) × 1215 / (10000 × 365) = 439.38… → 439 cents.
    REQUIRE(ai.interestCents.has_value());
    CHECK(*ai.interestCents == 439);
    CHECK(ai.feeCents == 4000);
}

TEST_CASE("engine: interest across a half-year boundary with a rate change and a partial payment")
{
    World w;
    w.invoice(1, "2025-06-20", 1000000); // 10 000 €
    w.pay(1, "2025-07-10", 400000);
    w.done(1, 12, "2025-06-27");
    w.done(1, 13, "2025-07-05");
    w.done(1, 14, "2025-07-05");
    const Plan plan = relance::plan(w.p, "2025-07-20"); // J+30: formal notice
    REQUIRE(plan.actions.size() == 1);
    CHECK(plan.actions[0].channel == "formal_notice");
    // 21–30 June: 10 days × 10 000 € at 13.15 %; 1–9 July: 9 days × 10 000 € at 12.15 %;
    // 10–20 July: 11 days × 6 000 € at 12.15 %.
    // (1000000×1315×10 + 1000000×1215×9 + 600000×1215×11) / 3 650 000 = 84 610.9… cents? no:
    // = (13 150 000 000 + 10 935 000 000 + 8 019 000 000) / 3 650 000 = 8 795.6… → 8 796.
    REQUIRE(plan.actions[0].interestCents.has_value());
    CHECK(*plan.actions[0].interestCents == 8796);
    CHECK(plan.actions[0].openCents == 600000);
}

TEST_CASE("engine: a credit note that clears an invoice leaves nothing to chase")
{
    World w;
    w.invoice(1, "2026-03-10", 100000);
    w.pay(1, "2026-03-12", 100000); // fully credited: open 0
    CHECK(relance::plan(w.p, "2026-03-17").actions.empty());
    CHECK(relance::plan(w.p, "2026-03-17").withheld.empty());
}

TEST_CASE("engine: each kind of hold, starting and ending")
{
    SUBCASE("dispute")
    {
        World w;
        w.invoice(1, "2026-03-10").disputed = true;
        w.invoice(2, "2026-03-10");
        const Plan plan = relance::plan(w.p, "2026-03-17");
        CHECK(withheldReason(plan, 1) == "dispute");
        REQUIRE(plan.actions.size() == 1);
        CHECK(plan.actions[0].invoices.size() == 1);
        CHECK(plan.actions[0].invoices[0].invoiceId == 2);
    }
    SUBCASE("stop with an end date lifts itself")
    {
        World w;
        w.invoice(1, "2026-03-10");
        w.hold(7, "stop").until = "2026-03-20";
        Plan plan = relance::plan(w.p, "2026-03-17");
        CHECK(plan.actions.empty());
        CHECK(withheldReason(plan, 1) == "stop");
        CHECK(plan.withheld[0].holdId == 7);
        plan = relance::plan(w.p, "2026-03-21");
        CHECK(stepsOf(plan) == std::vector<std::string>{"reminder"});
    }
    SUBCASE("stop ended by hand")
    {
        World w;
        w.invoice(1, "2026-03-10");
        w.hold(7, "stop").endedOn = "2026-03-16";
        CHECK(stepsOf(relance::plan(w.p, "2026-03-17")) == std::vector<std::string>{"reminder"});
    }
    SUBCASE("a promise holds until its date; kept, the invoice is paid; broken, the chase resumes")
    {
        World w;
        w.invoice(1, "2026-03-10");
        w.invoice(2, "2026-03-10");
        Hold& h = w.hold(9, "promise", {1});
        h.amountCents = 100000;
        h.date = "2026-03-20";
        Plan plan = relance::plan(w.p, "2026-03-17");
        CHECK(withheldReason(plan, 1) == "promise");
        REQUIRE(plan.actions.size() == 1); // invoice 2 is not covered
        CHECK(holdState(w.p.holds[0], "2026-03-20").status == HoldStatus::Active);
        // The date passes with nothing paid: broken, reported, the chase resumes where it stood.
        plan = relance::plan(w.p, "2026-03-21");
        CHECK(holdState(w.p.holds[0], "2026-03-21").status == HoldStatus::Broken);
        REQUIRE(plan.broken.size() == 1);
        CHECK(plan.broken[0].holdId == 9);
        REQUIRE(plan.actions.size() == 1);
        CHECK(plan.actions[0].invoices.size() == 2);
        CHECK(plan.actions[0].reason.brokenHolds == std::vector<std::int64_t>{9});
        // Paid in part before the date: still broken. Paid in full: kept.
        w.p.holds[0].paid = {{"2026-03-19", 40000}};
        CHECK(holdState(w.p.holds[0], "2026-03-21").status == HoldStatus::Broken);
        w.p.holds[0].paid = {{"2026-03-19", 100000}};
        CHECK(holdState(w.p.holds[0], "2026-03-21").status == HoldStatus::Kept);
    }
    SUBCASE("a payment plan: only a missed instalment is chased; caught up, held again")
    {
        World w;
        w.invoice(1, "2026-03-10", 90000);
        Hold& h = w.hold(11, "plan");
        h.startsOn = "2026-03-12";
        h.instalments = {{"2026-03-31", 30000}, {"2026-04-30", 30000}, {"2026-05-31", 30000}};
        CHECK(withheldReason(relance::plan(w.p, "2026-03-31"), 1) == "plan");
        // 1 April: the March instalment is missed.
        Plan plan = relance::plan(w.p, "2026-04-01");
        CHECK(holdState(w.p.holds[0], "2026-04-01").missedCents == 30000);
        CHECK(stepsOf(plan) == std::vector<std::string>{"sms", "call"}); // J+22: the SMS-and-call step
        // Paid on 2 April: held again.
        w.p.holds[0].paid = {{"2026-04-02", 30000}};
        w.pay(1, "2026-04-02", 30000);
        plan = relance::plan(w.p, "2026-04-03");
        CHECK(plan.actions.empty());
        CHECK(withheldReason(plan, 1) == "plan");
        CHECK(holdState(w.p.holds[0], "2026-04-03").status == HoldStatus::Active);
    }
    SUBCASE("a client-wide hold covers every invoice")
    {
        World w;
        w.invoice(1, "2026-03-10");
        w.invoice(2, "2026-02-10");
        w.hold(3, "stop");
        const Plan plan = relance::plan(w.p, "2026-03-17");
        CHECK(plan.actions.empty());
        CHECK(plan.withheld.size() == 2);
    }
}

TEST_CASE("engine: consumers, minimum amounts, minimum days between steps")
{
    SUBCASE("consumer: no interest, no fee, no automatic litigation")
    {
        World w;
        w.p.clients[1].terms.consumer = true;
        w.invoice(1, "2026-03-10");
        Plan plan = relance::plan(w.p, "2026-03-17");
        REQUIRE(plan.actions.size() == 1);
        CHECK(plan.actions[0].interestCents == 0);
        CHECK(plan.actions[0].feeCents == 0);
        CHECK(plan.actions[0].reason.nextStep == "sms"); // (the formal notice's next step is none: below)
        // Never chased and already past the litigation step (issue 23, finding 14: the
        // catch-up picked litigation, withheld, and sent nothing): the formal notice goes,
        // the litigation step is withheld, and the notice names no next step.
        plan = relance::plan(w.p, "2026-04-24");
        CHECK(stepsOf(plan) == std::vector<std::string>{"formal notice"});
        CHECK(plan.actions[0].reason.nextStep.empty());
        CHECK(withheldReason(plan, 1) == "consumer");
        REQUIRE(plan.withheld.size() == 1);
        CHECK(plan.withheld[0].stepName == "litigation");
        // Once the notice went, only the withheld litigation is left; a business client gets it.
        w.done(1, 15, "2026-04-24");
        plan = relance::plan(w.p, "2026-04-25");
        CHECK(plan.actions.empty());
        CHECK(withheldReason(plan, 1) == "consumer");
        w.p.clients[1].terms.consumer = false;
        CHECK(stepsOf(relance::plan(w.p, "2026-04-25")) == std::vector<std::string>{"litigation"});
        w.p.clients[1].terms.consumer = true;
        w.p.done.clear();
        w.p.clients[1].terms.consumerCharges = true; // the contract says so
        plan = relance::plan(w.p, "2026-03-17");
        REQUIRE(plan.actions.size() == 1);
        CHECK(plan.actions[0].feeCents == 0); // never the D441-5 fee for a consumer
    }
    SUBCASE("below the step's minimum: the client's overdue total counts, not one invoice")
    {
        World w;
        w.p.scenarios[0].steps[1].minAmountCents = 100000;
        w.invoice(1, "2026-03-10", 60000);
        CHECK(withheldReason(relance::plan(w.p, "2026-03-17"), 1) == "below_minimum");
        w.invoice(2, "2026-02-01", 50000); // the client now owes 1 100 € past due
        w.done(2, 16, "2026-03-18");       // (invoice 2 is further along)
        const Plan plan = relance::plan(w.p, "2026-03-17");
        CHECK(stepsOf(plan) == std::vector<std::string>{"reminder"});
    }
    SUBCASE("too soon after the previous step")
    {
        World w;
        w.p.scenarios[0].steps[2].minDaysSincePrevious = 10;
        w.p.scenarios[0].steps[3].minDaysSincePrevious = 10;
        w.invoice(1, "2026-03-10");
        w.done(1, 12, "2026-03-20"); // the reminder went late
        CHECK(withheldReason(relance::plan(w.p, "2026-03-25"), 1) == "too_soon");
        CHECK(stepsOf(relance::plan(w.p, "2026-03-30")) == std::vector<std::string>{"sms", "call"});
    }
    SUBCASE("step conditions on segment and risk")
    {
        World w;
        w.p.scenarios[0].steps[2].risk = "high"; // the SMS only for high-risk clients
        w.invoice(1, "2026-03-10");
        CHECK(stepsOf(relance::plan(w.p, "2026-03-25")) == std::vector<std::string>{"call"});
        w.p.clients[1].risk = "high";
        CHECK(stepsOf(relance::plan(w.p, "2026-03-25")) == std::vector<std::string>{"sms", "call"});
    }
}

TEST_CASE("engine: scenario by client, then segment, then default")
{
    World w;
    ScenarioDef retail = standard(2);
    retail.name = "retail";
    retail.isDefault = false;
    retail.segment = "Retail";
    ScenarioDef own = standard(3);
    own.name = "own";
    own.isDefault = false;
    w.p.scenarios.push_back(retail);
    w.p.scenarios.push_back(own);
    w.p.clients[1].segment = "retail";
    CHECK(scenarioFor(w.p, w.p.clients[1])->name == "retail");
    w.p.clients[1].scenarioId = 3;
    CHECK(scenarioFor(w.p, w.p.clients[1])->name == "own");
    w.client(5);
    CHECK(scenarioFor(w.p, w.p.clients[5])->name == "standard");
}

TEST_CASE("engine: business days skip weekends and French public holidays")
{
    World w;
    w.p.scenarios[0].businessDays = true;
    // Due Thursday 30 April 2026; 1 May and 8 May are holidays: J+7 business days is 13 May.
    w.invoice(1, "2026-04-30");
    CHECK(stepsOf(relance::plan(w.p, "2026-05-12")) == std::vector<std::string>{"courtesy"});
    const Plan plan = relance::plan(w.p, "2026-05-13");
    REQUIRE(stepsOf(plan) == std::vector<std::string>{"reminder"});
    CHECK(plan.actions[0].reason.dueOn == "2026-05-13");
    // A Saturday: nothing goes out; what would is withheld with the reason.
    w.done(1, 11, "2026-04-23");
    const Plan saturday = relance::plan(w.p, "2026-05-16");
    CHECK(saturday.actions.empty());
    CHECK(withheldReason(saturday, 1) == "not_business_day");
}

TEST_CASE("engine: a missing rate is an explicit reason, never a silent zero")
{
    World w;
    w.p.rates = RateTable::shipped(); // nothing for 2026-H2
    w.invoice(1, "2026-07-10");
    w.invoice(2, "2026-06-10");
    w.done(2, 12, "2026-06-17");
    w.done(2, 13, "2026-06-25");
    w.done(2, 14, "2026-06-25");
    const Plan plan = relance::plan(w.p, "2026-07-17");
    // The e-mail goes with its interest "not computed"; the formal notice is withheld.
    REQUIRE(plan.actions.size() == 1);
    CHECK(plan.actions[0].stepName == "reminder");
    CHECK_FALSE(plan.actions[0].interestCents.has_value());
    CHECK(plan.actions[0].reason.missingRates == std::vector<std::string>{"2026-H2"});
    CHECK(withheldReason(plan, 2) == "no_rate");
}

TEST_CASE("engine property: random portfolios and run dates — never twice, never held or paid, amounts exact")
{
    std::mt19937 rng(20261125);
    for (int round = 0; round < 20; ++round) {
        World w;
        w.p.scenarios[0].steps[4].mode = "auto";
        const int clients = 1 + static_cast<int>(rng() % 8);
        for (int c = 2; c <= clients; ++c)
            w.client(c).terms.consumer = rng() % 5 == 0;
        std::int64_t next = 1;
        for (int i = 0; i < 40; ++i) {
            const std::string due = timeutil::addDays("2026-01-01", static_cast<long>(rng() % 150));
            auto& inv = w.invoice(next++, due.c_str(), 1000 + static_cast<std::int64_t>(rng() % 500000),
                1 + static_cast<std::int64_t>(rng() % clients));
            inv.disputed = rng() % 10 == 0;
        }
        if (rng() % 2) {
            Hold& h = w.hold(1, "stop", {1 + static_cast<std::int64_t>(rng() % 40)});
            h.until = timeutil::addDays("2026-03-01", static_cast<long>(rng() % 60));
        }
        std::set<std::pair<std::int64_t, std::int64_t>> sent;
        std::string day = "2026-01-01";
        while (day < "2026-08-01") {
            day = timeutil::addDays(day, 1 + static_cast<long>(rng() % 9));
            // Some payments, dated on or before the run.
            for (auto& inv : w.p.invoices)
                if (inv.openCents > 0 && rng() % 25 == 0) {
                    const std::int64_t cents = std::min<std::int64_t>(inv.openCents, 1 + rng() % 200000);
                    w.pay(inv.id, day.c_str(), cents);
                }
            const Plan plan = relance::plan(w.p, day);
            for (const auto& a : plan.actions) {
                for (const auto& ai : a.invoices) {
                    const auto& inv = *std::find_if(w.p.invoices.begin(), w.p.invoices.end(),
                        [&](const OpenInvoice& i) { return i.id == ai.invoiceId; });
                    CHECK(inv.openCents > 0);
                    CHECK_FALSE(inv.disputed);
                    CHECK(ai.openCents == inv.openCents);
                    for (const auto& h : w.p.holds)
                        if (std::count(h.invoiceIds.begin(), h.invoiceIds.end(), inv.id))
                            CHECK(holdState(h, day).status != HoldStatus::Active);
                    CHECK(sent.insert({ai.invoiceId, a.stepId}).second); // never twice
                    w.done(ai.invoiceId, a.stepId, day.c_str());
                }
            }
        }
        CHECK_FALSE(sent.empty());
    }
}
