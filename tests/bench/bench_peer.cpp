#include "tests/bench/bench_peer.hpp"
#include "tests/bench/bench_util.hpp"

#include "core/db/database.hpp"

#include <chrono>
#include <stdexcept>
#include <vector>

namespace crm::bench {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0)
{
    return Ms(Clock::now() - t0).count();
}

} // namespace

json peerSql()
{
    // One bound integer k makes a row, so both sides do the same work whatever their
    // host language (the values are computed by SQLite).
    return {
        {"pragmas", "PRAGMA page_size = 4096; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;"},
        {"page_size", 4096}, // checked on both sides once the table is made (a file's first page size stays)
        {"drop", "DROP TABLE IF EXISTS invoices"},
        {"create",
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, client_id INTEGER NOT NULL, "
            "issue_date TEXT NOT NULL, due_date TEXT NOT NULL, amount_cents INTEGER NOT NULL, paid_cents INTEGER NOT "
            "NULL); CREATE INDEX invoices_by_due ON invoices (due_date, id)"},
        {"insert",
            "INSERT INTO invoices (id, number, client_id, issue_date, due_date, amount_cents, paid_cents) VALUES (?1, "
            "printf('F%07d', ?1), ?1 % 1000, date('2025-06-01', '+' || (?1 % 540) || ' days'), date('2025-06-01', '+' "
            "|| (?1 % 540 + 30) || ' days'), 1000 + (?1 * 7919) % 500000, 0)"},
        {"update", "UPDATE invoices SET paid_cents = ?2 WHERE id = ?1"},
        {"page",
            "SELECT id, number, client_id, due_date, amount_cents, paid_cents FROM invoices WHERE (due_date, id) > "
            "(?1, "
            "?2) ORDER BY due_date, id LIMIT 100"},
        {"aging",
            "SELECT CASE WHEN d <= 0 THEN 'current' WHEN d <= 30 THEN '1-30' WHEN d <= 60 THEN '31-60' WHEN d <= 90 "
            "THEN '61-90' ELSE '90+' END AS bucket, count(*), sum(amount_cents - paid_cents) FROM (SELECT "
            "julianday('2026-11-24') - julianday(due_date) AS d, amount_cents, paid_cents FROM invoices WHERE "
            "paid_cents < amount_cents) GROUP BY bucket ORDER BY bucket"},
        {"count", "SELECT count(*) FROM invoices"},
    };
}

json runPeerBench(const json& params, const std::string& path, const std::string& vfs)
{
    const std::int64_t n = params.value("n", std::int64_t{100000});
    const std::int64_t updates = params.value("updates", std::int64_t{10000});
    const int runs = params.value("runs", 3);
    const json sql = peerSql();
    const auto text = [&](const char* key) { return sql[key].get<std::string>(); };
    db::OpenOptions options;
    options.vfs = vfs;
    options.migrate = false;
    std::vector<double> insert, update, page, aging, agingAgain, open;
    std::int64_t paged = 0, buckets = 0;
    for (int r = 0; r < runs; ++r) {
        auto db = db::Database::open(path, options);
        db->exec(text("pragmas"));
        db->exec(text("drop"));
        db->exec(text("create"));
        if (const auto size = db->pragmaInt("page_size"); size != sql["page_size"].get<std::int64_t>())
            throw std::runtime_error(
                "peer bench: our file has pages of " + std::to_string(size) + " bytes, not " + sql["page_size"].dump());

        auto t0 = Clock::now();
        {
            db::Transaction tx(*db);
            db::Statement ins(*db, text("insert"));
            for (std::int64_t k = 1; k <= n; ++k) {
                ins.reset();
                ins.bind(1, k);
                ins.run();
            }
            tx.commit();
        }
        insert.push_back(since(t0));

        t0 = Clock::now();
        {
            db::Statement up(*db, text("update"));
            for (std::int64_t i = 0; i < updates; ++i) {
                up.reset();
                up.bind(1, 1 + (i * 7919 + r) % n);
                up.bind(2, (i % 7) * 100 + r);
                up.run();
            }
        }
        update.push_back(since(t0));

        t0 = Clock::now();
        {
            db::Statement pg(*db, text("page"));
            std::string due;
            std::int64_t id = 0, rows = 0;
            for (;;) {
                pg.reset();
                pg.bind(1, due);
                pg.bind(2, id);
                std::int64_t got = 0;
                while (pg.step()) {
                    // Every column read, as a screen would.
                    id = pg.getInt(0);
                    const std::string number = pg.getText(1);
                    const std::int64_t values = pg.getInt(2) + pg.getInt(4) + pg.getInt(5);
                    due = pg.getText(3);
                    if (number.empty() || values < 0)
                        throw std::runtime_error("peer bench: a page row is wrong");
                    ++got;
                }
                rows += got;
                if (got < 100)
                    break;
            }
            if (rows != n)
                throw std::runtime_error("peer bench: the pages missed rows");
            paged = rows;
        }
        page.push_back(since(t0));

        // The aggregate's first run, right after the pages (its code may still be running
        // in the engine's first tier), then three more (its steady speed): both reported.
        std::vector<double> repeated;
        for (int k = 0; k < 4; ++k) {
            t0 = Clock::now();
            db::Statement ag(*db, text("aging"));
            buckets = 0;
            while (ag.step())
                buckets += ag.getInt(1) > 0 ? 1 : 0;
            (k == 0 ? aging : repeated).push_back(since(t0));
        }
        agingAgain.push_back(median(repeated));
        db.reset();

        // Open to the first answer; closing is not part of it (nor is it on their side).
        t0 = Clock::now();
        auto again = db::Database::open(path, options);
        again->exec(text("pragmas"));
        std::int64_t count = -1;
        {
            db::Statement st(*again, text("count"));
            if (st.step())
                count = st.getInt(0);
        }
        open.push_back(since(t0));
        again.reset();
        if (count != n)
            throw std::runtime_error("peer bench: the reopened table has the wrong count");
    }
    return {{"n", n}, {"updates", updates}, {"runs", runs}, {"paged_rows", paged}, {"aging_buckets", buckets},
        {"insert_ms", median(insert)}, {"update_ms", median(update)}, {"page_ms", median(page)},
        {"aging_ms", median(aging)}, {"aging_again_ms", median(agingAgain)}, {"open_ms", median(open)}, {"sql", sql}};
}

} // namespace crm::bench
