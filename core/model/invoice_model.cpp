#include "core/model/invoice_model.hpp"

#include "core/util/text.hpp"

#include "core/model/report_model.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kColumns
    = "i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_cents, i.currency, i.paid_cents, i.erp_ref, "
      "i.description, i.disputed, i.dispute_reason, i.cancelled_at, i.cancel_reason, i.status, i.created_at, "
      "i.updated_at";

Invoice read(const db::Statement& st)
{
    Invoice i;
    i.id = st.getInt(0);
    i.number = st.getText(1);
    i.clientId = st.getInt(2);
    i.issueDate = st.getText(3);
    i.dueDate = st.getText(4);
    i.amountCents = st.getInt(5);
    i.currency = st.getText(6);
    i.paidCents = st.getInt(7);
    i.erpRef = st.getText(8);
    i.description = st.getText(9);
    i.disputed = st.getInt(10) != 0;
    i.disputeReason = st.getText(11);
    i.cancelledAt = st.getOptionalText(12).value_or("");
    i.cancelReason = st.getText(13);
    i.status = st.getText(14);
    i.createdAt = st.getText(15);
    i.updatedAt = st.getText(16);
    return i;
}

const char* orderBy(InvoiceSort s, bool desc)
{
    switch (s) {
    case InvoiceSort::DueDate: return desc ? "i.due_date DESC, i.id DESC" : "i.due_date, i.id";
    case InvoiceSort::IssueDate: return desc ? "i.issue_date DESC, i.id DESC" : "i.issue_date, i.id";
    case InvoiceSort::Number: return desc ? "i.number DESC" : "i.number";
    case InvoiceSort::Amount: return desc ? "i.amount_cents DESC, i.id DESC" : "i.amount_cents, i.id";
    case InvoiceSort::Open:
        return desc ? "(i.amount_cents - i.paid_cents) DESC, i.id DESC" : "(i.amount_cents - i.paid_cents), i.id";
    }
    return "i.due_date, i.id";
}

} // namespace

nlohmann::json toJson(const Invoice& i)
{
    nlohmann::json j = {{"id", i.id}, {"number", i.number}, {"client_id", i.clientId}, {"issue_date", i.issueDate},
        {"due_date", i.dueDate}, {"amount_cents", i.amountCents}, {"currency", i.currency}, {"paid_cents", i.paidCents},
        {"open_cents", i.openCents()}, {"erp_ref", i.erpRef}, {"description", i.description}, {"disputed", i.disputed},
        {"dispute_reason", i.disputeReason},
        {"cancelled_at", i.cancelledAt.empty() ? nlohmann::json() : nlohmann::json(i.cancelledAt)},
        {"cancel_reason", i.cancelReason}, {"status", i.status}, {"created_at", i.createdAt},
        {"updated_at", i.updatedAt}};
    if (!i.clientName.empty())
        j["client_name"] = i.clientName;
    if (i.held)
        j["held"] = *i.held;
    return j;
}

std::int64_t InvoiceModel::insert(const Invoice& i)
{
    db::Statement st(m_db,
        "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_cents, currency, "
        "erp_ref, description, created_at, updated_at, number_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, crm_fold(?1))");
    st.bind(1, i.number).bind(2, i.clientId).bind(3, i.issueDate).bind(4, i.dueDate).bind(5, i.amountCents);
    st.bind(6, i.currency).bind(7, i.erpRef).bind(8, i.description).bind(9, i.createdAt).bind(10, i.updatedAt);
    st.run();
    return m_db.lastInsertRowid();
}

void InvoiceModel::update(const Invoice& i)
{
    db::Statement st(m_db,
        "UPDATE invoices SET number = ?2, number_key = crm_fold(?2), client_id = ?3, issue_date = ?4, due_date = ?5, "
        "amount_cents = ?6, currency = ?7, paid_cents = ?8, erp_ref = ?9, description = ?10, "
        "disputed = ?11, dispute_reason = ?12, cancelled_at = ?13, cancel_reason = ?14, "
        "updated_at = ?15 WHERE id = ?1");
    st.bind(1, i.id).bind(2, i.number).bind(3, i.clientId).bind(4, i.issueDate).bind(5, i.dueDate);
    st.bind(6, i.amountCents).bind(7, i.currency).bind(8, i.paidCents).bind(9, i.erpRef).bind(10, i.description);
    st.bind(11, i.disputed ? 1 : 0).bind(12, i.disputeReason);
    if (i.cancelledAt.empty())
        st.bindNull(13);
    else
        st.bind(13, i.cancelledAt);
    st.bind(14, i.cancelReason).bind(15, i.updatedAt).run();
}

std::optional<Invoice> InvoiceModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kColumns + " FROM invoices i WHERE i.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return read(st);
}

std::vector<OwedByCurrency> InvoiceModel::owedByCurrency(std::int64_t clientId, const std::string& asOf)
{
    db::Statement st(m_db,
        "SELECT currency, sum(amount_cents - paid_cents), "
        "sum(CASE WHEN due_date < ?2 THEN amount_cents - paid_cents ELSE 0 END), count(*), "
        "sum(due_date < ?2), min(due_date) FROM invoices WHERE client_id = ?1 AND cancelled_at IS NULL "
        "AND paid_cents < amount_cents AND issue_date <= ?2 GROUP BY currency ORDER BY currency <> 'EUR', currency");
    st.bind(1, clientId).bind(2, asOf);
    std::vector<OwedByCurrency> out;
    while (st.step())
        out.push_back({st.getText(0), st.getInt(1), st.getInt(2), st.getInt(3), st.getInt(4), st.getText(5)});
    return out;
}

std::optional<std::int64_t> InvoiceModel::clientOf(std::int64_t invoiceId)
{
    db::Statement st(m_db, "SELECT client_id FROM invoices WHERE id = ?1");
    st.bind(1, invoiceId);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

bool InvoiceModel::hasHistory(std::int64_t id)
{
    db::Statement st(m_db,
        "SELECT EXISTS (SELECT 1 FROM documents WHERE invoice_id = ?1) "
        "OR EXISTS (SELECT 1 FROM communication_invoices WHERE invoice_id = ?1)");
    st.bind(1, id);
    st.step();
    return st.getInt(0) != 0;
}

std::int64_t InvoiceModel::total()
{
    db::Statement st(m_db, "SELECT cents FROM money_totals WHERE name = 'invoices'");
    return st.step() ? st.getInt(0) : 0;
}

std::optional<std::int64_t> InvoiceModel::findIdByNumber(const std::string& number)
{
    db::Statement st(m_db, "SELECT id FROM invoices WHERE number_key = crm_fold(?1)");
    st.bind(1, number);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

AgeBucketer::AgeBucketer(const std::string& asOf)
    : m_asOf(asOf),
      m_d30(timeutil::addDays(asOf, -30)),
      m_d60(timeutil::addDays(asOf, -60)),
      m_d90(timeutil::addDays(asOf, -90))
{
}

const char* bucketName(int bucket)
{
    static const char* const kNames[] = {"not_due", "1_30", "31_60", "61_90", "over_90"};
    return bucket >= 0 && bucket < 5 ? kNames[bucket] : "";
}

int bucketIndex(const std::string& name)
{
    for (int k = 0; k < 5; ++k)
        if (name == bucketName(k))
            return k;
    return -1;
}

void InvoiceModel::scanOwedAsOf(const std::string& asOf, const std::string& currency,
    std::optional<std::int64_t> collector, const std::function<void(const OwedRow&)>& row)
{
    auto run = [&](const std::string& sql) {
        db::Statement st(m_db, sql + collectorFilter(collector, "client_id"));
        st.bind(1, currency).bind(2, asOf);
        bindCollector(st, collector);
        while (st.step())
            row(OwedRow{st.getInt(0), st.getInt(1), st.getTextView(2), st.getInt(3)});
    };
    // A: invoices owed today, issued by as_of: a scan of the covering partial index of
    // owed invoices (no table reads).
    run("SELECT id, client_id, due_date, amount_cents - paid_cents FROM invoices INDEXED BY invoices_open_by_due "
        "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1 AND issue_date <= ?2");
    // B: what payments dated after as_of settled was still owed on as_of: one range of
    // the allocations' own index (they carry the dates they need; cancelled invoices and
    // voided payments have no allocations left).
    run("SELECT invoice_id, client_id, invoice_due_date, amount_cents FROM payment_allocations "
        "INDEXED BY allocations_by_payment_date WHERE payment_date > ?2 AND currency = ?1 "
        "AND invoice_issue_date <= ?2");
}

void InvoiceModel::scanOwedSpans(const std::string& since, const std::string& currency,
    std::optional<std::int64_t> collector, const std::function<void(const OwedSpan&)>& span)
{
    // The same two index ranges as scanOwedAsOf, without the issue date's bound.
    {
        db::Statement st(m_db,
            "SELECT client_id, issue_date, due_date, amount_cents - paid_cents FROM invoices INDEXED BY "
            "invoices_open_by_due WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1"
                + collectorFilter(collector, "client_id"));
        st.bind(1, currency);
        bindCollector(st, collector);
        while (st.step())
            span(OwedSpan{st.getInt(0), st.getTextView(1), st.getTextView(2), {}, st.getInt(3)});
    }
    db::Statement st(m_db,
        "SELECT client_id, invoice_issue_date, invoice_due_date, payment_date, amount_cents FROM payment_allocations "
        "INDEXED BY allocations_by_payment_date WHERE payment_date > ?2 AND currency = ?1"
            + collectorFilter(collector, "client_id"));
    st.bind(1, currency).bind(2, since);
    bindCollector(st, collector);
    while (st.step())
        span(OwedSpan{st.getInt(0), st.getTextView(1), st.getTextView(2), st.getTextView(3), st.getInt(4)});
}

bool InvoiceModel::paidAfter(const std::string& asOf)
{
    db::Statement st(m_db, "SELECT 1 FROM payment_allocations WHERE payment_date > ?1 LIMIT 1");
    st.bind(1, asOf);
    return st.step();
}

InvoicePage InvoiceModel::list(const InvoiceQuery& q)
{
    std::string where = " WHERE 1";
    const int bucket = q.bucket.empty() ? -1 : bucketIndex(q.bucket);
    if (bucket >= 0) {
        if (paidAfter(q.asOf)) {
            // What was owed then differs from what is owed now: list exactly the invoices
            // the owed-as-of scan finds in the bucket (the scan is per currency).
            m_db.exec("CREATE TEMP TABLE IF NOT EXISTS crm_bucket_ids (id INTEGER PRIMARY KEY)");
            m_db.exec("DELETE FROM temp.crm_bucket_ids");
            db::Statement currencies(m_db, "SELECT DISTINCT currency FROM invoices");
            std::vector<std::string> list;
            while (currencies.step())
                if (q.currency.empty() || currencies.getText(0) == q.currency)
                    list.push_back(currencies.getText(0));
            db::Statement add(m_db, "INSERT OR IGNORE INTO temp.crm_bucket_ids (id) VALUES (?1)");
            const AgeBucketer bucketOf(q.asOf);
            for (const auto& cur : list)
                scanOwedAsOf(q.asOf, cur, std::nullopt, [&](const OwedRow& r) {
                    if (bucketOf(r.dueDate) == bucket && r.cents > 0) {
                        add.reset();
                        add.bind(1, r.invoiceId).run();
                    }
                });
            where += " AND i.id IN (SELECT id FROM temp.crm_bucket_ids)";
        } else {
            // Nothing paid after as_of: owed then = owed now, issued by as_of.
            where += " AND i.cancelled_at IS NULL AND i.paid_cents < i.amount_cents AND i.issue_date <= ?11";
            if (bucket == 0) {
                where += " AND i.due_date >= ?12";
            } else if (bucket == 4) {
                where += " AND i.due_date <= ?13";
            } else {
                where += " AND i.due_date >= ?12 AND i.due_date <= ?13";
            }
        }
    }
    const bool owed = q.onlyOwed || q.status == "unpaid";
    if (owed) // the exact condition of the partial indexes, so SQLite can use them
        where += " AND i.cancelled_at IS NULL AND i.paid_cents < i.amount_cents";
    // The conditions on the client alone (they name i.client_id and c, the client), apart:
    // when nothing else filters, the total adds up the chosen clients' invoice counts.
    std::string onClient;
    if (q.clientId)
        onClient += " AND i.client_id = ?4";
    if (q.collector)
        onClient += *q.collector > 0 ? " AND c.assigned_to = ?5" : " AND c.assigned_to IS NULL";
    const std::string clientText = text::foldForSearch(q.clientSearch);
    if (!clientText.empty()) {
        // The clients the search names, found once (a scan of 10 000 keys takes ~0.7 ms)
        // for the total and the page.
        m_db.exec("CREATE TEMP TABLE IF NOT EXISTS crm_search_clients (id INTEGER PRIMARY KEY)");
        m_db.exec("DELETE FROM temp.crm_search_clients");
        db::Statement found(m_db,
            "INSERT INTO temp.crm_search_clients (id) SELECT id FROM clients "
            "WHERE search_key LIKE '%' || ?1 || '%' ESCAPE '\\'");
        found.bind(1, text::likeEscape(clientText)).run();
        onClient += " AND i.client_id IN (SELECT id FROM temp.crm_search_clients)";
    }
    where += onClient;
    if (!q.status.empty() && q.status != "unpaid")
        where += " AND i.status = ?6";
    if (!q.dueFrom.empty())
        where += " AND i.due_date >= ?7";
    if (!q.dueTo.empty())
        where += " AND i.due_date <= ?8";
    if (!q.numberPrefix.empty())
        where += " AND i.number >= ?9 AND i.number < ?9 || x'f48fbfbf'";
    if (!q.currency.empty())
        where += " AND i.currency = ?10";
    const std::string from = q.collector ? " FROM invoices i JOIN clients c ON c.id = i.client_id" : " FROM invoices i";
    auto bind = [&](db::Statement& st) {
        if (q.clientId)
            st.bind(4, *q.clientId);
        if (q.collector && *q.collector > 0)
            st.bind(5, *q.collector);
        if (!q.status.empty() && q.status != "unpaid")
            st.bind(6, q.status);
        if (!q.dueFrom.empty())
            st.bind(7, q.dueFrom);
        if (!q.dueTo.empty())
            st.bind(8, q.dueTo);
        if (!q.numberPrefix.empty())
            st.bind(9, q.numberPrefix);
        if (!q.currency.empty())
            st.bind(10, q.currency);
        if (bucket >= 0 && !q.asOf.empty() && where.find("?11") != std::string::npos) {
            static const long kFrom[5] = {0, -30, -60, -90, 0};
            static const long kTo[5] = {0, -1, -31, -61, -91};
            st.bind(11, q.asOf);
            if (bucket != 4)
                st.bind(12, timeutil::addDays(q.asOf, kFrom[bucket]));
            if (bucket != 0)
                st.bind(13, timeutil::addDays(q.asOf, kTo[bucket]));
        }
    };
    InvoicePage page;
    const bool onlyOnClient = where == " WHERE 1" + onClient;
    if (q.withTotal && where == " WHERE 1") { // every invoice: the count kept by triggers (0009)
        db::Statement st(m_db, "SELECT cents FROM money_totals WHERE name = 'invoices.count'");
        page.total = st.step() ? st.getInt(0) : 0;
    } else if (q.withTotal && onlyOnClient) { // the chosen clients' invoice counts (0010)
        // `i` is a client's count row here: it has the client_id the conditions name.
        db::Statement st(m_db,
            "SELECT coalesce(sum(i.n), 0) FROM client_invoice_counts i"
                + std::string(q.collector ? " JOIN clients c ON c.id = i.client_id" : "") + where);
        bind(st);
        st.step();
        page.total = st.getInt(0);
    } else if (q.withTotal) { // a count over a million invoices costs ~10 ms: the later pages skip it
        db::Statement st(m_db, "SELECT count(*)" + from + where);
        bind(st);
        st.step();
        page.total = st.getInt(0);
    }
    // The page's ids first, sorted on the sort key and the id alone (an index often covers
    // them: the invoices of the clients a search names sort without reading their rows),
    // then the rows of those ids.
    db::Statement st(m_db,
        std::string("SELECT ") + kColumns + " FROM invoices i WHERE i.id IN (SELECT i.id" + from + where + " ORDER BY "
            + orderBy(q.sort, q.desc) + " LIMIT ?2 OFFSET ?3) ORDER BY " + orderBy(q.sort, q.desc));
    bind(st);
    st.bind(2, q.limit).bind(3, q.offset);
    while (st.step())
        page.rows.push_back(read(st));
    // The clients' names and the holds in force, for the rows shown only.
    db::Statement names(m_db, "SELECT name FROM clients WHERE id = ?1");
    db::Statement held(m_db,
        "SELECT EXISTS (SELECT 1 FROM holds h WHERE h.client_id = ?1 AND h.ended_at IS NULL "
        "AND (h.until IS NULL OR h.until >= ?3) AND (NOT EXISTS (SELECT 1 FROM hold_invoices x WHERE x.hold_id = h.id) "
        "OR EXISTS (SELECT 1 FROM hold_invoices x WHERE x.hold_id = h.id AND x.invoice_id = ?2)))");
    for (auto& row : page.rows) {
        names.reset();
        names.bind(1, row.clientId);
        if (names.step())
            row.clientName = names.getText(0);
        if (!q.today.empty()) {
            held.reset();
            held.bind(1, row.clientId).bind(2, row.id).bind(3, q.today);
            held.step();
            row.held = held.getInt(0) != 0;
        }
    }
    return page;
}

std::vector<Invoice> InvoiceModel::owedByClient(
    std::int64_t clientId, const std::string& currency, bool includeDisputed)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kColumns
            + " FROM invoices i WHERE i.client_id = ?1 AND i.cancelled_at IS NULL "
              "AND i.paid_cents < i.amount_cents AND i.currency = ?2"
            + (includeDisputed ? "" : " AND i.disputed = 0") + " ORDER BY i.due_date, i.id");
    st.bind(1, clientId).bind(2, currency);
    std::vector<Invoice> out;
    while (st.step())
        out.push_back(read(st));
    return out;
}

void InvoiceModel::addPaid(std::int64_t id, std::int64_t cents, const std::string& at)
{
    db::Statement st(m_db, "UPDATE invoices SET paid_cents = paid_cents + ?2, updated_at = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, cents).bind(3, at).run();
}

void InvoiceModel::addPaidMany(const std::vector<std::pair<std::int64_t, std::int64_t>>& cents, const std::string& at)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [id, c] : cents)
        rows.push_back({id, c});
    db::Statement st(m_db,
        "UPDATE invoices SET paid_cents = paid_cents + r.cents, updated_at = ?2 "
        "FROM (SELECT value->>0 AS id, value->>1 AS cents FROM json_each(?1)) r WHERE invoices.id = r.id");
    st.bind(1, rows.dump()).bind(2, at).run();
}

} // namespace crm::model
