#include "core/service/report_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/invoice_model.hpp"
#include "core/model/log_model.hpp"
#include "core/model/report_model.hpp"
#include "core/model/user_model.hpp"
#include "core/service/hold_service.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/by_id.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace crm::service {

namespace {

std::optional<Error> checkDate(const char* field, const std::string& d)
{
    if (!timeutil::isValidDate(d))
        return Error::validation(field, "invalid_date", std::string(field) + " must be a date YYYY-MM-DD");
    return std::nullopt;
}

std::optional<Error> checkPage(std::int64_t offset, std::int64_t limit)
{
    if (limit < 1 || limit > 1000 || offset < 0)
        return Error::validation(limit < 1 || limit > 1000 ? "limit" : "offset", "out_of_range",
            "limit is 1 to 1000 and offset not negative");
    return std::nullopt;
}

double oneDecimal(double v)
{
    return std::round(v * 10.0) / 10.0;
}

// Collected over what could have been: a ratio to four decimals (0 when nothing was owed).
double rateOf(std::int64_t collected, std::int64_t base)
{
    return base > 0 ? std::round(10000.0 * static_cast<double>(collected) / static_cast<double>(base)) / 10000.0 : 0.0;
}

// Collection effectiveness index, in percent to one decimal: (opening + invoiced − closing)
// / (opening + invoiced − closing current) × 100; none when nothing was collectable.
std::optional<double> cei(
    std::int64_t opening, std::int64_t invoiced, std::int64_t closing, std::int64_t closingCurrent)
{
    const std::int64_t collectable = opening + invoiced - closingCurrent;
    if (collectable <= 0)
        return std::nullopt;
    return oneDecimal(100.0 * static_cast<double>(opening + invoiced - closing) / static_cast<double>(collectable));
}

// Count-back DSO: the receivables on `asOf` are matched against the sales of the months
// before it, newest first — (as_of − 1 month, as_of], then the month before... — until
// they are used up (at most 24 months); a month partly used counts its share of days.
DsoReport countBack(const std::string& asOf, const std::string& currency, std::int64_t receivables,
    const std::function<std::int64_t(const std::string& from, const std::string& to)>& salesIn)
{
    DsoReport out;
    out.asOf = asOf;
    out.currency = currency;
    out.receivablesCents = receivables;
    std::int64_t remaining = receivables;
    double days = 0;
    out.complete = remaining == 0;
    for (int k = 0; k < 24 && remaining > 0; ++k) {
        const std::string to = timeutil::addMonths(asOf, -k);
        const std::string from = timeutil::addDays(timeutil::addMonths(asOf, -(k + 1)), 1);
        const long periodDays = timeutil::daysBetween(timeutil::addDays(from, -1), to);
        const std::int64_t sales = salesIn(from, to);
        out.periods.push_back({from, to, sales, periodDays});
        if (sales <= 0) {
            days += static_cast<double>(periodDays);
            continue;
        }
        if (remaining >= sales) {
            remaining -= sales;
            days += static_cast<double>(periodDays);
        } else {
            days += static_cast<double>(periodDays) * static_cast<double>(remaining) / static_cast<double>(sales);
            remaining = 0;
        }
        out.complete = remaining == 0;
    }
    out.dsoDays = oneDecimal(days);
    return out;
}

// Sums over date ranges from day-by-day sums (prefix sums: one lookup per range).
class DailySums {
public:
    explicit DailySums(const std::vector<std::pair<std::string, std::int64_t>>& days)
    {
        m_dates.reserve(days.size());
        m_prefix.reserve(days.size() + 1);
        m_prefix.push_back(0);
        for (const auto& [d, cents] : days) {
            m_dates.push_back(d);
            m_prefix.push_back(m_prefix.back() + cents);
        }
    }
    // The sum of the days in [from, to] among those loaded.
    std::int64_t in(const std::string& from, const std::string& to) const
    {
        const auto a = std::lower_bound(m_dates.begin(), m_dates.end(), from) - m_dates.begin();
        const auto b = std::upper_bound(m_dates.begin(), m_dates.end(), to) - m_dates.begin();
        return b > a ? m_prefix[static_cast<std::size_t>(b)] - m_prefix[static_cast<std::size_t>(a)] : 0;
    }

private:
    std::vector<std::string> m_dates;
    std::vector<std::int64_t> m_prefix;
};

std::string monthStart(const std::string& date)
{
    return date.substr(0, 8) + "01";
}

// A period's two dates, valid and in order.
std::optional<Error> checkPeriod(const std::string& from, const std::string& to)
{
    if (auto e = checkDate("from", from))
        return e;
    if (auto e = checkDate("to", to))
        return e;
    if (to < from)
        return Error::validation("to", "before_from", "the period ends before it starts");
    return std::nullopt;
}

} // namespace

std::optional<Error> ReportService::prepare(const Actor& actor, ReportScope& scope)
{
    if (auto e = require(actor, Perm::ReportRead))
        return e;
    if (!isCurrencyCode(scope.currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    return ownPortfolio(actor, scope.collector);
}

std::vector<std::pair<std::int64_t, Buckets>> ReportService::agingByClient(
    const std::string& asOf, const ReportScope& scope)
{
    // Added up by client id in a vector while the ids are dense (ById: a std::map looked up
    // for each of 150 000 owed invoices was a fifth of the team's reports).
    ById<Buckets> byClient;
    byClient.expect(model::ReportModel(m_ctx.db).clientCount());
    const model::AgeBucketer bucketOf(asOf);
    model::InvoiceModel(m_ctx.db).scanOwedAsOf(asOf, scope.currency, scope.collector, [&](const model::OwedRow& r) {
        byClient.add(r.clientId).cents[static_cast<std::size_t>(bucketOf(r.dueDate))] += r.cents;
    });
    std::vector<std::pair<std::int64_t, Buckets>> out;
    for (const auto id : byClient.where([](const Buckets&) { return true; }, SIZE_MAX))
        out.emplace_back(id, *byClient.find(id));
    return out;
}

std::int64_t ReportService::receivables(const std::string& asOf, const ReportScope& scope)
{
    return owedOn({asOf}, scope)[0].receivables;
}

ClientAging ReportService::clientAging(std::int64_t id, const Buckets& b)
{
    ClientAging row;
    row.clientId = id;
    row.buckets = b;
    if (auto c = model::ClientModel(m_ctx.db).get(id)) {
        row.code = c->code;
        row.name = c->name;
        row.assignedTo = c->assignedTo;
    }
    return row;
}

Result<AgingReport> ReportService::aging(const Actor& actor, const std::string& asOf, ReportScope scope, bool byClient,
    std::int64_t offset, std::int64_t limit)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (auto e = checkPage(offset, limit))
        return *e;
    const auto rows = agingByClient(asOf, scope);
    AgingReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    out.byClient = byClient;
    for (const auto& [client, b] : rows)
        for (std::size_t k = 0; k < 5; ++k)
            out.total.cents[k] += b.cents[k];
    if (byClient) {
        std::vector<std::pair<std::int64_t, std::size_t>> order; // (-total, its row: by client id)
        for (std::size_t k = 0; k < rows.size(); ++k)
            if (rows[k].second.total() != 0)
                order.push_back({-rows[k].second.total(), k});
        std::sort(order.begin(), order.end());
        out.clientsTotal = static_cast<std::int64_t>(order.size());
        for (std::size_t k = static_cast<std::size_t>(offset);
             k < order.size() && k < static_cast<std::size_t>(offset + limit); ++k)
            out.clients.push_back(clientAging(rows[order[k].second].first, rows[order[k].second].second));
    }
    return out;
}

Result<DsoReport> ReportService::dso(const Actor& actor, const std::string& asOf, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    model::ReportModel model(m_ctx.db);
    return countBack(
        asOf, scope.currency, receivables(asOf, scope), [&](const std::string& from, const std::string& to) {
            return model.invoiced(from, to, scope.currency, scope.collector);
        });
}

Result<CollectionRateReport> ReportService::collectionRate(
    const Actor& actor, const std::string& from, const std::string& to, ReportScope scope, bool withRate)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkPeriod(from, to))
        return *e;
    model::ReportModel model(m_ctx.db);
    CollectionRateReport out;
    out.from = from;
    out.to = to;
    out.currency = scope.currency;
    out.invoicedCents = model.invoiced(from, to, scope.currency, scope.collector);
    out.collectedCents = model.collected(from, to, scope.currency, scope.collector);
    out.withRate = withRate;
    if (withRate) {
        out.openingCents = receivables(timeutil::addDays(from, -1), scope);
        out.rate = rateOf(out.collectedCents, out.openingCents + out.invoicedCents);
    }
    return out;
}

Result<TopOverdueReport> ReportService::topOverdue(
    const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t n)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (n < 1 || n > 100)
        return Error::validation("limit", "out_of_range", "limit is 1 to 100");
    const auto rows = agingByClient(asOf, scope);
    std::vector<std::pair<std::int64_t, std::size_t>> order; // (-overdue, its row: by client id)
    for (std::size_t k = 0; k < rows.size(); ++k)
        if (rows[k].second.overdue() > 0)
            order.push_back({-rows[k].second.overdue(), k});
    const std::size_t shown = std::min(order.size(), static_cast<std::size_t>(n));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end());
    TopOverdueReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    for (std::size_t k = 0; k < shown; ++k)
        out.clients.push_back(clientAging(rows[order[k].second].first, rows[order[k].second].second));
    return out;
}

Result<CollectorsReport> ReportService::collectors(
    const Actor& actor, const std::string& asOf, const std::string& from, const std::string& to, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    for (auto [v, field] : {std::pair{&asOf, "as_of"}, {&from, "from"}, {&to, "to"}})
        if (auto e = checkDate(field, *v))
            return *e;
    model::ReportModel model(m_ctx.db);
    std::map<std::int64_t, CollectorLine> lines; // collector id (0: unassigned)
    const auto collectorOf = model.collectorOfClients(scope.collector);
    for (const auto& [client, collector] : collectorOf)
        lines[collector].clients += 1;
    for (const auto& [client, b] : agingByClient(asOf, scope)) {
        auto it = collectorOf.find(client);
        auto& l = lines[it == collectorOf.end() ? 0 : it->second];
        l.openCents += b.total();
        l.overdueCents += b.overdue();
        for (std::size_t k = 0; k < b.cents.size(); ++k)
            l.aging.cents[k] += b.cents[k];
    }
    for (const auto& [collector, cents] : model.collectedByCollector(from, to, scope.currency, scope.collector))
        lines[collector].collectedCents += cents;
    for (const auto& [collector, n] : model.actionsByCollector(from, to, scope.collector))
        lines[collector].actions += n;
    for (const auto& [collector, p] : promisesBy(from, to, scope)) {
        lines[collector].promisesKept += p.kept;
        lines[collector].promisesBroken += p.broken;
    }
    CollectorsReport out{asOf, from, to, scope.currency, {}};
    model::UserModel users(m_ctx.db);
    for (auto& [id, l] : lines) {
        l.collectorId = id;
        if (id > 0)
            if (auto u = users.get(id)) {
                l.email = u->email;
                l.name = u->profile.firstName + " " + u->profile.lastName;
            }
        out.lines.push_back(l);
    }
    return out;
}

Result<CashInReport> ReportService::cashIn(
    const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t weeks)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (weeks < 1 || weeks > 104)
        return Error::validation("weeks", "out_of_range", "weeks is 1 to 104");
    CashInReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    std::vector<std::int64_t> byWeek(static_cast<std::size_t>(weeks), 0);
    for (const auto& [due, cents] : model::ReportModel(m_ctx.db).owedByDueDate(scope.currency, scope.collector)) {
        const long d = timeutil::daysBetween(asOf, due);
        if (d < 0)
            out.overdueCents += cents;
        else if (d / 7 < weeks)
            byWeek[static_cast<std::size_t>(d / 7)] += cents;
        else
            out.laterCents += cents;
    }
    for (std::int64_t k = 0; k < weeks; ++k)
        out.weeks.push_back({timeutil::addDays(asOf, static_cast<long>(7 * k)),
            timeutil::addDays(asOf, static_cast<long>(7 * k + 6)), byWeek[static_cast<std::size_t>(k)]});
    return out;
}

std::vector<ReportService::Owed> ReportService::owedOn(const std::vector<std::string>& days, const ReportScope& scope)
{
    // Each span counts from the first day on or after its issue (overdue: after its due
    // date) until the first day on or after the payment that settled it — added where it
    // starts and taken off where it ends.
    std::vector<std::int64_t> owed(days.size() + 1, 0), overdue(days.size() + 1, 0);
    auto firstOnOrAfter = [&](std::string_view d) {
        return static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), d,
                                            [](const std::string& a, std::string_view b) { return a < b; })
            - days.begin());
    };
    auto firstAfter = [&](std::string_view d) {
        return static_cast<std::size_t>(std::upper_bound(days.begin(), days.end(), d,
                                            [](std::string_view a, const std::string& b) { return a < b; })
            - days.begin());
    };
    if (!scope.collector) {
        // The whole portfolio: its changes day by day, kept by triggers (0012).
        for (const auto& c : model::ReportModel(m_ctx.db).owedChanges(days.back(), scope.currency)) {
            owed[firstOnOrAfter(c.day)] += c.owed;
            overdue[firstOnOrAfter(c.day)] += c.overdue;
        }
    } else
        model::InvoiceModel(m_ctx.db).scanOwedSpans(
            days.front(), scope.currency, scope.collector, [&](const model::OwedSpan& s) {
                const std::size_t from = firstOnOrAfter(s.issueDate);
                const std::size_t to = s.until.empty() ? days.size() : firstOnOrAfter(s.until);
                if (from >= to)
                    return;
                owed[from] += s.cents;
                owed[to] -= s.cents;
                const std::size_t late = std::max(from, firstAfter(s.dueDate));
                if (late < to) {
                    overdue[late] += s.cents;
                    overdue[to] -= s.cents;
                }
            });
    std::vector<Owed> out(days.size());
    std::int64_t r = 0, o = 0;
    for (std::size_t k = 0; k < days.size(); ++k) {
        r += owed[k];
        o += overdue[k];
        out[k] = {r, o};
    }
    return out;
}

Result<TrendReport> ReportService::trend(
    const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t months)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (months < 1 || months > 24)
        return Error::validation("months", "out_of_range", "months is 1 to 24");
    db::ReadTransaction view(m_ctx.db);
    // The days: each month's last day, then as_of.
    const int n = static_cast<int>(months);
    std::vector<std::string> days;
    for (int k = n - 1; k >= 1; --k)
        days.push_back(timeutil::addDays(timeutil::addMonths(monthStart(asOf), -k + 1), -1));
    days.push_back(asOf);
    // What was owed the day before the first month began (its opening), then at each day.
    std::vector<std::string> owedDays = {timeutil::addDays(monthStart(days.front()), -1)};
    owedDays.insert(owedDays.end(), days.begin(), days.end());
    const std::vector<Owed> owedAll = owedOn(owedDays, scope);
    const std::vector<Owed> owed(owedAll.begin() + 1, owedAll.end());
    // Sales day by day from six months before the first day (the count-back rarely needs
    // more; past that, a query per month), and cash collected in the months shown.
    model::ReportModel model(m_ctx.db);
    const std::string salesFrom = timeutil::addMonths(monthStart(days.front()), -6);
    const DailySums sales(model.invoicedByDay(salesFrom, asOf, scope.currency, scope.collector));
    const DailySums cash(model.collectedByDay(monthStart(days.front()), asOf, scope.currency, scope.collector));
    auto salesIn = [&](const std::string& from, const std::string& to) {
        return from >= salesFrom ? sales.in(from, to) : model.invoiced(from, to, scope.currency, scope.collector);
    };
    TrendReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    for (std::size_t k = 0; k < days.size(); ++k) {
        const std::int64_t receivable = owed[k].receivables;
        TrendPoint p;
        p.month = days[k].substr(0, 7);
        p.date = days[k];
        p.receivablesCents = receivable;
        p.overdueCents = owed[k].overdue;
        p.invoicedCents = sales.in(monthStart(days[k]), days[k]);
        p.collectedCents = cash.in(monthStart(days[k]), days[k]);
        p.dsoDays = countBack(days[k], scope.currency, receivable, salesIn).dsoDays;
        p.openingCents = owedAll[k].receivables; // the previous month end's
        p.collectionRate = rateOf(p.collectedCents, p.openingCents + p.invoicedCents);
        p.ceiPercent = cei(p.openingCents, p.invoicedCents, receivable, receivable - p.overdueCents);
        out.points.push_back(std::move(p));
    }
    return out;
}

Result<KpiReport> ReportService::kpis(
    const Actor& actor, const std::string& from, const std::string& to, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkPeriod(from, to))
        return *e;
    db::ReadTransaction view(m_ctx.db);
    model::ReportModel model(m_ctx.db);
    KpiReport out;
    out.from = from;
    out.to = to;
    out.currency = scope.currency;
    out.days = timeutil::daysBetween(timeutil::addDays(from, -1), to);
    // The day before the period and its last day, from one pass.
    const auto owed = owedOn({timeutil::addDays(from, -1), to}, scope);
    out.openingCents = owed[0].receivables;
    out.closingCents = owed[1].receivables;
    out.closingCurrentCents = owed[1].receivables - owed[1].overdue;
    out.invoicedCents = model.invoiced(from, to, scope.currency, scope.collector);
    out.collectedCents = model.collected(from, to, scope.currency, scope.collector);
    out.disputedCents = model.disputedOwed(scope.currency, scope.collector);
    out.ceiPercent = cei(out.openingCents, out.invoicedCents, out.closingCents, out.closingCurrentCents);
    out.dsoDays = countBack(to, scope.currency, out.closingCents, [&](const std::string& a, const std::string& b) {
        return model.invoiced(a, b, scope.currency, scope.collector);
    }).dsoDays;
    if (out.invoicedCents > 0) {
        const double best = static_cast<double>(out.closingCurrentCents) / static_cast<double>(out.invoicedCents)
            * static_cast<double>(out.days);
        out.bestPossibleDsoDays = oneDecimal(best);
        out.addDays = oneDecimal(out.dsoDays - *out.bestPossibleDsoDays);
    }
    for (const auto& [collector, p] : promisesBy(from, to, scope)) {
        out.promisesPending += p.pending;
        out.promisesPendingCents += p.pendingCents;
        out.promisesKept += p.kept;
        out.promisesBroken += p.broken;
    }
    return out;
}

std::map<std::int64_t, ReportService::Promises> ReportService::promisesBy(
    const std::string& from, const std::string& to, const ReportScope& scope)
{
    // Each promise's state by the engine's rules (HoldService::view), on `to`.
    const auto inScope = model::ReportModel(m_ctx.db).collectorOfClients(scope.collector);
    HoldService holds(m_ctx);
    std::map<std::int64_t, Promises> out;
    for (const auto& h : model::HoldModel(m_ctx.db).list(0, false)) {
        const auto client = inScope.find(h.clientId);
        if (h.kind != "promise" || h.startsOn > to || client == inScope.end())
            continue;
        Promises& p = out[client->second];
        const std::string status = holds.view(h, to).status;
        if (status == "active") {
            ++p.pending;
            p.pendingCents += h.amountCents;
        } else if (h.date >= from && status == "kept") {
            ++p.kept;
        } else if (h.date >= from && status == "broken") {
            ++p.broken;
        }
    }
    return out;
}

Result<model::LogPage> ReportService::logs(const Actor& actor, const model::LogQuery& q)
{
    if (auto e = require(actor, Perm::LogRead))
        return *e;
    if (auto e = checkPage(q.offset, q.limit))
        return *e;
    if (!q.from.empty())
        if (auto e = checkDate("from", q.from))
            return *e;
    if (!q.to.empty())
        if (auto e = checkDate("to", q.to))
            return *e;
    return model::LogModel(m_ctx.db).list(q);
}

} // namespace crm::service
