#include "core/relance/engine.hpp"

#include "core/relance/calendar.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace crm::relance {

const char* holdStatusName(HoldStatus s)
{
    switch (s) {
    case HoldStatus::Active: return "active";
    case HoldStatus::Kept: return "kept";
    case HoldStatus::Broken: return "broken";
    case HoldStatus::Ended: return "ended";
    }
    return "active";
}

HoldState holdState(const Hold& h, const std::string& asOf)
{
    HoldState s;
    if (!h.endedOn.empty() && h.endedOn <= asOf) {
        s.status = HoldStatus::Ended;
        return s;
    }
    if (h.kind == "stop") {
        if (!h.until.empty() && asOf > h.until)
            s.status = HoldStatus::Ended; // lifted itself
        return s;
    }
    if (h.kind == "promise") {
        for (const auto& p : h.paid)
            if (p.date >= h.startsOn && p.date <= std::min(h.date, asOf))
                s.paidCents += p.cents;
        if (asOf <= h.date)
            s.status = s.paidCents >= h.amountCents ? HoldStatus::Kept : HoldStatus::Active;
        else
            s.status = s.paidCents >= h.amountCents ? HoldStatus::Kept : HoldStatus::Broken;
        return s;
    }
    // A payment plan: an instalment dated D is missed from D + 1 if what was paid since the
    // plan began does not cover every instalment up to D.
    std::int64_t dueSoFar = 0, total = 0;
    for (const auto& i : h.instalments) {
        total += i.cents;
        if (i.date < asOf)
            dueSoFar += i.cents;
    }
    for (const auto& p : h.paid)
        if (p.date >= h.startsOn && p.date <= asOf)
            s.paidCents += p.cents;
    if (s.paidCents >= total)
        s.status = HoldStatus::Kept;
    else if (s.paidCents < dueSoFar) {
        s.status = HoldStatus::Broken;
        s.missedCents = dueSoFar - s.paidCents;
    }
    return s;
}

std::string Reason::text() const
{
    std::string t = "step due on " + dueOn + " (offset " + std::to_string(offsetDays) + " days)";
    if (!skipped.empty()) {
        t += "; caught up: ";
        for (std::size_t i = 0; i < skipped.size(); ++i)
            t += (i ? ", " : "") + skipped[i];
        t += " not sent (later step already due)";
    }
    t += nextStep.empty() ? "; last step of the scenario" : "; next: " + nextStep + " from " + nextOn;
    for (const auto& h : missingRates)
        t += "; no ECB rate for " + h + ": interest not computed";
    for (auto id : brokenHolds)
        t += "; hold " + std::to_string(id) + " broken: chase resumed";
    return t;
}

const ScenarioDef* scenarioFor(const Portfolio& p, const ClientInfo& c)
{
    const ScenarioDef* bySegment = nullptr;
    const ScenarioDef* byDefault = nullptr;
    auto lower = [](std::string s) {
        for (auto& ch : s)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        return s;
    };
    const std::string segment = lower(c.segment);
    for (const auto& s : p.scenarios) {
        if (c.scenarioId != 0 && s.id == c.scenarioId)
            return &s;
        if (!segment.empty() && !s.segment.empty() && lower(s.segment) == segment)
            bySegment = &s;
        if (s.isDefault)
            byDefault = &s;
    }
    return bySegment ? bySegment : byDefault;
}

namespace {

long dayNumber(const std::string& iso)
{
    return date::sys_days{*timeutil::parseDate(iso)}.time_since_epoch().count();
}

std::string fromDayNumber(long n)
{
    return timeutil::formatDate(date::year_month_day{date::sys_days{date::days{n}}});
}

// Business days on day numbers, with each year's holidays computed once.
class WorkCalendar {
public:
    bool isBusinessDay(long day)
    {
        const date::weekday wd{date::sys_days{date::days{day}}};
        if (wd == date::Saturday || wd == date::Sunday)
            return false;
        const int year = static_cast<int>(date::year_month_day{date::sys_days{date::days{day}}}.year());
        auto it = m_holidays.find(year);
        if (it == m_holidays.end()) {
            std::set<long> days;
            for (const auto& h : frenchPublicHolidays(year))
                days.insert(dayNumber(h));
            it = m_holidays.emplace(year, std::move(days)).first;
        }
        return it->second.count(day) == 0;
    }
    // Business days from `from` to `to`: how many business days in (from, to], negative
    // (minus those in (to, from]) when `to` is earlier. Counted once per pair.
    long elapsed(long from, long to)
    {
        const auto key = std::make_pair(from, to);
        if (auto it = m_elapsed.find(key); it != m_elapsed.end())
            return it->second;
        long n = 0;
        if (to >= from) {
            for (long d = from + 1; d <= to; ++d)
                n += isBusinessDay(d) ? 1 : 0;
        } else {
            for (long d = to + 1; d <= from; ++d)
                n -= isBusinessDay(d) ? 1 : 0;
        }
        m_elapsed.emplace(key, n);
        return n;
    }
    // The day `offset` business days after `from` (before it when negative).
    long add(long from, long offset)
    {
        long d = from;
        const long step = offset < 0 ? -1 : 1;
        for (long left = offset < 0 ? -offset : offset; left > 0;) {
            d += step;
            if (isBusinessDay(d))
                --left;
        }
        return d;
    }

private:
    std::map<int, std::set<long>> m_holidays;
    std::map<std::pair<long, long>, long> m_elapsed;
};

// Which active holds cover what, on asOf.
struct HoldIndex {
    std::unordered_map<std::int64_t, std::vector<const Hold*>> byInvoice, byClient;
};

int holdRank(const std::string& kind)
{
    return kind == "stop" ? 0 : kind == "plan" ? 1 : 2;
}

const Hold* holdingHold(const HoldIndex& idx, std::int64_t invoiceId, std::int64_t clientId)
{
    const Hold* best = nullptr;
    auto consider = [&](const std::unordered_map<std::int64_t, std::vector<const Hold*>>& m, std::int64_t key) {
        auto it = m.find(key);
        if (it == m.end())
            return;
        for (const Hold* h : it->second)
            if (!best || holdRank(h->kind) < holdRank(best->kind))
                best = h;
    };
    consider(idx.byInvoice, invoiceId);
    consider(idx.byClient, clientId);
    return best;
}

bool stepApplies(const StepDef& s, const ClientInfo& c)
{
    auto sameText = [](const std::string& a, const std::string& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
            auto low = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
            return low(x) == low(y);
        });
    };
    return s.active && (s.segment.empty() || sameText(s.segment, c.segment)) && (s.risk.empty() || s.risk == c.risk);
}

bool statesInterest(const std::string& channel)
{
    return channel == "letter" || channel == "formal_notice" || channel == "litigation";
}

} // namespace

bool price(Action& a, const Portfolio& p, const std::string& asOf)
{
    const ClientInfo& client = p.clients.at(a.clientId);
    std::set<std::string> missing;
    std::int64_t interest = 0;
    bool interestKnown = true;
    a.openCents = a.feeCents = 0;
    for (auto& ai : a.invoices) {
        std::vector<Settlement> settlements;
        if (ai.hasSettlements && p.settlementsOf)
            settlements = p.settlementsOf(ai.invoiceId);
        const LateCharges ch = lateCharges(ai.amountCents, ai.dueDate, settlements, asOf, p.rates, client.terms);
        ai.feeCents = ch.feeCents;
        if (ch.ok()) {
            ai.interestCents = ch.interestCents;
            interest += ch.interestCents;
        } else {
            interestKnown = false;
            missing.insert(ch.missingRates.begin(), ch.missingRates.end());
        }
        a.openCents += ai.openCents;
        a.feeCents += ai.feeCents;
    }
    a.interestCents = interestKnown ? std::optional<std::int64_t>(interest) : std::nullopt;
    a.reason.missingRates.assign(missing.begin(), missing.end());
    return interestKnown;
}

std::optional<Action> overdueAction(const Portfolio& p, std::int64_t clientId, const std::string& asOf)
{
    if (!p.clients.count(clientId))
        return std::nullopt;
    const long today = dayNumber(asOf);
    Action a;
    a.clientId = clientId;
    a.collectorId = p.clients.at(clientId).collectorId;
    a.mode = "confirm";
    for (const auto& inv : p.invoices) {
        if (inv.clientId != clientId || inv.disputed || inv.openCents <= 0 || dayNumber(inv.dueDate) >= today)
            continue;
        if (a.invoices.empty())
            a.currency = inv.currency;
        if (inv.currency != a.currency)
            continue; // one currency a message; the oldest invoice's
        ActionInvoice ai;
        ai.invoiceId = inv.id;
        ai.dueDate = inv.dueDate;
        ai.amountCents = inv.amountCents;
        ai.openCents = inv.openCents;
        ai.daysOverdue = today - dayNumber(inv.dueDate);
        ai.hasSettlements = inv.hasSettlements;
        a.invoices.push_back(ai);
    }
    if (a.invoices.empty())
        return std::nullopt;
    std::sort(a.invoices.begin(), a.invoices.end(), [](const ActionInvoice& x, const ActionInvoice& y) {
        return std::tie(x.dueDate, x.invoiceId) < std::tie(y.dueDate, y.invoiceId);
    });
    price(a, p, asOf);
    return a;
}

bool isPostalAddress(const std::string& address)
{
    int lines = 0;
    std::size_t start = 0;
    while (start <= address.size()) {
        std::size_t end = address.find('\n', start);
        if (end == std::string::npos)
            end = address.size();
        if (address.find_first_not_of(" \t\r", start) < end)
            ++lines;
        start = end + 1;
    }
    return lines >= 2;
}

Plan plan(const Portfolio& p, const std::string& asOf)
{
    Plan out;
    out.asOf = asOf;
    const long today = dayNumber(asOf);
    WorkCalendar cal;

    // Every step's offset, whatever its scenario (a client may have changed scenario).
    std::unordered_map<std::int64_t, long> stepOffset;
    for (const auto& s : p.scenarios)
        for (const auto& st : s.steps)
            stepOffset[st.id] = st.offsetDays;

    // Holds in force today; broken ones are reported for the log.
    HoldIndex holds;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> brokenByClient;
    for (const auto& h : p.holds) {
        const HoldState st = holdState(h, asOf);
        if (st.status == HoldStatus::Broken) {
            out.broken.push_back({h.id, h.clientId, h.kind, st.missedCents});
            brokenByClient[h.clientId].push_back(h.id);
        }
        if (st.status != HoldStatus::Active)
            continue;
        if (h.invoiceIds.empty())
            holds.byClient[h.clientId].push_back(&h);
        for (auto id : h.invoiceIds)
            holds.byInvoice[id].push_back(&h);
    }

    // What each client owes past due, per currency (the steps' minimum amount).
    std::unordered_map<std::int64_t, std::vector<std::pair<std::string, std::int64_t>>> overdue;
    for (const auto& inv : p.invoices) {
        if (inv.dueDate >= asOf)
            continue;
        auto& sums = overdue[inv.clientId];
        auto it = std::find_if(sums.begin(), sums.end(), [&](const auto& s) { return s.first == inv.currency; });
        if (it == sums.end())
            sums.emplace_back(inv.currency, inv.openCents);
        else
            it->second += inv.openCents;
    }
    auto overdueOf = [&](std::int64_t clientId, const std::string& currency) -> std::int64_t {
        auto it = overdue.find(clientId);
        if (it == overdue.end())
            return 0;
        for (const auto& [cur, cents] : it->second)
            if (cur == currency)
                return cents;
        return 0;
    };
    // Each client's scenario, looked up once.
    std::unordered_map<std::int64_t, const ScenarioDef*> scenarioOf;

    std::map<std::string, std::size_t> actionByKey;
    for (const auto& inv : p.invoices) {
        auto cit = p.clients.find(inv.clientId);
        if (cit == p.clients.end() || inv.openCents <= 0)
            continue;
        const ClientInfo& client = cit->second;
        auto [sit, firstSeen] = scenarioOf.emplace(inv.clientId, nullptr);
        if (firstSeen)
            sit->second = scenarioFor(p, client);
        const ScenarioDef* sc = sit->second;
        if (!sc)
            continue;
        const long due = dayNumber(inv.dueDate);
        const long elapsed = sc->businessDays ? cal.elapsed(due, today) : today - due;

        // The greatest offset reached, among the steps this client's scenario holds for it
        // and may send it: a consumer is never handed over to litigation by the engine, so
        // one never chased whose due date is past that step still gets the latest step
        // before it (the formal notice), and the litigation step is shown withheld.
        auto mayReceive = [&](const StepDef& st) { return !(client.terms.consumer && st.channel == "litigation"); };
        std::optional<long> target;
        const StepDef* consumerLitigation = nullptr;
        for (const auto& st : sc->steps) {
            if (!stepApplies(st, client) || st.offsetDays > elapsed)
                continue;
            if (!mayReceive(st)) {
                if (!consumerLitigation || st.offsetDays > consumerLitigation->offsetDays)
                    consumerLitigation = &st;
            } else if (!target || st.offsetDays > *target)
                target = st.offsetDays;
        }
        if (!target && !consumerLitigation)
            continue;

        const std::vector<DoneMark>* done = nullptr;
        if (auto dit = p.done.find(inv.id); dit != p.done.end())
            done = &dit->second;
        std::optional<long> furthestDone;
        std::string lastDoneOn;
        auto isDone = [&](std::int64_t stepId) {
            return done
                && std::any_of(done->begin(), done->end(), [&](const DoneMark& d) { return d.stepId == stepId; });
        };
        if (done)
            for (const auto& d : *done) {
                auto o = stepOffset.find(d.stepId);
                if (o != stepOffset.end() && (!furthestDone || o->second > *furthestDone))
                    furthestDone = o->second;
                lastDoneOn = std::max(lastDoneOn, d.on);
            }
        if (consumerLitigation && !isDone(consumerLitigation->id)
            && (!furthestDone || *furthestDone <= consumerLitigation->offsetDays))
            out.withheld.push_back({inv.id, inv.clientId, consumerLitigation->id, consumerLitigation->name, "consumer",
                0, "a consumer is not handed over to litigation by the engine", {}});
        if (!target || (furthestDone && *furthestDone > *target))
            continue; // never backwards

        for (const auto& st : sc->steps) {
            if (!stepApplies(st, client) || !mayReceive(st) || st.offsetDays != *target || isDone(st.id))
                continue;
            auto withhold = [&](std::string reason, std::int64_t holdId, std::string detail) {
                out.withheld.push_back(
                    {inv.id, inv.clientId, st.id, st.name, std::move(reason), holdId, std::move(detail), {}});
            };
            if (sc->businessDays && !cal.isBusinessDay(today)) {
                withhold("not_business_day", 0, "the scenario counts business days only");
                continue;
            }
            if (const Hold* h = holdingHold(holds, inv.id, inv.clientId); h && h->kind == "stop") {
                withhold("stop", h->id, h->until.empty() ? "" : "until " + h->until);
                continue;
            }
            if (inv.disputed) {
                withhold("dispute", 0, "");
                continue;
            }
            if (const Hold* h = holdingHold(holds, inv.id, inv.clientId)) {
                withhold(h->kind, h->id, h->kind == "promise" ? "promised for " + h->date : "");
                continue;
            }
            const std::int64_t owed = overdueOf(inv.clientId, inv.currency);
            if (owed < st.minAmountCents) {
                withhold("below_minimum", 0,
                    std::to_string(owed) + " < " + std::to_string(st.minAmountCents) + " cents overdue");
                continue;
            }
            if (st.channel == "letter" || st.channel == "formal_notice") {
                if (!p.letterMissing.empty()) {
                    std::string fields;
                    for (const auto& f : p.letterMissing)
                        fields += (fields.empty() ? "" : ", ") + f;
                    withhold("no_company_details", 0, fields);
                    continue;
                }
                if (!client.postalAddress) {
                    withhold("no_address", 0, "");
                    continue;
                }
            }
            if (st.minDaysSincePrevious > 0 && !lastDoneOn.empty()
                && today - dayNumber(lastDoneOn) < st.minDaysSincePrevious) {
                withhold("too_soon", 0,
                    "previous step on " + lastDoneOn + ", " + std::to_string(st.minDaysSincePrevious) + " days needed");
                continue;
            }

            std::string key = "c" + std::to_string(inv.clientId) + "-s" + std::to_string(st.id);
            if (inv.currency != "EUR")
                key += "-" + inv.currency;
            if (sc->perInvoice)
                key += "-i" + std::to_string(inv.id);
            auto [it, fresh] = actionByKey.emplace(key, out.actions.size());
            if (fresh) {
                Action a;
                a.key = key;
                a.clientId = inv.clientId;
                a.scenarioId = sc->id;
                a.stepId = st.id;
                a.collectorId = client.collectorId;
                a.stepName = st.name;
                a.channel = st.channel;
                a.mode = st.mode;
                a.templateCode = st.templateCode;
                a.stage = st.stage;
                a.currency = inv.currency;
                a.reason.offsetDays = st.offsetDays;
                a.reason.dueOn = fromDayNumber(sc->businessDays ? cal.add(due, st.offsetDays) : due + st.offsetDays);
                if (auto b = brokenByClient.find(inv.clientId); b != brokenByClient.end())
                    a.reason.brokenHolds = b->second;
                const StepDef* next = nullptr;
                for (const auto& other : sc->steps)
                    if (stepApplies(other, client) && mayReceive(other) && other.offsetDays > st.offsetDays
                        && (!next || other.offsetDays < next->offsetDays))
                        next = &other;
                if (next) {
                    a.reason.nextStep = next->name;
                    a.reason.nextOn
                        = fromDayNumber(sc->businessDays ? cal.add(due, next->offsetDays) : due + next->offsetDays);
                }
                for (const auto& earlier : sc->steps)
                    if (stepApplies(earlier, client) && earlier.offsetDays < st.offsetDays
                        && (!furthestDone || earlier.offsetDays > *furthestDone) && !isDone(earlier.id))
                        a.reason.skipped.push_back(earlier.name);
                out.actions.push_back(std::move(a));
            }
            ActionInvoice ai;
            ai.invoiceId = inv.id;
            ai.dueDate = inv.dueDate;
            ai.amountCents = inv.amountCents;
            ai.openCents = inv.openCents;
            ai.daysOverdue = today - due;
            ai.hasSettlements = inv.hasSettlements;
            out.actions[it->second].invoices.push_back(ai);
        }
    }

    // Charges, for the invoices in actions only. A letter that must state interest and
    // cannot is withheld (no_rate); other channels go out with the interest "not computed".
    std::vector<Action> priced;
    priced.reserve(out.actions.size());
    for (auto& a : out.actions) {
        if (!price(a, p, asOf) && statesInterest(a.channel)) {
            std::string halves;
            for (const auto& h : a.reason.missingRates)
                halves += (halves.empty() ? "" : ", ") + h;
            for (const auto& ai : a.invoices)
                out.withheld.push_back({ai.invoiceId, a.clientId, a.stepId, a.stepName, "no_rate", 0,
                    "no ECB rate for " + halves, a.reason.missingRates});
            continue;
        }
        priced.push_back(std::move(a));
    }
    out.actions = std::move(priced);

    std::sort(out.actions.begin(), out.actions.end(), [](const Action& x, const Action& y) {
        return std::tie(x.clientId, x.reason.offsetDays, x.key) < std::tie(y.clientId, y.reason.offsetDays, y.key);
    });
    std::sort(out.withheld.begin(), out.withheld.end(), [](const Withheld& x, const Withheld& y) {
        return std::tie(x.clientId, x.invoiceId, x.stepId) < std::tie(y.clientId, y.invoiceId, y.stepId);
    });
    return out;
}

} // namespace crm::relance
