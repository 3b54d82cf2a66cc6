#include "core/service/report_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/invoice_model.hpp"
#include "core/model/log_model.hpp"
#include "core/model/report_model.hpp"
#include "core/model/user_model.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cmath>

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

} // namespace

std::optional<Error> ReportService::prepare(const Actor& actor, ReportScope& scope)
{
    if (auto e = require(actor, Perm::ReportRead))
        return e;
    if (!isCurrencyCode(scope.currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    return ownPortfolio(actor, scope.collector);
}

std::map<std::int64_t, Buckets> ReportService::agingByClient(const std::string& asOf, const ReportScope& scope)
{
    std::map<std::int64_t, Buckets> out;
    const model::AgeBucketer bucketOf(asOf);
    model::InvoiceModel(m_ctx.db).scanOwedAsOf(asOf, scope.currency, scope.collector, [&](const model::OwedRow& r) {
        out[r.clientId].cents[static_cast<std::size_t>(bucketOf(r.dueDate))] += r.cents;
    });
    return out;
}

std::int64_t ReportService::receivables(const std::string& asOf, const ReportScope& scope)
{
    std::int64_t total = 0;
    for (const auto& [client, b] : agingByClient(asOf, scope))
        total += b.total();
    return total;
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
        std::vector<std::pair<std::int64_t, std::int64_t>> order; // (-total, client)
        for (const auto& [client, b] : rows)
            if (b.total() != 0)
                order.push_back({-b.total(), client});
        std::sort(order.begin(), order.end());
        out.clientsTotal = static_cast<std::int64_t>(order.size());
        for (std::size_t k = static_cast<std::size_t>(offset);
             k < order.size() && k < static_cast<std::size_t>(offset + limit); ++k)
            out.clients.push_back(clientAging(order[k].second, rows.at(order[k].second)));
    }
    return out;
}

Result<DsoReport> ReportService::dso(const Actor& actor, const std::string& asOf, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    DsoReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    out.receivablesCents = receivables(asOf, scope);
    std::int64_t remaining = out.receivablesCents;
    double days = 0;
    out.complete = remaining == 0;
    model::ReportModel model(m_ctx.db);
    for (int k = 0; k < 24 && remaining > 0; ++k) {
        // Period k: (as_of - (k+1) months, as_of - k months]
        const std::string to = timeutil::addMonths(asOf, -k);
        const std::string from = timeutil::addDays(timeutil::addMonths(asOf, -(k + 1)), 1);
        const long periodDays = timeutil::daysBetween(timeutil::addDays(from, -1), to);
        const std::int64_t sales = model.invoiced(from, to, scope.currency, scope.collector);
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
    out.dsoDays = std::round(days * 10.0) / 10.0;
    return out;
}

Result<CollectionRateReport> ReportService::collectionRate(
    const Actor& actor, const std::string& from, const std::string& to, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("from", from))
        return *e;
    if (auto e = checkDate("to", to))
        return *e;
    if (to < from)
        return Error::validation("to", "before_from", "the period ends before it starts");
    model::ReportModel model(m_ctx.db);
    CollectionRateReport out;
    out.from = from;
    out.to = to;
    out.currency = scope.currency;
    out.openingCents = receivables(timeutil::addDays(from, -1), scope);
    out.invoicedCents = model.invoiced(from, to, scope.currency, scope.collector);
    out.collectedCents = model.collected(from, to, scope.currency, scope.collector);
    const std::int64_t base = out.openingCents + out.invoicedCents;
    out.rate = base > 0
        ? std::round(10000.0 * static_cast<double>(out.collectedCents) / static_cast<double>(base)) / 10000.0
        : 0.0;
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
    std::vector<std::pair<std::int64_t, std::int64_t>> order;
    for (const auto& [client, b] : rows)
        if (b.overdue() > 0)
            order.push_back({-b.overdue(), client});
    std::sort(order.begin(), order.end());
    TopOverdueReport out;
    out.asOf = asOf;
    out.currency = scope.currency;
    for (std::size_t k = 0; k < order.size() && k < static_cast<std::size_t>(n); ++k)
        out.clients.push_back(clientAging(order[k].second, rows.at(order[k].second)));
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
    }
    for (const auto& [collector, cents] : model.collectedByCollector(from, to, scope.currency, scope.collector))
        lines[collector].collectedCents += cents;
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
