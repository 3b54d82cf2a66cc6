#include "core/model/payment_model.hpp"
#include "core/service/invoice_service.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

namespace {

json payment(std::int64_t client, std::int64_t cents, const std::string& date = "2026-11-20")
{
    return {{"client_id", client}, {"date", date}, {"amount_cents", cents}, {"method", "transfer"}};
}

std::string queryText(db::Database& db, const std::string& sql)
{
    db::Statement st(db, sql);
    REQUIRE(st.step());
    return st.getText(0);
}

std::int64_t open(test::World& w, std::int64_t invoice)
{
    return w.call("invoice.get", {{"id", invoice}}, w.admin)["open_cents"].get<std::int64_t>();
}

} // namespace

TEST_CASE("invoice bad input: each case named, nothing written")
{
    test::World w;
    const auto c = w.client("C1");
    w.invoice(c, "F-1", 10000, "2026-02-01");
    const json base = {{"number", "F-2"}, {"client_id", c}, {"issue_date", "2026-01-01"}, {"due_date", "2026-01-31"},
        {"amount_cents", 12000}};
    struct Case {
        const char* key;
        json value;
        const char* field;
        const char* reason;
    };
    const Case cases[] = {
        {"amount_cents", 0, "amount_cents", "not_positive"},
        {"amount_cents", -500, "amount_cents", "not_positive"},
        {"amount_cents", 100000000000000000LL, "amount_cents", "too_large"},
        {"due_date", "2025-12-31", "due_date", "before_issue_date"},
        {"due_date", "2026-02-30", "due_date", "invalid_date"},
        {"issue_date", "01/01/2026", "issue_date", "invalid_date"},
        {"client_id", 999, "client_id", "unknown_client"},
        {"number", "F-1", "number", "duplicate"},
        {"number", "f-1", "number", "duplicate"},
        {"number", "  ", "number", "required"},
        {"currency", "euro", "currency", "invalid_currency"},
    };
    for (const auto& k : cases) {
        CAPTURE(k.key);
        json p = base;
        p[k.key] = k.value;
        const json r = w.call("invoice.create", p, w.admin);
        CHECK(r["code"] == "validation");
        CHECK(r["field"] == k.field);
        CHECK(r["reason"] == k.reason);
    }
    CHECK(test::rowCount(*w.db, "invoices") == 1);
}

TEST_CASE("a payment is allocated oldest due first; the rest stays as credit")
{
    test::World w;
    const auto c = w.client("C1");
    const auto late = w.invoice(c, "F-OLD", 30000, "2026-03-01");
    const auto recent = w.invoice(c, "F-NEW", 50000, "2026-06-01");
    const auto disputed = w.invoice(c, "F-DISP", 10000, "2026-01-15");
    w.call("invoice.dispute", {{"id", disputed}, {"reason", "Livraison incomplète"}}, w.admin);

    json p = w.call("payment.record", payment(c, 45000), w.admin);
    REQUIRE(p.contains("id"));
    CHECK(p["allocated_cents"] == 45000);
    REQUIRE(p["allocations"].size() == 2);
    CHECK(p["allocations"][0]["invoice_id"] == late); // oldest due first...
    CHECK(p["allocations"][0]["amount_cents"] == 30000);
    CHECK(p["allocations"][1]["invoice_id"] == recent);
    CHECK(p["allocations"][1]["amount_cents"] == 15000);
    CHECK(open(w, disputed) == 10000); // ...skipping the disputed one
    CHECK(w.call("invoice.get", {{"id", late}}, w.admin)["status"] == "paid");
    CHECK(w.call("invoice.get", {{"id", recent}}, w.admin)["status"] == "partially_paid");
    CHECK(w.call("invoice.get", {{"id", disputed}}, w.admin)["status"] == "disputed");

    // Over-payment: 40 000 left to pay on F-NEW, 50 000 received.
    p = w.call("payment.record", payment(c, 50000), w.admin);
    CHECK(p["allocated_cents"] == 35000);
    CHECK(p["unallocated_cents"] == 15000);
    const json sum = w.call("client.summary", {{"id", c}, {"as_of", "2026-11-24"}}, w.admin);
    CHECK(sum["balances"][0]["open_cents"] == 10000);
    CHECK(sum["balances"][0]["credit_cents"] == 15000);
    CHECK(sum["balances"][0]["balance_cents"] == -5000);

    // The credit is allocated by hand once the dispute is settled.
    w.call("invoice.resolve_dispute", {{"id", disputed}}, w.admin);
    json a = w.call("payment.allocate",
        {{"id", p["id"]}, {"allocations", {{{"invoice_id", disputed}, {"amount_cents", 10000}}}}}, w.admin);
    CHECK(a["unallocated_cents"] == 5000);
    CHECK(open(w, disputed) == 0);
}

TEST_CASE("allocation refusals: over the open amount, other client, cancelled invoice, more than the payment")
{
    test::World w;
    const auto c = w.client("C1");
    const auto other = w.client("C2");
    const auto inv = w.invoice(c, "F-1", 10000, "2026-03-01");
    const auto inv2 = w.invoice(c, "F-2", 10000, "2026-03-02");
    const auto foreign = w.invoice(other, "F-3", 10000, "2026-03-01");
    const auto usd = w.invoice(c, "F-USD", 10000, "2026-03-01", "2026-01-01", "USD");
    const auto cancelled = w.invoice(c, "F-4", 10000, "2026-03-01");
    w.call("invoice.cancel", {{"id", cancelled}, {"reason", "Doublon"}}, w.admin);
    auto manual = [&](std::int64_t invoice, std::int64_t cents, std::int64_t total = 20000) {
        json p = payment(c, total);
        p["allocations"] = {{{"invoice_id", invoice}, {"amount_cents", cents}}};
        return w.call("payment.record", p, w.admin);
    };
    CHECK(manual(inv, 10001)["reason"] == "over_allocation");
    CHECK(manual(inv, 10001)["field"] == "allocations[0].amount_cents");
    CHECK(manual(foreign, 100)["reason"] == "other_client");
    CHECK(manual(usd, 100)["reason"] == "currency_mismatch");
    CHECK(manual(cancelled, 100)["reason"] == "cancelled_invoice"); // a payment on a cancelled invoice
    CHECK(manual(inv, 0)["reason"] == "not_positive");
    CHECK(manual(999, 10)["reason"] == "unknown_invoice");
    json p = payment(c, 15000);
    p["allocations"] = {{{"invoice_id", inv}, {"amount_cents", 10000}}, {{"invoice_id", inv2}, {"amount_cents", 6000}}};
    CHECK(w.call("payment.record", p, w.admin)["reason"] == "exceeds_payment");
    CHECK(w.call("payment.record", payment(c, -5), w.admin)["reason"] == "not_positive");
    CHECK(w.call("payment.record", payment(c, 5, "2026-12-25"), w.admin)["reason"] == "in_future");
    json badMethod = payment(c, 5);
    badMethod["method"] = "bitcoin";
    CHECK(w.call("payment.record", badMethod, w.admin)["field"] == "method");
    // Nothing was written by any refused call.
    CHECK(test::rowCount(*w.db, "payments") == 0);
    CHECK(test::rowCount(*w.db, "payment_allocations") == 0);
    CHECK(open(w, inv) == 10000);
}

TEST_CASE("credit notes allocate like payments; cancelling releases; voiding releases")
{
    test::World w;
    const auto c = w.client("C1");
    const auto inv = w.invoice(c, "F-1", 10000, "2026-03-01");
    json cn = w.call("credit_note.create",
        {{"client_id", c}, {"number", "AV-1"}, {"date", "2026-04-01"}, {"amount_cents", 2500}, {"reason", "Remise"}},
        w.admin);
    CHECK(cn["kind"] == "credit_note");
    CHECK(cn["allocations"][0]["invoice_id"] == inv);
    CHECK(open(w, inv) == 7500);
    CHECK(w.call("credit_note.create",
              {{"client_id", c}, {"number", "av-1"}, {"date", "2026-04-01"}, {"amount_cents", 10}, {"reason", "x"}},
              w.admin)["reason"]
        == "duplicate");
    CHECK(w.call("credit_note.create",
              {{"client_id", c}, {"number", "AV-2"}, {"date", "2026-04-01"}, {"amount_cents", 10}, {"reason", " "}},
              w.admin)["field"]
        == "reason");

    json p = w.call("payment.record", payment(c, 7500), w.admin);
    CHECK(w.call("invoice.get", {{"id", inv}}, w.admin)["status"] == "paid");
    // Cancelling the invoice gives the money back to the client's credit.
    CHECK(w.call("invoice.cancel", {{"id", inv}, {"reason", ""}}, w.admin)["field"] == "reason");
    json cancelled = w.call("invoice.cancel", {{"id", inv}, {"reason", "Facture erronée"}}, w.admin);
    CHECK(cancelled["status"] == "cancelled");
    CHECK(cancelled["paid_cents"] == 0);
    CHECK(w.call("payment.get", {{"id", p["id"]}}, w.admin)["unallocated_cents"] == 7500);
    CHECK(w.call("invoice.cancel", {{"id", inv}, {"reason", "encore"}}, w.admin)["reason"] == "already_cancelled");
    CHECK(w.call("invoice.update", {{"id", inv}, {"amount_cents", 5}}, w.admin)["reason"] == "cancelled");

    // Voiding a payment (a bounced cheque) puts the invoice back to owed.
    const auto inv2 = w.invoice(c, "F-2", 4000, "2026-05-01");
    json p2 = w.call("payment.allocate", {{"id", p["id"]}}, w.admin);
    CHECK(open(w, inv2) == 0);
    json voided = w.call("payment.void", {{"id", p["id"]}, {"reason", "Chèque impayé"}}, w.admin);
    CHECK(voided["allocated_cents"] == 0);
    CHECK(open(w, inv2) == 4000);
    CHECK(w.call("payment.allocate", {{"id", p["id"]}}, w.admin)["reason"] == "voided");
    // An invoice's amount cannot drop below what was paid.
    w.call("payment.record", payment(c, 3000), w.admin);
    CHECK(w.call("invoice.update", {{"id", inv2}, {"amount_cents", 2000}}, w.admin)["reason"] == "below_paid");
}

TEST_CASE("every mutation leaves a log line with before and after")
{
    test::World w;
    const auto c = w.client("C1");
    const auto inv = w.invoice(c, "F-1", 10000, "2026-03-01");
    w.call("invoice.dispute", {{"id", inv}, {"reason", "Prix"}}, w.manager);
    const json logs = w.call("log.list", {{"entity", "invoices"}, {"entity_id", inv}}, w.admin);
    REQUIRE(logs["total"] == 2);
    const json last = logs["rows"][0];
    CHECK(last["action"] == "invoice.dispute");
    CHECK(last["user_email"] == "manager@test.fr");
    CHECK(last["before"]["disputed"] == false);
    CHECK(last["after"]["disputed"] == true);
    CHECK(w.call("log.list",
              {{"user_id", w.managerId}, {"action", "invoice.dispute"}, {"from", "2026-11-24"}, {"to", "2026-11-24"}},
              w.admin)["total"]
        == 1);
    CHECK(w.call("log.list", {{"from", "2026-11-25"}}, w.admin)["total"] == 0);
    CHECK(w.call("log.list", {}, w.agent)["code"] == "forbidden");
}

// The payment form's suggestion is the core's rule, asked: oldest due first, disputed
// invoices and other currencies left alone — exactly what payment.record then does.
TEST_CASE("payment.suggest_allocation is what payment.record allocates without allocations")
{
    test::World w;
    const auto c = w.client("SUG", w.agentId);
    const auto late = w.invoice(c, "S-1", 30000, "2026-09-01");
    const auto disputed = w.invoice(c, "S-2", 50000, "2026-08-01");
    const auto later = w.invoice(c, "S-3", 40000, "2026-10-01");
    w.invoice(c, "S-USD", 99900, "2026-07-01", "2026-01-01", "USD");
    REQUIRE(w.call("invoice.dispute", {{"id", disputed}, {"reason", "non livré"}}, w.admin).contains("id"));
    const json s = w.call("payment.suggest_allocation", {{"client_id", c}, {"amount_cents", 50000}}, w.agent);
    REQUIRE_MESSAGE(s.contains("allocations"), s.dump());
    REQUIRE(s["allocations"].size() == 2);
    CHECK(s["allocations"][0]["invoice_id"] == late);
    CHECK(s["allocations"][0]["amount_cents"] == 30000);
    CHECK(s["allocations"][1]["invoice_id"] == later);
    CHECK(s["allocations"][1]["amount_cents"] == 20000);
    CHECK(s["credit_cents"] == 0);
    CHECK(w.call("payment.suggest_allocation", {{"client_id", c}, {"amount_cents", 100000}}, w.agent)["credit_cents"]
        == 30000);
    // payment.record without allocations does the same.
    const json paid = w.call("payment.record",
        {{"client_id", c}, {"date", "2026-11-20"}, {"amount_cents", 50000}, {"method", "transfer"}}, w.agent);
    REQUIRE(paid.contains("allocations"));
    REQUIRE(paid["allocations"].size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(paid["allocations"][k]["invoice_id"] == s["allocations"][k]["invoice_id"]);
        CHECK(paid["allocations"][k]["amount_cents"] == s["allocations"][k]["amount_cents"]);
    }
    // Refused: nothing to allocate, another collector's client, an unknown one.
    CHECK(w.call("payment.suggest_allocation", {{"client_id", c}, {"amount_cents", 0}}, w.agent)["reason"]
        == "not_positive");
    CHECK(w.call("payment.suggest_allocation", {{"client_id", c}, {"amount_cents", 100}}, w.agent2)["code"]
        == "forbidden");
    CHECK(w.call("payment.suggest_allocation", {{"client_id", 999}, {"amount_cents", 100}}, w.admin)["field"]
        == "client_id");
}

TEST_CASE("payments recorded together: all or none, a refusal named by its rank, the rows as one by one")
{
    test::World w;
    const auto c = w.client("C1");
    const auto c2 = w.client("C2");
    w.call("client.update", {{"id", c2}, {"assigned_to", w.agentId}}, w.admin);
    const auto a = w.invoice(c, "F-A", 10000, "2026-03-01");
    const auto b = w.invoice(c, "F-B", 20000, "2026-04-01");
    const auto d = w.invoice(c2, "F-D", 5000, "2026-03-15");
    service::Context ctx{*w.db, w.time.clock()};
    service::InvoiceService invoices(ctx);
    const service::Actor admin{w.adminId, service::Role::Admin};
    auto input = [](std::int64_t client, std::int64_t cents, std::vector<service::AllocationRequest> allocations,
                     const std::string& date = "2026-11-20") {
        service::PaymentInput in;
        in.clientId = client;
        in.date = date;
        in.amountCents = cents;
        in.method = "transfer";
        in.reference = "VIR " + std::to_string(cents);
        in.allocations = std::move(allocations);
        return in;
    };
    w.call("client.list", {{"sort", "overdue"}}, w.admin); // the clients' balances computed, kept from now on
    const auto logsBefore = test::rowCount(*w.db, "system_logs");

    struct Refusal {
        std::vector<service::PaymentInput> batch;
        service::Actor actor;
        const char* field;
        const char* reason;
    };
    const Refusal refusals[] = {
        // Each fits alone; together they take more than F-A still owes.
        {{input(c, 6000, {{a, 6000}}), input(c, 5000, {{a, 5000}})}, admin, "payments[1].allocations[0].amount_cents",
            "over_allocation"},
        {{input(c, 100, {{a, 100}}), input(c, 100, {{d, 100}})}, admin, "payments[1].allocations[0].invoice_id",
            "other_client"},
        {{input(c, 100, {{a, 100}}), input(c, 100, {{a, 100}}, "2026-12-25")}, admin, "payments[1].date", "in_future"},
        {{input(c, 100, {{a, 60}, {b, 60}})}, admin, "payments[0].allocations", "exceeds_payment"},
        {{input(c, 100, {{999, 100}})}, admin, "payments[0].allocations[0].invoice_id", "unknown_invoice"},
        {{input(c2, 100, {{d, 100}}), input(c, 100, {{a, 100}})}, service::Actor{w.agentId, service::Role::Agent},
            "payments[1]", "not_your_client"},
    };
    for (const auto& r : refusals) {
        CAPTURE(r.field);
        CAPTURE(r.reason);
        auto got = invoices.recordPayments(r.actor, r.batch);
        REQUIRE_FALSE(got.ok());
        CHECK(got.error().field == r.field);
        CHECK(got.error().reason == r.reason);
    }
    service::PaymentInput oldestFirst = input(c, 100, {});
    oldestFirst.allocations.reset(); // a batch names every allocation
    CHECK(invoices.recordPayments(admin, {oldestFirst}).error().field == "payments[0].allocations");
    // Nothing was written by any refused batch.
    CHECK(test::rowCount(*w.db, "payments") == 0);
    CHECK(test::rowCount(*w.db, "payment_allocations") == 0);
    CHECK(test::rowCount(*w.db, "system_logs") == logsBefore);
    CHECK(open(w, a) == 10000);

    // Two payments on F-A adding up to what it owes, one partly on F-B, one for C2 left partly as credit.
    auto done = invoices.recordPayments(
        admin, {input(c, 6000, {{a, 6000}}), input(c, 9000, {{a, 4000}, {b, 5000}}), input(c2, 7000, {{d, 5000}})});
    REQUIRE_MESSAGE(done.ok(), done.error().message);
    REQUIRE(done.value().size() == 3);
    CHECK(open(w, a) == 0);
    CHECK(open(w, b) == 15000);
    CHECK(open(w, d) == 0);
    CHECK(w.call("invoice.get", {{"id", a}}, w.admin)["status"] == "paid");
    CHECK(w.call("invoice.get", {{"id", b}}, w.admin)["status"] == "partially_paid");
    model::PaymentModel payments(*w.db);
    for (const auto& p : done.value()) {
        // What the batch returns and logs is the stored row, allocations and their ids included.
        const auto stored = payments.get(p.id);
        REQUIRE(stored);
        CHECK(model::toJson(*stored) == model::toJson(p));
        CHECK(json::parse(queryText(*w.db,
                  "SELECT after_json FROM system_logs WHERE action = 'payment.record' AND entity_id = "
                      + std::to_string(p.id)))
            == model::toJson(p));
    }
    CHECK(done.value()[2].allocatedCents == 5000);
    CHECK(w.call("payment.get", {{"id", done.value()[2].id}}, w.admin)["unallocated_cents"] == 2000);
    CHECK(test::rowCount(*w.db, "system_logs") == logsBefore + 3);
    // The clients' kept balances follow.
    CHECK(test::queryInt(*w.db, "SELECT open_cents FROM client_stats WHERE client_id = " + std::to_string(c)) == 15000);
    CHECK(test::queryInt(*w.db, "SELECT open_cents FROM client_stats WHERE client_id = " + std::to_string(c2)) == 0);
    // The money kept day by day (by triggers) is what the rows say.
    const std::string nonZero
        = " WHERE owed_cents <> 0 OR overdue_cents <> 0 OR invoiced_cents <> 0 OR collected_cents <> 0";
    CHECK(test::queryInt(*w.db,
              "SELECT (SELECT count(*) FROM (SELECT * FROM daily_totals" + nonZero
                  + " EXCEPT SELECT * FROM daily_totals_from_sources" + nonZero
                  + ")) + (SELECT count(*) FROM (SELECT * FROM daily_totals_from_sources" + nonZero
                  + " EXCEPT SELECT * FROM daily_totals" + nonZero + "))")
        == 0);
    CHECK(test::queryInt(*w.db, "SELECT sum(collected_cents) FROM daily_totals") == 22000);
}
