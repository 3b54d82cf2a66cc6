// Property test: after any random sequence of invoices, payments, allocations, credit
// notes, cancellations, voids and disputes — valid or not — money stays exact:
//   every payment's allocations sum to its allocated_cents (<= its amount, 0 if voided);
//   every invoice's allocations sum to its paid_cents (<= its amount, 0 if cancelled);
//   no balance is negative; each client's balance equals its open invoices minus its credit;
//   the balance cache agrees with a fresh computation, and so does the day-by-day cache
//   behind the trends (daily_totals, kept by triggers).
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace crm;
using api::json;

namespace {

std::int64_t scalar(db::Database& db, const std::string& sql, std::int64_t arg = 0)
{
    db::Statement st(db, sql);
    if (sql.find("?1") != std::string::npos)
        st.bind(1, arg);
    st.step();
    return st.getInt(0);
}

void checkInvariants(test::World& w, const std::vector<std::int64_t>& clients)
{
    auto& db = *w.db;
    CHECK(scalar(db,
              "SELECT count(*) FROM payments p WHERE allocated_cents <> (SELECT coalesce(sum(amount_cents), 0) "
              "FROM payment_allocations WHERE payment_id = p.id) OR allocated_cents > amount_cents "
              "OR (voided_at IS NOT NULL AND allocated_cents <> 0)")
        == 0);
    CHECK(scalar(db,
              "SELECT count(*) FROM invoices i WHERE paid_cents <> (SELECT coalesce(sum(amount_cents), 0) "
              "FROM payment_allocations WHERE invoice_id = i.id) OR paid_cents > amount_cents "
              "OR (cancelled_at IS NOT NULL AND paid_cents <> 0)")
        == 0);
    CHECK(scalar(db, "SELECT count(*) FROM payment_allocations WHERE amount_cents <= 0") == 0);
    // The allocations' copies of dates, client and currency equal their sources.
    CHECK(scalar(db,
              "SELECT count(*) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id "
              "JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_date <> p.date OR a.client_id <> i.client_id "
              "OR a.currency <> i.currency OR a.invoice_due_date <> i.due_date "
              "OR a.invoice_issue_date <> i.issue_date")
        == 0);
    CHECK(scalar(db,
              "SELECT count(*) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id "
              "JOIN invoices i ON i.id = a.invoice_id WHERE p.client_id <> i.client_id OR p.currency <> i.currency "
              "OR p.voided_at IS NOT NULL OR i.cancelled_at IS NOT NULL")
        == 0);
    // daily_totals holds what its view computes from the tables (days adding up to zero aside).
    const char* nonZero = " WHERE owed_cents <> 0 OR overdue_cents <> 0 OR invoiced_cents <> 0 OR collected_cents <> 0";
    CHECK(scalar(db,
              std::string("SELECT count(*) FROM (SELECT * FROM daily_totals") + nonZero
                  + " EXCEPT SELECT * FROM daily_totals_from_sources" + nonZero + ")")
        == 0);
    CHECK(scalar(db,
              std::string("SELECT count(*) FROM (SELECT * FROM daily_totals_from_sources") + nonZero
                  + " EXCEPT SELECT * FROM daily_totals" + nonZero + ")")
        == 0);
    for (auto c : clients) {
        const json s = w.call("client.summary", {{"id", c}, {"as_of", "2026-11-24"}}, w.admin);
        const std::int64_t open = scalar(db,
            "SELECT coalesce(sum(amount_cents - paid_cents), 0) FROM invoices WHERE "
            "client_id = ?1 AND cancelled_at IS NULL AND currency = 'EUR'",
            c);
        const std::int64_t credit = scalar(db,
            "SELECT coalesce(sum(amount_cents - allocated_cents), 0) FROM payments "
            "WHERE client_id = ?1 AND voided_at IS NULL AND currency = 'EUR'",
            c);
        std::int64_t balance = 0;
        std::int64_t summaryOpen = 0;
        for (const auto& b : s["balances"])
            if (b["currency"] == "EUR") {
                balance = b["balance_cents"].get<std::int64_t>();
                summaryOpen = b["open_cents"].get<std::int64_t>();
                CHECK(b["open_cents"].get<std::int64_t>() >= 0);
                CHECK(b["credit_cents"].get<std::int64_t>() >= 0);
            }
        CHECK(summaryOpen == open);
        CHECK(balance == open - credit);
        // The balance cache (client.list amounts) agrees.
        const json list = w.call("client.list", {{"limit", 10}}, w.admin);
        bool found = false;
        for (const auto& row : list["rows"])
            if (row["id"] == c) {
                found = true;
                CHECK(row["open_cents"] == open);
            }
        CHECK(found);
    }
}

} // namespace

TEST_CASE("money stays exact through random sequences of operations")
{
    for (unsigned seed = 1; seed <= 4; ++seed) {
        CAPTURE(seed);
        test::World w;
        std::mt19937_64 rng(seed);
        auto pick = [&](auto n) { return static_cast<decltype(n)>(rng() % static_cast<std::uint64_t>(n)); };
        std::vector<std::int64_t> clients = {w.client("A"), w.client("B"), w.client("C")};
        std::vector<std::int64_t> invoices;
        std::vector<std::int64_t> payments;
        int ok = 0;
        for (int step = 0; step < 150; ++step) {
            const auto c = clients[pick(clients.size())];
            json r;
            switch (pick(9)) {
            case 0:
            case 1: {
                const std::string issue = "2026-0" + std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(9));
                r = w.call("invoice.create",
                    {{"number", "F" + std::to_string(seed) + "-" + std::to_string(step)}, {"client_id", c},
                        {"issue_date", issue}, {"due_date", timeutil::addDays(issue, static_cast<long>(pick(60)))},
                        {"amount_cents", static_cast<std::int64_t>(1 + pick(100000))},
                        {"currency", pick(10) == 0 ? "USD" : "EUR"}},
                    w.admin);
                if (r.contains("id"))
                    invoices.push_back(r["id"].get<std::int64_t>());
                break;
            }
            case 2:
            case 3: {
                const std::string date = "2026-" + std::to_string(10 + pick(3)) + "-0" + std::to_string(1 + pick(9));
                json p = {{"client_id", c}, {"date", date}, {"amount_cents", static_cast<std::int64_t>(pick(120000))},
                    {"method", "transfer"}};
                if (pick(2) && !invoices.empty()) // by hand, possibly wrong on purpose
                    p["allocations"] = {{{"invoice_id", invoices[pick(invoices.size())]},
                        {"amount_cents", static_cast<std::int64_t>(pick(60000)) - 100}}};
                r = w.call("payment.record", p, w.admin);
                if (r.contains("id"))
                    payments.push_back(r["id"].get<std::int64_t>());
                break;
            }
            case 4:
                r = w.call("credit_note.create",
                    {{"client_id", c}, {"number", "AV" + std::to_string(seed) + "-" + std::to_string(step)},
                        {"date", "2026-10-01"}, {"amount_cents", static_cast<std::int64_t>(1 + pick(30000))},
                        {"reason", "Geste commercial"}},
                    w.admin);
                if (r.contains("id"))
                    payments.push_back(r["id"].get<std::int64_t>());
                break;
            case 5:
                if (!payments.empty())
                    r = w.call("payment.allocate", {{"id", payments[pick(payments.size())]}}, w.admin);
                break;
            case 6:
                if (!invoices.empty())
                    r = w.call(
                        "invoice.cancel", {{"id", invoices[pick(invoices.size())]}, {"reason", "Annulée"}}, w.admin);
                break;
            case 7:
                if (!payments.empty())
                    r = w.call("payment.void", {{"id", payments[pick(payments.size())]}, {"reason", "Rejet"}}, w.admin);
                break;
            case 8:
                if (!invoices.empty() && pick(3) == 0) { // move a due date: the copies must follow
                    r = w.call("invoice.update",
                        {{"id", invoices[pick(invoices.size())]},
                            {"due_date", "2026-10-0" + std::to_string(1 + pick(9))}},
                        w.admin);
                    break;
                }
                if (!invoices.empty() && pick(3) == 0) { // an issue date, an amount
                    r = w.call("invoice.update",
                        {{"id", invoices[pick(invoices.size())]},
                            {"issue_date", "2026-0" + std::to_string(1 + pick(9)) + "-0" + std::to_string(1 + pick(9))},
                            {"amount_cents", static_cast<std::int64_t>(1 + pick(100000))}},
                        w.admin);
                    break;
                }
                if (!invoices.empty()) {
                    const auto inv = invoices[pick(invoices.size())];
                    r = pick(2) ? w.call("invoice.dispute", {{"id", inv}, {"reason", "Litige"}}, w.admin)
                                : w.call("invoice.resolve_dispute", {{"id", inv}}, w.admin);
                }
                break;
            }
            ok += r.contains("id");
            if (step % 30 == 29)
                checkInvariants(w, clients);
        }
        checkInvariants(w, clients);
        CHECK(ok > 40); // the sequence did real work, not only refusals
    }
}
