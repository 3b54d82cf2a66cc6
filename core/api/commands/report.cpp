// Commands: report.* — where the money is.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/model/log_model.hpp"
#include "core/report/report_tables.hpp"
#include "core/util/crypto.hpp"
#include "core/util/format.hpp"
#include "core/util/time.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

std::vector<ParamSpec> scopeSpecs()
{
    return {{"currency", PT::String, false, "ISO 4217 code (default EUR)"},
        ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: the unassigned ones"}.orNull()};
}

json bucketsJson(const service::Buckets& b)
{
    json out = json::object();
    for (int k = 0; k < 5; ++k)
        out[model::bucketName(k)] = b.cents[static_cast<std::size_t>(k)];
    out["total"] = b.total();
    out["overdue"] = b.overdue();
    return out;
}

json clientAgingJson(const service::ClientAging& c)
{
    json row = bucketsJson(c.buckets);
    row["client_id"] = c.clientId;
    row["code"] = c.code;
    row["name"] = c.name;
    row["assigned_to"] = c.assignedTo > 0 ? json(c.assignedTo) : json();
    return row;
}

json agingJson(const service::AgingReport& r)
{
    json out = {{"as_of", r.asOf}, {"currency", r.currency}, {"total", bucketsJson(r.total)}};
    if (r.byClient) {
        out["clients"] = json::array();
        for (const auto& c : r.clients)
            out["clients"].push_back(clientAgingJson(c));
        out["clients_total"] = r.clientsTotal;
    }
    return out;
}

json dsoJson(const service::DsoReport& r)
{
    json periods = json::array();
    for (const auto& p : r.periods)
        periods.push_back({{"from", p.from}, {"to", p.to}, {"sales_cents", p.salesCents}, {"days", p.days}});
    return {{"as_of", r.asOf}, {"currency", r.currency}, {"receivables_cents", r.receivablesCents},
        {"dso_days", r.dsoDays}, {"complete", r.complete}, {"periods", periods}};
}

json collectionRateJson(const service::CollectionRateReport& r)
{
    return {{"from", r.from}, {"to", r.to}, {"currency", r.currency},
        {"opening_receivables_cents", r.withRate ? json(r.openingCents) : json()}, {"invoiced_cents", r.invoicedCents},
        {"collected_cents", r.collectedCents}, {"rate", r.withRate ? json(r.rate) : json()}};
}

json topOverdueJson(const service::TopOverdueReport& r)
{
    json clients = json::array();
    for (const auto& c : r.clients)
        clients.push_back(clientAgingJson(c));
    return {{"as_of", r.asOf}, {"currency", r.currency}, {"clients", clients}};
}

json orNull(const std::optional<double>& v)
{
    return v ? json(*v) : json();
}

json collectorsJson(const service::CollectorsReport& r)
{
    json lines = json::array();
    for (const auto& l : r.lines) {
        json row = {{"collector_id", l.collectorId > 0 ? json(l.collectorId) : json()}, {"clients", l.clients},
            {"open_cents", l.openCents}, {"overdue_cents", l.overdueCents}, {"collected_cents", l.collectedCents},
            {"aging", bucketsJson(l.aging)}, {"actions", l.actions}, {"promises_kept", l.promisesKept},
            {"promises_broken", l.promisesBroken}, {"promises_kept_rate", orNull(l.promisesKeptRate())}};
        if (l.collectorId > 0) {
            row["email"] = l.email;
            row["name"] = l.name;
        }
        lines.push_back(row);
    }
    return {{"as_of", r.asOf}, {"from", r.from}, {"to", r.to}, {"currency", r.currency}, {"collectors", lines}};
}

json cashInJson(const service::CashInReport& r)
{
    json weeks = json::array();
    for (const auto& w : r.weeks)
        weeks.push_back({{"week_start", w.start}, {"week_end", w.end}, {"expected_cents", w.expectedCents}});
    return {{"as_of", r.asOf}, {"currency", r.currency}, {"overdue_cents", r.overdueCents}, {"weeks", weeks},
        {"later_cents", r.laterCents}};
}

json trendJson(const service::TrendReport& r)
{
    json points = json::array();
    for (const auto& p : r.points)
        points.push_back({{"month", p.month}, {"date", p.date}, {"receivables_cents", p.receivablesCents},
            {"overdue_cents", p.overdueCents}, {"dso_days", p.dsoDays}, {"invoiced_cents", p.invoicedCents},
            {"collected_cents", p.collectedCents}, {"opening_receivables_cents", p.openingCents},
            {"collection_rate", p.collectionRate}, {"cei_percent", orNull(p.ceiPercent)}});
    return {{"as_of", r.asOf}, {"currency", r.currency}, {"points", points}};
}

json kpisJson(const service::KpiReport& r)
{
    return {{"from", r.from}, {"to", r.to}, {"currency", r.currency}, {"days", r.days},
        {"opening_receivables_cents", r.openingCents}, {"invoiced_cents", r.invoicedCents},
        {"collected_cents", r.collectedCents}, {"closing_receivables_cents", r.closingCents},
        {"closing_current_cents", r.closingCurrentCents},
        {"closing_overdue_cents", r.closingCents - r.closingCurrentCents}, {"cei_percent", orNull(r.ceiPercent)},
        {"dso_days", r.dsoDays}, {"best_possible_dso_days", orNull(r.bestPossibleDsoDays)},
        {"add_days", orNull(r.addDays)}, {"disputed_cents", r.disputedCents},
        {"promises",
            {{"pending", r.promisesPending}, {"pending_cents", r.promisesPendingCents}, {"kept", r.promisesKept},
                {"broken", r.promisesBroken}}}};
}

service::ReportScope scopeOf(const json& p)
{
    service::ReportScope s;
    s.currency = str(p, "currency", "EUR");
    s.collector = idFilter(p, "collector_id");
    return s;
}

// Runs a report command as if called (its own parameters and permission checked).
Result<json> runReport(Registry& r, const Call& c, const char* method, const json& params)
{
    const Command* cmd = r.find(method);
    if (auto e = checkParams(params, cmd->params))
        return *e;
    if (auto e = service::require(c.actor, *cmd->perm))
        return *e;
    Outcome out = cmd->run(Call{params, c.actor, c.session});
    if (!out.ok())
        return out.error();
    return out.value();
}

} // namespace

void addReports(Registry& r, Services& s)
{
    r.add({"report.aging", "Open amounts by age as of a date; total and per client.",
        concat({asOfParam(), {"by_client", PT::Boolean, false, "also per client, largest first"}, offsetParam(),
                   limitParam()},
            scopeSpecs()),
        Perm::ReportRead, {}, [&s](const Call& c) {
            return map(s.reports.aging(c.actor, str(c.p, "as_of", s.ctx.today()), scopeOf(c.p),
                           boolean(c.p, "by_client"), integer(c.p, "offset", 0), integer(c.p, "limit", 50)),
                agingJson);
        }});
    r.add({"report.dso", "Days sales outstanding, count-back method.", concat({asOfParam()}, scopeSpecs()),
        Perm::ReportRead, {}, [&s](const Call& c) {
            return map(s.reports.dso(c.actor, str(c.p, "as_of", s.ctx.today()), scopeOf(c.p)), dsoJson);
        }});
    r.add({"report.collection_rate", "Cash collected over a period against what was owed.",
        concat({{"from", PT::String, true, ""}, {"to", PT::String, true, ""},
                   {"with_rate", PT::Boolean, false,
                       "false: what was invoiced and collected only (the opening receivables and the rate, which "
                       "cost a pass over what was owed, are null)"}},
            scopeSpecs()),
        Perm::ReportRead, {}, [&s](const Call& c) {
            return map(s.reports.collectionRate(
                           c.actor, str(c.p, "from"), str(c.p, "to"), scopeOf(c.p), boolean(c.p, "with_rate", true)),
                collectionRateJson);
        }});
    r.add({"report.top_overdue", "The clients owing the most past due.",
        concat({asOfParam(), {"limit", PT::Integer, false, "1..100 (default 10)"}}, scopeSpecs()), Perm::ReportRead, {},
        [&s](const Call& c) {
            return map(s.reports.topOverdue(
                           c.actor, str(c.p, "as_of", s.ctx.today()), scopeOf(c.p), integer(c.p, "limit", 10)),
                topOverdueJson);
        }});
    r.add({"report.collectors",
        "Per collector: clients, open and overdue amounts, cash collected in a period, the communications with its "
        "clients in the period (actions), the promises due in it kept and broken (and the kept rate, 3 decimals).",
        concat({asOfParam(), {"from", PT::String, true, ""}, {"to", PT::String, true, ""}}, scopeSpecs()),
        Perm::ReportRead, {}, [&s](const Call& c) {
            return map(s.reports.collectors(
                           c.actor, str(c.p, "as_of", s.ctx.today()), str(c.p, "from"), str(c.p, "to"), scopeOf(c.p)),
                collectorsJson);
        }});
    r.add({"report.trend",
        "Per month end over the last months (the last point is as_of): receivables, overdue, count-back DSO, "
        "invoiced and collected in the month, and the month's opening receivables, collection rate and CEI (as "
        "report.collection_rate and report.kpis over the month).",
        concat({asOfParam(), {"months", PT::Integer, false, "1..24 (default 12)"}}, scopeSpecs()), Perm::ReportRead, {},
        [&s](const Call& c) {
            return map(
                s.reports.trend(c.actor, str(c.p, "as_of", s.ctx.today()), scopeOf(c.p), integer(c.p, "months", 12)),
                trendJson);
        }});
    r.add({"report.kpis",
        "A period's collection figures: receivables at both ends, invoiced, collected, CEI, DSO, best possible DSO, "
        "average days delinquent, promises, amount in dispute.",
        concat({{"from", PT::String, true, "YYYY-MM-DD"}, {"to", PT::String, true, "YYYY-MM-DD"}}, scopeSpecs()),
        Perm::ReportRead, {}, [&s](const Call& c) {
            return map(s.reports.kpis(c.actor, str(c.p, "from"), str(c.p, "to"), scopeOf(c.p)), kpisJson);
        }});
    r.add({"report.export",
        "A report as a file: a CSV (list.export_csv's conventions) or a printable PDF with the company's name, the "
        "report's scope and the date. aging (per client, as of a date), monthly (collection rate and CEI per month), "
        "collectors (per-collector performance over from..to), cash_in (expected by week).",
        concat({{"report", PT::String, true, "aging | monthly | collectors | cash_in"},
                   {"format", PT::String, true, "csv | pdf"}, {"language", PT::String, false, "fr | en (default fr)"},
                   asOfParam(), {"from", PT::String, false, "collectors: first day (default: the month's first)"},
                   {"to", PT::String, false, "collectors: last day (default as_of)"},
                   {"months", PT::Integer, false, "monthly: 1..24 (default 12)"},
                   {"weeks", PT::Integer, false, "cash_in: 1..104 (default 8)"}},
            scopeSpecs()),
        Perm::ReportRead, {}, [&r, &s](const Call& c) -> Result<json> {
            const std::string kind = str(c.p, "report"), format = str(c.p, "format");
            const bool english = str(c.p, "language", "fr") == "en";
            if (kind != "aging" && kind != "monthly" && kind != "collectors" && kind != "cash_in")
                return Error::validation("report", "unknown_value", "report is aging, monthly, collectors or cash_in");
            if (format != "csv" && format != "pdf")
                return Error::validation("format", "unknown_value", "format is csv or pdf");
            if (has(c.p, "language") && str(c.p, "language") != "fr" && !english)
                return Error::validation("language", "unknown_value", "language is fr or en");
            const std::string today = s.ctx.today();
            const std::string asOf = str(c.p, "as_of", today);
            if (!timeutil::isValidDate(asOf))
                return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
            json scope = {{"as_of", asOf}};
            for (const char* k : {"currency", "collector_id"})
                if (c.p.contains(k))
                    scope[k] = c.p[k];
            const report::Runner run
                = [&](const char* method, const json& params) { return runReport(r, c, method, params); };
            Result<report::Table> t = kind == "aging" ? report::agingTable(run, scope)
                : kind == "monthly"                   ? report::monthlyTable(run, scope, integer(c.p, "months", 12))
                : kind == "collectors"                ? report::collectorsTable(
                                     run, scope, str(c.p, "from", asOf.substr(0, 8) + "01"), str(c.p, "to", asOf), english)
                                       : report::cashInTable(run, scope, integer(c.p, "weeks", 8), english);
            if (!t.ok())
                return t.error();
            const report::Table& table = t.value();
            const std::string currency = str(c.p, "currency", "EUR");
            const std::int64_t rows = static_cast<std::int64_t>(table.rows.size());
            if (format == "csv") {
                const std::string text = report::csvOf(table, currency, english);
                return json{{"name", table.file + ".csv"}, {"mime_type", "text/csv"}, {"content", text}, {"rows", rows},
                    {"size_bytes", text.size()}};
            }
            // Whose figures: the team, one collector, or the unassigned clients.
            std::string scopeText = english ? "The whole team" : "Toute l’équipe";
            if (c.p.contains("collector_id")) {
                if (c.p["collector_id"].is_null())
                    scopeText = english ? "Unassigned clients" : "Clients non attribués";
                else if (auto u = s.auth.getUser(c.actor, integer(c.p, "collector_id")); u.ok()) {
                    const auto& pr = u.value().profile;
                    const std::string name = pr.firstName + (pr.lastName.empty() ? "" : " " + pr.lastName);
                    scopeText
                        = std::string(english ? "Collector: " : "Chargé : ") + (name.empty() ? u.value().email : name);
                }
            } else if (c.actor.role == service::Role::Agent) {
                scopeText = english ? "My portfolio" : "Mon portefeuille";
            }
            auto company = s.relances.settings(c.actor);
            const std::string pdf = pdfOf(
                table, company.ok() ? company.value().legalName : std::string(), scopeText, today, currency, english);
            return json{{"name", table.file + ".pdf"}, {"mime_type", "application/pdf"},
                {"content_base64", crypto::base64Encode(pdf)}, {"rows", rows}, {"size_bytes", pdf.size()}};
        }});
    r.add({"report.cash_in", "Expected cash-in by week from due dates.",
        concat({asOfParam(), {"weeks", PT::Integer, false, "1..104 (default 12)"}}, scopeSpecs()), Perm::ReportRead, {},
        [&s](const Call& c) {
            return map(
                s.reports.cashIn(c.actor, str(c.p, "as_of", s.ctx.today()), scopeOf(c.p), integer(c.p, "weeks", 12)),
                cashInJson);
        }});
}

} // namespace crm::api::commands
