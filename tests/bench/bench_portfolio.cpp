#include "tests/bench/bench_portfolio.hpp"
#include "tests/bench/bench_util.hpp"

#include "core/api/dispatcher.hpp"
#include "core/seed/generator.hpp"
#include "core/util/clock.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

namespace crm::bench {

namespace {

using json = nlohmann::json;

} // namespace

json runPortfolioBench(db::Database& db, const json& params)
{
    const std::int64_t clients = params.value("clients", std::int64_t{10000});
    const std::int64_t invoices = params.value("invoices", std::int64_t{1000000});
    const int runs = params.value("runs", 5);
    const std::string asOf = "2026-11-24";
    json out = {{"clients", clients}, {"invoices", invoices}, {"runs", runs}};

    seed::GeneratorOptions g;
    g.clients = clients;
    g.invoices = invoices;
    g.seed = params.value("seed", std::uint64_t{1});
    g.asOf = asOf;
    g.hashCost = crypto::HashCost::Minimal; // one user's hash: not what is measured
    if (noClients(db)) {
        const auto t0 = std::chrono::steady_clock::now();
        out["generated"] = seed::generate(db, g);
        out["generate_ms"] = Ms(std::chrono::steady_clock::now() - t0).count();
    }

    api::Dispatcher api(db, fixedClock(asOf + "T10:00:00Z"));
    const json login = api.call("auth.login", {{"email", "manager@exemple.fr"}, {"password", g.password}});
    if (!login.contains("token"))
        throw std::runtime_error("bench: cannot sign in: " + login.dump());
    const std::string session = login["token"];

    auto measure = [&](const std::string& name, const std::string& method, const std::function<json(int)>& paramsOf) {
        std::vector<double> times;
        for (int r = 0; r < runs; ++r) {
            const json p = paramsOf(r);
            const auto t0 = std::chrono::steady_clock::now();
            const api::Reply reply
                = api.handle(json{{"id", r}, {"method", method}, {"params", p}, {"session", session}});
            const std::string text = reply.text(); // what crosses the seam to the interface
            times.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
            if (reply.isError())
                throw std::runtime_error(std::string("bench: ") + method + " failed: " + reply.body.dump());
        }
        out[name] = median(times);
    };
    measure("aging_today_ms", "report.aging", [&](int) { return json{{"as_of", asOf}}; });
    measure("aging_past_ms", "report.aging", [&](int) { return json{{"as_of", "2026-06-30"}}; });
    measure("aging_by_client_ms", "report.aging", [&](int) { return json{{"as_of", asOf}, {"by_client", true}}; });
    measure("dso_ms", "report.dso", [&](int) { return json{{"as_of", asOf}}; });
    // The dashboard's figures: a year of month ends, and the month so far.
    measure("trend_ms", "report.trend", [&](int) { return json{{"as_of", asOf}, {"months", 12}}; });
    measure("kpis_ms", "report.kpis", [&](int) { return json{{"from", asOf.substr(0, 8) + "01"}, {"to", asOf}}; });
    measure("clients_by_overdue_page_ms", "client.list", [&](int r) {
        return json{{"sort", "overdue"}, {"desc", true}, {"offset", 50 * r}, {"limit", 50}};
    });
    measure("invoices_collector_bucket_page_ms", "invoice.list", [&](int r) {
        return json{{"collector_id", 3 + r % 4}, {"bucket", "31_60"}, {"as_of", asOf}, {"limit", 50}};
    });
    // One payment, allocated oldest due first, on a client that owes money.
    db::Statement owing(db,
        "SELECT client_id FROM invoices WHERE cancelled_at IS NULL AND paid_cents < amount_cents "
        "AND disputed = 0 GROUP BY client_id LIMIT ?1");
    owing.bind(1, runs);
    std::vector<std::int64_t> targets;
    while (owing.step())
        targets.push_back(owing.getInt(0));
    if (targets.empty())
        throw std::runtime_error("bench: no client owes anything");
    measure("record_payment_ms", "payment.record", [&](int r) {
        return json{{"client_id", targets[static_cast<std::size_t>(r) % targets.size()]}, {"date", asOf},
            {"amount_cents", 150000}, {"method", "transfer"}};
    });

    // The lists, every sort (pages of 50, a different page each run, as of the day: the
    // balances cached for that day, as the screens ask), and the Invoices list's filters.
    for (const char* sort : {"name", "code", "email", "created_at", "updated_at", "open", "overdue", "oldest_due"})
        for (const bool desc : {false, true})
            measure(std::string("clients_sort_") + sort + (desc ? "_desc" : "") + "_ms", "client.list", [&](int r) {
                return json{{"sort", sort}, {"desc", desc}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
            });
    measure("clients_search_ms", "client.list", [&](int r) {
        return json{{"search", "dupont"}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    measure("clients_bucket_ms", "client.list", [&](int r) {
        return json{{"bucket", "over_90"}, {"sort", "overdue"}, {"desc", true}, {"as_of", asOf}, {"offset", 50 * r},
            {"limit", 50}};
    });
    measure("clients_held_ms", "client.list", [&](int r) {
        return json{{"held", true}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    for (const char* sort : {"due_date", "issue_date", "number", "amount", "open"})
        for (const bool desc : {false, true})
            measure(std::string("invoices_sort_") + sort + (desc ? "_desc" : "") + "_ms", "invoice.list", [&](int r) {
                return json{{"sort", sort}, {"desc", desc}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
            });
    measure("invoices_status_ms", "invoice.list", [&](int r) {
        return json{{"status", "partially_paid"}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    measure("invoices_client_search_ms", "invoice.list", [&](int r) {
        return json{{"client", "dupont"}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    measure("invoices_collector_ms", "invoice.list", [&](int r) { // what an agent's Invoices page asks
        return json{{"collector_id", 3 + r % 4}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    // A number typed but its last two digits (about a hundred invoices).
    std::string numberPrefix;
    {
        db::Statement some(db, "SELECT number FROM invoices WHERE id = (SELECT max(id) / 2 FROM invoices)");
        if (some.step())
            numberPrefix = some.getText(0).substr(0, some.getText(0).size() - 2);
    }
    measure("invoices_number_ms", "invoice.list", [&](int r) {
        return json{{"number", numberPrefix}, {"as_of", asOf}, {"offset", 50 * (r % 2)}, {"limit", 50}};
    });
    measure("invoices_due_range_ms", "invoice.list", [&](int r) {
        return json{
            {"due_from", "2026-10-01"}, {"due_to", "2026-10-31"}, {"as_of", asOf}, {"offset", 50 * r}, {"limit", 50}};
    });
    if (!params.value("relance", true))
        return out;

    // The relance engine: the whole portfolio's plan for one day, then executing 10 000
    // of its actions (e-mails, SMS, calls: one run — executed actions are not planned
    // again), and one formal-notice letter as PDF.
    api.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, session);
    json plan;
    measure("relance_plan_ms", "relance.plan", [&](int) { return json{{"as_of", asOf}}; });
    // What the Relances screen asks: the day's totals and its first 200 actions and withheld entries.
    measure("relance_plan_page_ms", "relance.plan", [&](int) {
        return json{{"as_of", asOf}, {"limit", 200}, {"withheld_limit", 200}};
    });
    plan = api.call("relance.plan", {{"as_of", asOf}}, session);
    out["relance_plan_actions"] = plan["actions"].size();
    out["relance_plan_withheld"] = plan["withheld"].size();
    json keys = json::array();
    std::string letterKey;
    for (const auto& a : plan["actions"]) {
        const std::string channel = a["channel"];
        if (channel == "formal_notice" && letterKey.empty())
            letterKey = a["key"];
        else if (channel != "formal_notice" && channel != "letter" && keys.size() < 10000)
            keys.push_back(a["key"]);
    }
    out["relance_execute_actions"] = keys.size();
    {
        const auto t0 = std::chrono::steady_clock::now();
        const api::Reply reply = api.handle(json{{"id", 1}, {"method", "relance.execute"},
            {"params", {{"as_of", asOf}, {"keys", keys}}}, {"session", session}});
        out["relance_execute_ms"] = Ms(std::chrono::steady_clock::now() - t0).count();
        if (reply.isError())
            throw std::runtime_error("bench: relance.execute failed: " + reply.body.dump());
    }
    if (!letterKey.empty()) {
        const auto t0 = std::chrono::steady_clock::now();
        const api::Reply reply = api.handle(json{{"id", 2}, {"method", "relance.execute"},
            {"params", {{"as_of", asOf}, {"keys", json::array({letterKey})}}}, {"session", session}});
        out["relance_letter_ms"] = Ms(std::chrono::steady_clock::now() - t0).count();
        if (reply.isError())
            throw std::runtime_error("bench: relance.execute (letter) failed: " + reply.body.dump());
    }
    return out;
}

} // namespace crm::bench
