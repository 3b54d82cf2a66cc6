#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"
#include "tests/service/engine_world.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

// A small portfolio whose figures are worked out by hand in the comments.
struct Portfolio : test::World {
    std::int64_t a = 0, b = 0, inv1 = 0, inv2 = 0, inv3 = 0, inv4 = 0, inv5 = 0;
    Portfolio()
    {
        a = client("A", agentId);
        b = client("B", agent2Id);
        // as of 2026-11-24:
        inv1 = invoice(a, "I1", 100000, "2026-11-30", "2026-10-31"); // not due
        inv2 = invoice(a, "I2", 50000, "2026-11-04", "2026-10-05");  // 20 days late  -> 1_30
        inv3 = invoice(b, "I3", 80000, "2026-09-20", "2026-08-21");  // 65 days late  -> 61_90
        inv4 = invoice(b, "I4", 20000, "2026-06-01", "2026-05-02");  // 176 days late -> over_90
        inv5 = invoice(b, "I5", 30000, "2026-10-10", "2026-09-10");  // 45 days late  -> 31_60
        // B paid 10 000 on I3 on 2026-11-10, and I5 entirely on 2026-11-20.
        json p = {{"client_id", b}, {"date", "2026-11-10"}, {"amount_cents", 10000}, {"method", "cheque"},
            {"allocations", {{{"invoice_id", inv3}, {"amount_cents", 10000}}}}};
        REQUIRE(call("payment.record", p, admin).contains("id"));
        p = {{"client_id", b}, {"date", "2026-11-20"}, {"amount_cents", 30000}, {"method", "transfer"},
            {"allocations", {{{"invoice_id", inv5}, {"amount_cents", 30000}}}}};
        REQUIRE(call("payment.record", p, admin).contains("id"));
    }
};

TEST_CASE("aging as of today, in total and per client")
{
    Portfolio w;
    const json r = w.call("report.aging", {{"as_of", "2026-11-24"}, {"by_client", true}}, w.manager);
    CHECK(r["total"]["not_due"] == 100000);
    CHECK(r["total"]["1_30"] == 50000);
    CHECK(r["total"]["31_60"] == 0);     // I5 is paid
    CHECK(r["total"]["61_90"] == 70000); // I3: 80 000 - 10 000
    CHECK(r["total"]["over_90"] == 20000);
    CHECK(r["total"]["total"] == 240000);
    CHECK(r["total"]["overdue"] == 140000);
    REQUIRE(r["clients"].size() == 2);
    CHECK(r["clients"][0]["code"] == "A"); // 150 000 before B's 90 000
    CHECK(r["clients"][0]["total"] == 150000);
    CHECK(r["clients"][1]["total"] == 90000);
}

TEST_CASE("aging as of an earlier date adds back payments made after it")
{
    Portfolio w;
    // On 2026-11-15: I1 not yet issued... it was (2026-10-31) and not due; I2 11 days late;
    // I3 56 days late with 70 000 owed (paid 10 000 on 11-10); I4 167 days; I5 36 days, unpaid then.
    const json r = w.call("report.aging", {{"as_of", "2026-11-15"}}, w.admin);
    CHECK(r["total"]["not_due"] == 100000);
    CHECK(r["total"]["1_30"] == 50000);
    CHECK(r["total"]["31_60"] == 70000 + 30000);
    CHECK(r["total"]["61_90"] == 0);
    CHECK(r["total"]["over_90"] == 20000);
    // Before any invoice existed, nothing was owed.
    CHECK(w.call("report.aging", {{"as_of", "2026-01-01"}}, w.admin)["total"]["total"] == 0);
}

TEST_CASE("agents see their own portfolio only")
{
    Portfolio w;
    const json mine = w.call("report.aging", {{"as_of", "2026-11-24"}}, w.agent);
    CHECK(mine["total"]["total"] == 150000);
    CHECK(w.call("report.aging", {{"collector_id", w.agent2Id}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("report.aging", {{"as_of", "2026-11-24"}, {"collector_id", w.agent2Id}}, w.manager)["total"]["total"]
        == 90000);
    CHECK(w.call("client.list", json::object(), w.agent)["total"] == 1);
    CHECK(w.call("invoice.list", json::object(), w.agent)["total"] == 2);
    CHECK(w.call("invoice.get", {{"id", w.inv3}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("client.get", {{"id", w.b}}, w.agent)["reason"] == "not_your_client");
    // Issue 23, finding 10: an agent's list filtered on another collector (or the unassigned
    // clients) answered the agent's own rows; like the reports, every list refuses it.
    for (const char* method : {"client.list", "invoice.list", "payment.list", "report.aging", "report.dso",
             "relance.plan", "worklist.today"}) {
        const std::string m = method;
        CAPTURE(m);
        for (const json& other : {json(w.agent2Id), json(nullptr)}) {
            const json r = w.call(method, {{"collector_id", other}}, w.agent);
            CAPTURE(r.dump());
            CHECK(r["code"] == "forbidden");
            CHECK(r["field"] == "collector_id");
            CHECK(r["reason"] == "not_your_client");
        }
        CHECK_FALSE(w.call(method, {{"collector_id", w.agentId}}, w.agent).contains("code"));
    }
    CHECK(w.call("client.list", {{"collector_id", w.agentId}}, w.agent)["total"] == 1);
}

TEST_CASE("DSO by the count-back method")
{
    Portfolio w;
    // Receivables on 2026-11-24: 240 000. Sales by month back from as_of:
    //   (10-24, 11-24]: I1 100 000            -> 240 000 - 100 000 = 140 000 left, 31 days
    //   (09-24, 10-24]: I2 50 000             -> 90 000 left, 30 days
    //   (08-24, 09-24]: I5 30 000             -> 60 000 left, 31 days
    //   (07-24, 08-24]: I3 80 000 > 60 000    -> 31 days × 60/80 = 23.25
    // DSO = 31 + 30 + 31 + 23.25 = 115.25 -> 115.3 (rounded to a tenth)
    const json r = w.call("report.dso", {{"as_of", "2026-11-24"}}, w.admin);
    CHECK(r["receivables_cents"] == 240000);
    CHECK(r["dso_days"].get<double>() == doctest::Approx(115.3));
    CHECK(r["complete"] == true);
}

TEST_CASE("collection rate, top overdue, collectors, cash-in")
{
    Portfolio w;
    // November: opening receivables on 10-31 = I2 50 000 + I3 80 000 + I4 20 000 + I5 30 000 + I1 100 000
    // (issued 10-31) = 280 000; invoiced in November: 0; collected: 40 000 -> 0.1429
    json r = w.call("report.collection_rate", {{"from", "2026-11-01"}, {"to", "2026-11-30"}}, w.admin);
    CHECK(r["opening_receivables_cents"] == 280000);
    CHECK(r["invoiced_cents"] == 0);
    CHECK(r["collected_cents"] == 40000);
    CHECK(r["rate"].get<double>() == doctest::Approx(0.1429));
    CHECK(w.call("report.collection_rate", {{"from", "2026-11-30"}, {"to", "2026-11-01"}}, w.admin)["reason"]
        == "before_from");

    r = w.call("report.top_overdue", {{"as_of", "2026-11-24"}, {"limit", 5}}, w.admin);
    REQUIRE(r["clients"].size() == 2);
    CHECK(r["clients"][0]["code"] == "B"); // 90 000 overdue, before A's 50 000
    CHECK(r["clients"][0]["overdue"] == 90000);

    r = w.call("report.collectors", {{"as_of", "2026-11-24"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, w.admin);
    bool sawAgent2 = false;
    for (const auto& line : r["collectors"])
        if (line["collector_id"] == w.agent2Id) {
            sawAgent2 = true;
            CHECK(line["clients"] == 1);
            CHECK(line["open_cents"] == 90000);
            CHECK(line["collected_cents"] == 40000);
            // Its clients' aging, as report.aging says of that collector.
            CHECK(line["aging"]
                == w.call("report.aging", {{"as_of", "2026-11-24"}, {"collector_id", w.agent2Id}}, w.admin)["total"]);
            CHECK(line["aging"]["61_90"] == 70000);
            CHECK(line["aging"]["over_90"] == 20000);
        }
    CHECK(sawAgent2);

    // Cash-in: overdue 140 000 apart; I1 (due 11-30) in the first week.
    r = w.call("report.cash_in", {{"as_of", "2026-11-24"}, {"weeks", 4}}, w.admin);
    CHECK(r["overdue_cents"] == 140000);
    CHECK(r["weeks"][0]["expected_cents"] == 100000);
    CHECK(r["weeks"][0]["week_start"] == "2026-11-24");
    CHECK(r["weeks"].size() == 4);
    CHECK(w.call("report.cash_in", {{"weeks", 0}}, w.admin)["field"] == "weeks");
    CHECK(w.call("report.aging", {{"as_of", "24/11/2026"}}, w.admin)["field"] == "as_of");
}

TEST_CASE("clients sort by overdue amount through the balance cache, which follows every change")
{
    Portfolio w;
    json r = w.call("client.list", {{"sort", "overdue"}, {"desc", true}}, w.admin);
    CHECK(r["rows"][0]["code"] == "B");
    CHECK(r["rows"][0]["overdue_cents"] == 90000);
    // A pays everything that is late: the cache follows.
    w.call("payment.record", {{"client_id", w.a}, {"date", "2026-11-24"}, {"amount_cents", 50000}, {"method", "card"}},
        w.admin);
    r = w.call("client.list", {{"sort", "overdue"}, {"desc", true}}, w.admin);
    CHECK(r["rows"][1]["code"] == "A");
    CHECK(r["rows"][1]["overdue_cents"] == 0);
    CHECK(r["rows"][1]["open_cents"] == 100000);
    // A week later I1 is late too: the cache is recomputed for the new date.
    w.time.advance(7 * 24 * 3600);
    r = w.call("client.list", {{"sort", "overdue"}, {"desc", true}}, w.login("admin@test.fr"));
    CHECK(r["rows"][0]["code"] == "A");
    CHECK(r["rows"][0]["overdue_cents"] == 100000);
}

// The trend of the Portfolio above, day by day (as of 2026-11-24, four points):
//   2026-08-31  owed I3 800 + I4 200 = 1 000,00; overdue I4 (due 06-01) 200,00;
//               invoiced in August I3 800,00
//   2026-09-30  + I5 300 = 1 300,00; overdue I4 + I3 (due 09-20) = 1 000,00; invoiced I5
//   2026-10-31  + I2 500 + I1 1 000 = 2 800,00; overdue + I5 (due 10-10) = 1 300,00;
//               invoiced 1 500,00
//   2026-11-24  I1 1 000 + I2 500 + I3 700 + I4 200 = 2 400,00 (the aging's total),
//               overdue 1 400,00; collected in November 100 + 300 = 400,00
// Count-back DSO on 11-24: 2 400 against October 25 – November 24 (I1 1 000: 31 days),
// September 25 – October 24 (I2 500: 30 days), August 25 – September 24 (I5 300: 31 days),
// then 600 of July 25 – August 24's 800 (I3): 31 × 600 / 800 = 23.25 days: 115.3.
TEST_CASE("report.trend: receivables, overdue, DSO, invoiced and collected per month end, worked out by hand")
{
    Portfolio w;
    const json r = w.call("report.trend", {{"as_of", "2026-11-24"}, {"months", 4}}, w.manager);
    REQUIRE_MESSAGE(r.contains("points"), r.dump());
    const json& p = r["points"];
    REQUIRE(p.size() == 4);
    const char* dates[] = {"2026-08-31", "2026-09-30", "2026-10-31", "2026-11-24"};
    const std::int64_t owed[] = {100000, 130000, 280000, 240000};
    const std::int64_t late[] = {20000, 100000, 130000, 140000};
    const std::int64_t invoiced[] = {80000, 30000, 150000, 0};
    const std::int64_t collected[] = {0, 0, 0, 40000};
    for (std::size_t k = 0; k < 4; ++k) {
        CAPTURE(k);
        CHECK(p[k]["date"] == dates[k]);
        CHECK(p[k]["month"] == std::string(dates[k]).substr(0, 7));
        CHECK(p[k]["receivables_cents"] == owed[k]);
        CHECK(p[k]["overdue_cents"] == late[k]);
        CHECK(p[k]["invoiced_cents"] == invoiced[k]);
        CHECK(p[k]["collected_cents"] == collected[k]);
        // Each point is what the reports of that day say.
        const json aging = w.call("report.aging", {{"as_of", dates[k]}}, w.manager);
        CHECK(aging["total"]["total"] == owed[k]);
        CHECK(aging["total"]["overdue"] == late[k]);
        CHECK(p[k]["dso_days"] == w.call("report.dso", {{"as_of", dates[k]}}, w.manager)["dso_days"]);
        // The month's opening (the previous month end's receivables), collection rate and
        // CEI: what report.collection_rate and report.kpis say of the same month.
        if (k > 0)
            CHECK(p[k]["opening_receivables_cents"] == owed[k - 1]);
        const json month = {{"from", std::string(dates[k]).substr(0, 8) + "01"}, {"to", dates[k]}};
        const json rate = w.call("report.collection_rate", month, w.manager);
        CHECK(p[k]["opening_receivables_cents"] == rate["opening_receivables_cents"]);
        CHECK(p[k]["collection_rate"] == rate["rate"]);
        CHECK(p[k]["cei_percent"] == w.call("report.kpis", month, w.manager)["cei_percent"]);
    }
    CHECK(p[3]["dso_days"].get<double>() == doctest::Approx(115.3));
    // By hand: August opened with I4 (200,00) owed; November collected 400,00 of the
    // 2 800,00 owed at its start: 0.1429, and CEI (2 800 − 2 400) / (2 800 − 1 000) = 22.2;
    // October collected nothing of 1 300 + 1 500: CEI 0.
    CHECK(p[0]["opening_receivables_cents"] == 20000);
    CHECK(p[3]["collection_rate"].get<double>() == doctest::Approx(0.1429));
    CHECK(p[3]["cei_percent"].get<double>() == doctest::Approx(22.2));
    CHECK(p[2]["cei_percent"].get<double>() == doctest::Approx(0.0));
    CHECK(p[2]["collection_rate"].get<double>() == doctest::Approx(0.0));
    // One collector's: agent 2 holds B (I3, I4, I5).
    const json b = w.call(
        "report.trend", {{"as_of", "2026-11-24"}, {"months", 4}, {"collector_id", w.agent2Id}}, w.manager)["points"];
    CHECK(b[2]["receivables_cents"] == 80000 + 20000 + 30000);
    CHECK(b[3]["receivables_cents"] == 70000 + 20000);
    CHECK(w.call("report.trend", {{"months", 4}}, w.agent)["points"][3]["receivables_cents"] == 150000); // A's
    CHECK(w.call("report.trend", {{"months", 25}}, w.manager)["field"] == "months");
    CHECK(w.call("report.trend", {{"months", 0}}, w.manager)["field"] == "months");
    CHECK(w.call("report.trend", {{"collector_id", w.agent2Id}}, w.agent)["code"] == "forbidden");
}

// October 2026 for the Portfolio: opening (09-30) 1 300,00; invoiced 1 500,00; closing
// (10-31) 2 800,00 of which not due 1 500,00 (I2 due 11-04, I1 due 11-30).
//   CEI = (1 300 + 1 500 − 2 800) / (1 300 + 1 500 − 1 500) × 100 = 0
//   best possible DSO = 1 500 / 1 500 × 31 = 31.0
//   DSO (count-back on 10-31): October 1 500 (31 days), September 300 (30), August 800
//   (31), July and June nothing (31 + 30: their days count), May I4 200 ends it (31): 184.0
//   ADD = 184.0 − 31.0 = 153.0
// November 1–24: opening 2 800, nothing invoiced, closing 2 400, not due 1 000 (I1):
//   CEI = 400 / 1 800 × 100 = 22.2; best possible DSO and ADD: none (nothing invoiced).
TEST_CASE("report.kpis: CEI, best possible DSO and ADD, worked out by hand")
{
    Portfolio w;
    const json oct = w.call("report.kpis", {{"from", "2026-10-01"}, {"to", "2026-10-31"}}, w.manager);
    REQUIRE_MESSAGE(oct.contains("cei_percent"), oct.dump());
    CHECK(oct["days"] == 31);
    CHECK(oct["opening_receivables_cents"] == 130000);
    CHECK(oct["invoiced_cents"] == 150000);
    CHECK(oct["closing_receivables_cents"] == 280000);
    CHECK(oct["closing_current_cents"] == 150000);
    CHECK(oct["closing_overdue_cents"] == 130000);
    CHECK(oct["collected_cents"] == 0);
    CHECK(oct["cei_percent"].get<double>() == doctest::Approx(0.0));
    CHECK(oct["best_possible_dso_days"].get<double>() == doctest::Approx(31.0));
    CHECK(oct["dso_days"].get<double>() == doctest::Approx(184.0));
    CHECK(oct["add_days"].get<double>() == doctest::Approx(153.0));
    const json nov = w.call("report.kpis", {{"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.manager);
    CHECK(nov["days"] == 24);
    CHECK(nov["collected_cents"] == 40000);
    CHECK(nov["cei_percent"].get<double>() == doctest::Approx(22.2));
    CHECK(nov["best_possible_dso_days"].is_null());
    CHECK(nov["add_days"].is_null());
    CHECK(nov["disputed_cents"] == 0);
    REQUIRE(w.call("invoice.dispute", {{"id", w.inv2}, {"reason", "livraison incomplète"}}, w.admin).contains("id"));
    CHECK(w.call("report.kpis", {{"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.manager)["disputed_cents"] == 50000);
    CHECK(w.call("report.kpis", {{"from", "2026-11-02"}, {"to", "2026-11-01"}}, w.manager)["reason"] == "before_from");
    CHECK(w.call("report.kpis", {{"from", "2026-11-01"}}, w.manager)["field"] == "to");
}

// Promises in a period: kept when paid in full by their date, broken when not, pending
// while their date has not passed.
TEST_CASE("report.kpis counts the promises due in the period, kept, broken and pending")
{
    test::World w;
    const auto kept = w.client("KEPT", w.agentId);
    const auto broken = w.client("BROKEN", w.agentId);
    const auto later = w.client("LATER", w.agent2Id);
    const auto i1 = w.invoice(kept, "K1", 50000, "2026-10-15", "2026-09-15");
    w.invoice(broken, "B1", 50000, "2026-10-15", "2026-09-15");
    w.invoice(later, "L1", 50000, "2026-10-15", "2026-09-15");
    w.day("2026-11-02");
    auto promise = [&](std::int64_t client, std::int64_t cents, const char* date) {
        const json r = w.call("hold.create",
            {{"kind", "promise"}, {"client_id", client}, {"amount_cents", cents}, {"date", date}}, w.admin);
        REQUIRE_MESSAGE(r.contains("id"), r.dump());
    };
    promise(kept, 20000, "2026-11-12");
    promise(broken, 30000, "2026-11-05");
    w.day("2026-11-24"); // the payment of 11-10, recorded later
    REQUIRE(w.call("payment.record",
                 {{"client_id", kept}, {"date", "2026-11-10"}, {"amount_cents", 20000}, {"method", "transfer"},
                     {"allocations", {{{"invoice_id", i1}, {"amount_cents", 20000}}}}},
                 w.admin)
                .contains("id"));
    promise(later, 45000, "2026-11-30");
    const json r = w.call("report.kpis", {{"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.manager);
    CHECK(r["promises"]["kept"] == 1);
    CHECK(r["promises"]["broken"] == 1);
    CHECK(r["promises"]["pending"] == 1);
    CHECK(r["promises"]["pending_cents"] == 45000);
    // Agent 1's portfolio: the kept and the broken one; October: none was due.
    const json mine = w.call("report.kpis", {{"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.agent)["promises"];
    CHECK(mine["kept"] == 1);
    CHECK(mine["broken"] == 1);
    CHECK(mine["pending"] == 0);
    const json october = w.call("report.kpis", {{"from", "2026-10-01"}, {"to", "2026-10-31"}}, w.manager)["promises"];
    CHECK(october["kept"] == 0);
    CHECK(october["broken"] == 0);

    // Per collector: agent 1 kept one promise of two (0.5); agent 2's is pending (no rate).
    // Actions: the calls logged with each collector's clients in the period (one in
    // October does not count; the period's last day counts whole).
    for (auto [client, when] : {std::pair{kept, "2026-11-03T10:00:00Z"}, {broken, "2026-11-24T00:00:00Z"},
             {kept, "2026-10-20T09:00:00Z"}, {later, "2026-11-05T11:00:00Z"}}) {
        const json logged = w.call("communication.log",
            {{"client_id", client}, {"channel", "call"}, {"direction", "out"}, {"occurred_at", when},
                {"subject", "Appel"}},
            w.admin);
        REQUIRE_MESSAGE(logged.contains("id"), logged.dump());
    }
    const json lines = w.call("report.collectors", {{"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.manager);
    int seen = 0;
    for (const auto& l : lines["collectors"]) {
        if (l["collector_id"] == w.agentId) {
            ++seen;
            CHECK(l["actions"] == 2);
            CHECK(l["promises_kept"] == 1);
            CHECK(l["promises_broken"] == 1);
            CHECK(l["promises_kept_rate"] == 0.5);
        }
        if (l["collector_id"] == w.agent2Id) {
            ++seen;
            CHECK(l["actions"] == 1);
            CHECK(l["promises_kept_rate"].is_null());
        }
    }
    CHECK(seen == 2);
}

// The Reports screen's files: each report as CSV (list.export_csv's conventions) and as a
// printable PDF with the company's name, the scope and the date.
TEST_CASE("report.export: aging, monthly, collectors and cash-in as CSV and PDF")
{
    Portfolio w;
    w.call("settings.update", {{"legal_name", "Recouvra SAS"}}, w.admin);
    auto csv = [&](const json& p, const std::string& session) {
        json q = p;
        q["format"] = "csv";
        const json r = w.call("report.export", q, session);
        REQUIRE_MESSAGE(r.contains("content"), r.dump());
        return r;
    };
    // Aging: one line per client, largest first, then the total; amounts 1234,56.
    const json aging = csv({{"report", "aging"}, {"as_of", "2026-11-24"}}, w.manager);
    CHECK(aging["name"] == "balance-agee-2026-11-24.csv");
    CHECK(aging["rows"] == 2);
    const std::string a = aging["content"];
    CHECK(a.rfind("\xEF\xBB\xBF"
                  "Client;Code;Non échu;1–30 j;31–60 j;61–90 j;+ de 90 j;Total\r\n",
              0)
        == 0);
    CHECK(a.find("A;A;1000,00;500,00;0,00;0,00;0,00;1500,00\r\n") != std::string::npos);
    CHECK(a.find("B;B;0,00;0,00;0,00;700,00;200,00;900,00\r\n") != std::string::npos);
    CHECK(a.find("Total;;1000,00;500,00;0,00;700,00;200,00;2400,00\r\n") != std::string::npos);
    // An agent's export holds their own clients only.
    const std::string mine = csv({{"report", "aging"}, {"as_of", "2026-11-24"}}, w.agent)["content"];
    CHECK(mine.find("B;B") == std::string::npos);
    CHECK(mine.find("Total;;1000,00;500,00;0,00;0,00;0,00;1500,00") != std::string::npos);
    CHECK(
        w.call("report.export", {{"report", "aging"}, {"format", "csv"}, {"collector_id", w.agent2Id}}, w.agent)["code"]
        == "forbidden");
    // Monthly: November's collection rate 14,3 % and CEI 22,2 (report.trend's).
    const std::string m = csv({{"report", "monthly"}, {"as_of", "2026-11-24"}, {"months", 4}}, w.manager)["content"];
    CHECK(m.find("11/2026;2800,00;0,00;400,00;14,3;22,2;2400,00;1400,00;115,3\r\n") != std::string::npos);
    CHECK(m.find("10/2026;1300,00;1500,00;0,00;0,0;0,0;2800,00;1300,00;") != std::string::npos);
    // Collectors over November: B's 400,00 collected by agent 2.
    const std::string c
        = csv({{"report", "collectors"}, {"from", "2026-11-01"}, {"to", "2026-11-24"}}, w.manager)["content"];
    CHECK(c.find(";1;900,00;900,00;400,00;0;0;0;\r\n") != std::string::npos);
    CHECK(c.find("Total;2;2400,00;1400,00;400,00;0;0;0;\r\n") != std::string::npos);
    // Cash-in: 1 400,00 already due, I1 (1 000,00) in the first week.
    const std::string k = csv({{"report", "cash_in"}, {"as_of", "2026-11-24"}, {"weeks", 2}}, w.manager)["content"];
    CHECK(k.find("Déjà échu;;;1400,00\r\n") != std::string::npos);
    CHECK(k.find("S1;24/11/2026;30/11/2026;1000,00\r\n") != std::string::npos);
    CHECK(k.find("Total;;;2400,00\r\n") != std::string::npos);
    // In English: the headers and the rows' own words.
    const std::string en
        = csv({{"report", "cash_in"}, {"as_of", "2026-11-24"}, {"weeks", 2}, {"language", "en"}}, w.manager)["content"];
    CHECK(en.rfind("\xEF\xBB\xBF"
                   "Week;From;To;Expected\r\n",
              0)
        == 0);
    CHECK(en.find("Already due;;;1400,00\r\n") != std::string::npos);
    CHECK(en.find("W1;24/11/2026;30/11/2026;1000,00\r\n") != std::string::npos);
    CHECK(en.find("Later;;;") != std::string::npos);

    // The PDF: company, title, scope, date, the figures printed the French way.
    const json pdf
        = w.call("report.export", {{"report", "aging"}, {"format", "pdf"}, {"as_of", "2026-11-24"}}, w.manager);
    REQUIRE_MESSAGE(pdf.contains("content_base64"), pdf.dump());
    CHECK(pdf["name"] == "balance-agee-2026-11-24.pdf");
    const std::string bytes = crypto::base64Decode(pdf["content_base64"].get<std::string>()).value();
    CHECK(bytes.rfind("%PDF-", 0) == 0);
#ifndef __EMSCRIPTEN__
    const std::string text = test::pdfText(bytes);
    CAPTURE(text);
    for (const char* needle : {"Recouvra SAS", "Balance âgée au 24/11/2026", "Toute l’équipe", "Édité le 24/11/2026",
             "1 500,00 €", "2 400,00 €", "page 1 / 1"})
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
#endif
    // Bad requests say what is wrong.
    CHECK(w.call("report.export", {{"report", "dso"}, {"format", "csv"}}, w.manager)["field"] == "report");
    CHECK(w.call("report.export", {{"report", "aging"}, {"format", "xls"}}, w.manager)["field"] == "format");
    CHECK(w.call("report.export", {{"report", "monthly"}, {"format", "csv"}, {"months", 30}}, w.manager)["field"]
        == "months");
}
