// The relance engine: which reminder each overdue client gets on a given day, and why.
//
// A pure function of the portfolio's state and a date — no database, no clock — so it
// is tested on hand-made portfolios. The service (RelanceService) loads the state,
// calls plan(), and executes what the user selects.
//
// The rules, per open invoice (not paid, not cancelled; its balance on `asOf`):
//  * Its client follows its own scenario, else the scenario of its segment, else the
//    default one. Steps whose conditions (segment, risk) the client does not meet are
//    not part of its scenario.
//  * The step due is the one with the greatest offset reached on `asOf` (days from the
//    due date, or business days when the scenario says so). Steps at the same offset go
//    together (an SMS and a call). After days without a run, only that latest step is
//    due — the missed ones are named in the reason, never sent in a burst.
//  * Never twice, never backwards: a step already done for the invoice, or any step
//    with a greater offset done, leaves nothing to do.
//  * Withheld, with the reason: a stop (manual or legal hold), a dispute, an active
//    payment plan, an active promise (held until its date), a consumer at the
//    litigation step, a client whose overdue total is below the step's minimum, a step
//    sooner than its minimum days since the previous one, a business-days scenario on a
//    day off, and a letter whose interest cannot be computed for want of a rate.
//  * Letters and formal notices are withheld while the company's details a letter needs
//    are missing (no_company_details, naming them) or the client has no postal address
//    (no_address: at least two lines, the street then the postcode and the town).
//  * A promise whose date has passed without the promised amount paid is broken; a plan
//    with an instalment missed is broken until it is caught up: the chase resumes.
//  * Actions group a client's invoices at one step (and currency) into one message,
//    unless the scenario sends one per invoice.
#pragma once

#include "core/relance/charges.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::relance {

struct StepDef {
    std::int64_t id = 0;
    std::string name;
    long offsetDays = 0;
    std::string channel; // email | sms | letter | call | formal_notice | litigation
    std::string templateCode;
    std::string mode = "auto"; // auto | confirm
    std::int64_t minAmountCents = 0;
    long minDaysSincePrevious = 0;
    std::string segment; // condition; empty: any
    std::string risk;    // condition; empty: any
    std::string stage;   // the stage it moves the client to; empty: none
    bool active = true;
};

struct ScenarioDef {
    std::int64_t id = 0;
    std::string name;
    bool isDefault = false;
    std::string segment; // the segment it is for; empty: none
    bool businessDays = false;
    bool perInvoice = false;
    std::vector<StepDef> steps;
};

struct ClientInfo {
    std::int64_t id = 0;
    std::string segment, risk = "medium";
    std::int64_t scenarioId = 0; // 0: none of its own
    ChargeTerms terms;
    std::int64_t collectorId = 0;
    bool postalAddress = true; // isPostalAddress(its address): a letter can be sent
};

// A postal address a letter can be sent to: at least two non-empty lines (the street,
// then the postcode and the town; the country may follow).
bool isPostalAddress(const std::string& address);

struct OpenInvoice {
    std::int64_t id = 0, clientId = 0;
    std::string dueDate;
    std::int64_t amountCents = 0;
    std::int64_t openCents = 0; // unpaid on asOf
    std::string currency = "EUR";
    bool disputed = false;
    bool hasSettlements = false; // any allocation: settlementsOf is asked for them
};

struct DoneMark {
    std::int64_t stepId = 0;
    std::string on;
};

struct Instalment {
    std::string date;
    std::int64_t cents = 0;
};

struct Hold {
    std::int64_t id = 0, clientId = 0;
    std::string kind;                     // promise | plan | stop
    std::vector<std::int64_t> invoiceIds; // empty: the whole client
    std::int64_t amountCents = 0;         // promise
    std::string date;                     // promise: the promised date
    std::string until;                    // stop: last day held; empty: until ended
    std::vector<Instalment> instalments;  // plan
    std::string startsOn;
    std::string endedOn;          // empty: not ended by hand
    std::vector<Settlement> paid; // money allocated to the covered invoices on or after startsOn
};

enum class HoldStatus { Active, Kept, Broken, Ended };
const char* holdStatusName(HoldStatus s);

struct HoldState {
    HoldStatus status = HoldStatus::Active;
    std::int64_t paidCents = 0;   // towards the promise or the plan, so far
    std::int64_t missedCents = 0; // a plan: instalments due and unpaid
};
HoldState holdState(const Hold& h, const std::string& asOf);

struct Portfolio {
    std::vector<ScenarioDef> scenarios;
    std::unordered_map<std::int64_t, ClientInfo> clients;
    std::vector<OpenInvoice> invoices;
    std::unordered_map<std::int64_t, std::vector<DoneMark>> done; // by invoice
    std::vector<Hold> holds;
    RateTable rates;
    // What the company's settings lack for a letter (legal_name, address…); empty: nothing.
    std::vector<std::string> letterMissing;
    // The dated settlements (allocations, credit notes) of an invoice with hasSettlements.
    std::function<std::vector<Settlement>(std::int64_t invoiceId)> settlementsOf;
};

struct ActionInvoice {
    std::int64_t invoiceId = 0;
    std::string dueDate;
    std::int64_t amountCents = 0, openCents = 0;
    long daysOverdue = 0;
    std::optional<std::int64_t> interestCents; // nullopt: a rate is missing
    std::int64_t feeCents = 0;
    bool hasSettlements = false;
};

struct Reason {
    std::string dueOn;                // the day the step fell due
    long offsetDays = 0;              // the step's offset
    std::vector<std::string> skipped; // earlier steps never sent (caught up)
    std::string nextStep, nextOn;     // the following step, and from when
    std::vector<std::string> missingRates;
    std::vector<std::int64_t> brokenHolds; // promises or plans broken that resume the chase
    std::string text() const;
};

struct Action {
    std::string key;
    std::int64_t clientId = 0, scenarioId = 0, stepId = 0, collectorId = 0;
    std::string stepName, channel, mode, templateCode, stage, currency;
    std::vector<ActionInvoice> invoices;
    std::int64_t openCents = 0, feeCents = 0;
    std::optional<std::int64_t> interestCents;
    Reason reason;
};

struct Withheld {
    std::int64_t invoiceId = 0, clientId = 0, stepId = 0;
    std::string stepName;
    std::string reason; // stop | dispute | plan | promise | consumer | below_minimum | too_soon | not_business_day |
                        // no_company_details | no_address | no_rate
    std::int64_t holdId = 0;
    std::string detail;
    std::vector<std::string> missingRates; // no_rate: the half-years without a rate
};

struct BrokenHold {
    std::int64_t holdId = 0, clientId = 0;
    std::string kind;
    std::int64_t missedCents = 0;
};

struct Plan {
    std::string asOf;
    std::vector<Action> actions;
    std::vector<Withheld> withheld;
    std::vector<BrokenHold> broken;
};

// Prices an action's invoices on asOf (interest, 40 € fees, the open amount): false when
// an ECB rate the interest needs is missing (interestCents stays empty, missingRates says
// which half-years).
bool price(Action& a, const Portfolio& p, const std::string& asOf);

// What a client owes past due on asOf, as one priced action outside any scenario (a
// reminder sent now by hand): its invoices not disputed, unpaid and due before asOf, in
// the currency of the oldest; nullopt when nothing is overdue.
std::optional<Action> overdueAction(const Portfolio& p, std::int64_t clientId, const std::string& asOf);

Plan plan(const Portfolio& p, const std::string& asOf);

// The scenario a client follows (own, segment's, default); nullptr when there is none.
const ScenarioDef* scenarioFor(const Portfolio& p, const ClientInfo& c);

} // namespace crm::relance
