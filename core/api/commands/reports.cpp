// Commands: report.* — where the money is. log.list — the system log.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

const std::vector<std::string> kMoneyReads = {"invoices", "payments", "payment_allocations", "clients"};

std::vector<ParamSpec> scopeSpecs()
{
    return {{"currency", PT::String, false, "ISO 4217 code (default EUR)"},
        {"collector_id", PT::Integer, false, "only this collector's clients (0: unassigned)"}};
}

service::ReportScope scopeOf(const json& p)
{
    service::ReportScope s;
    s.currency = str(p, "currency", "EUR");
    s.collector = optInt(p, "collector_id");
    return s;
}

} // namespace

void addReports(Registry& r, Services& s)
{
    r.add({"report.aging", "Open amounts by age as of a date; total and per client.",
        concat({asOfParam(), {"by_client", PT::Boolean, false, "also per client, largest first"}, offsetParam(),
                   limitParam()},
            scopeSpecs()),
        Perm::ReportRead, {}, kMoneyReads, [&s](const Call& c) {
            return s.reports.aging(c.actor, str(c.p, "as_of", s.today()), scopeOf(c.p), boolean(c.p, "by_client"),
                integer(c.p, "offset", 0), integer(c.p, "limit", 50));
        }});
    r.add({"report.dso", "Days sales outstanding, count-back method.", concat({asOfParam()}, scopeSpecs()),
        Perm::ReportRead, {}, kMoneyReads,
        [&s](const Call& c) { return s.reports.dso(c.actor, str(c.p, "as_of", s.today()), scopeOf(c.p)); }});
    r.add({"report.collection_rate", "Cash collected over a period against what was owed.",
        concat({{"from", PT::String, true, ""}, {"to", PT::String, true, ""}}, scopeSpecs()), Perm::ReportRead, {},
        kMoneyReads, [&s](const Call& c) {
            return s.reports.collectionRate(c.actor, str(c.p, "from"), str(c.p, "to"), scopeOf(c.p));
        }});
    r.add({"report.top_overdue", "The clients owing the most past due.",
        concat({asOfParam(), {"limit", PT::Integer, false, "1..100 (default 10)"}}, scopeSpecs()), Perm::ReportRead, {},
        kMoneyReads, [&s](const Call& c) {
            return s.reports.topOverdue(c.actor, str(c.p, "as_of", s.today()), scopeOf(c.p), integer(c.p, "limit", 10));
        }});
    r.add({"report.collectors", "Per collector: clients, open and overdue amounts, cash collected in a period.",
        concat({asOfParam(), {"from", PT::String, true, ""}, {"to", PT::String, true, ""}}, scopeSpecs()),
        Perm::ReportRead, {}, {"invoices", "payments", "payment_allocations", "clients", "users", "profiles"},
        [&s](const Call& c) {
            return s.reports.collectors(
                c.actor, str(c.p, "as_of", s.today()), str(c.p, "from"), str(c.p, "to"), scopeOf(c.p));
        }});
    r.add({"report.cash_in", "Expected cash-in by week from due dates.",
        concat({asOfParam(), {"weeks", PT::Integer, false, "1..104 (default 12)"}}, scopeSpecs()), Perm::ReportRead, {},
        kMoneyReads, [&s](const Call& c) {
            return s.reports.cashIn(c.actor, str(c.p, "as_of", s.today()), scopeOf(c.p), integer(c.p, "weeks", 12));
        }});
}

void addLog(Registry& r, Services& s)
{
    r.add({"log.list", "The system log, newest first.",
        {{"user_id", PT::Integer, false, ""}, {"entity", PT::String, false, "table name"},
            {"entity_id", PT::Integer, false, ""}, {"action", PT::String, false, "e.g. payment.record"},
            {"from", PT::String, false, "YYYY-MM-DD"}, {"to", PT::String, false, "YYYY-MM-DD"}, offsetParam(),
            limitParam()},
        Perm::LogRead, {}, {"system_logs", "users"}, [&s](const Call& c) {
            service::ReportService::LogQuery q;
            q.userId = optInt(c.p, "user_id");
            q.entity = str(c.p, "entity");
            q.entityId = optInt(c.p, "entity_id");
            q.action = str(c.p, "action");
            q.from = str(c.p, "from");
            q.to = str(c.p, "to");
            q.offset = integer(c.p, "offset", 0);
            q.limit = integer(c.p, "limit", 50);
            return s.reports.logs(c.actor, q);
        }});
}

} // namespace crm::api::commands
