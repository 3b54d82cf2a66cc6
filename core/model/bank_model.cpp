#include "core/model/bank_model.hpp"

namespace crm::model {

namespace {

constexpr const char* kLineColumns
    = "l.id, l.statement_id, s.import_id, l.account, l.booking_date, coalesce(l.value_date, ''), l.amount_cents, "
      "l.currency, l.bank_ref, l.occurrence, l.label, l.payer_name, l.payer_account, l.remittance, l.operation_code, "
      "l.state, coalesce(l.client_id, 0), coalesce(c.name, ''), l.score, l.proposals, l.note, "
      "coalesce(l.resolved_by, 0), coalesce(l.resolved_at, '')";

constexpr const char* kLineFrom = " FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id"
                                  " LEFT JOIN clients c ON c.id = l.client_id";

BankLine readLine(const db::Statement& st)
{
    BankLine l;
    l.id = st.getInt(0);
    l.statementId = st.getInt(1);
    l.importId = st.getInt(2);
    l.account = st.getText(3);
    l.bookingDate = st.getText(4);
    l.valueDate = st.getText(5);
    l.amountCents = st.getInt(6);
    l.currency = st.getText(7);
    l.bankRef = st.getText(8);
    l.occurrence = st.getInt(9);
    l.label = st.getText(10);
    l.payerName = st.getText(11);
    l.payerAccount = st.getText(12);
    l.remittance = st.getText(13);
    l.operationCode = st.getText(14);
    l.state = st.getText(15);
    l.clientId = st.getInt(16);
    l.clientName = st.getText(17);
    l.score = static_cast<int>(st.getInt(18));
    l.proposals = st.getText(19);
    l.note = st.getText(20);
    l.resolvedBy = st.getInt(21);
    l.resolvedAt = st.getText(22);
    return l;
}

// The per-import tallies, over the lines each import brought (its statements' lines).
constexpr const char* kImportColumns
    = "i.id, i.file_name, i.format, i.imported_at, i.lines_total, i.lines_new, coalesce(i.imported_by, 0), "
      "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id {scope} "
      "  WHERE s.import_id = i.id AND l.amount_cents > 0), "
      "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id {scope} "
      "  WHERE s.import_id = i.id AND l.amount_cents > 0 AND l.state IN ('auto', 'confirmed', 'credit')), "
      "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id {scope} "
      "  WHERE s.import_id = i.id AND l.amount_cents > 0 AND l.state = 'auto'), "
      "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id {scope} "
      "  WHERE s.import_id = i.id AND l.state IN ('suggested', 'todo')), "
      "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id {scope} "
      "  WHERE s.import_id = i.id AND l.state = 'ignored'), "
      "(SELECT coalesce(min(coalesce(opening_date, closing_date)), '') FROM bank_statements WHERE import_id = i.id), "
      "(SELECT coalesce(max(closing_date), '') FROM bank_statements WHERE import_id = i.id)";

std::string importColumns(bool scoped)
{
    std::string sql = kImportColumns;
    if (scoped) { // a collector's: the file's lines that are theirs (all new when imported), not the whole file's
        const std::string whole = "i.lines_total, i.lines_new";
        const std::string theirs = "(SELECT count(*) FROM bank_lines l JOIN bank_statements s ON s.id = l.statement_id "
                                   "{scope} WHERE s.import_id = i.id)";
        sql.replace(sql.find(whole), whole.size(), theirs + ", " + theirs);
    }
    const std::string scope = scoped ? "JOIN clients c ON c.id = l.client_id AND c.assigned_to = ?1" : "";
    for (auto at = sql.find("{scope}"); at != std::string::npos; at = sql.find("{scope}"))
        sql.replace(at, 7, scope);
    return sql;
}

BankImport readImport(const db::Statement& st)
{
    BankImport i;
    i.id = st.getInt(0);
    i.fileName = st.getText(1);
    i.format = st.getText(2);
    i.importedAt = st.getText(3);
    i.linesTotal = st.getInt(4);
    i.linesNew = st.getInt(5);
    i.importedBy = st.getInt(6);
    i.credits = st.getInt(7);
    i.matched = st.getInt(8);
    i.automatic = st.getInt(9);
    i.waiting = st.getInt(10);
    i.ignored = st.getInt(11);
    i.firstDate = st.getText(12);
    i.lastDate = st.getText(13);
    return i;
}

} // namespace

ChangesInMemory::ChangesInMemory(db::Database& db) : m_db(db), m_cacheSize(db.pragmaInt("cache_size"))
{
    m_db.exec("PRAGMA cache_spill = OFF");
    m_db.exec("PRAGMA temp_store = MEMORY");
    m_db.exec("PRAGMA cache_size = -262144");
}

ChangesInMemory::~ChangesInMemory()
{
    try {
        m_db.exec("PRAGMA cache_spill = ON");
        m_db.exec("PRAGMA temp_store = DEFAULT");
        m_db.exec("PRAGMA cache_size = " + std::to_string(m_cacheSize));
    } catch (...) { // settings of this connection only: never worth an exception from a destructor
    }
}

std::int64_t BankModel::insertImport(
    const std::string& fileName, const std::string& format, std::int64_t by, const std::string& at)
{
    db::Statement st(
        m_db, "INSERT INTO bank_imports (file_name, format, imported_by, imported_at) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, fileName).bind(2, format).bindIdOrNull(3, by).bind(4, at).run();
    return m_db.lastInsertRowid();
}

void BankModel::setImportCounts(std::int64_t id, std::int64_t total, std::int64_t added)
{
    db::Statement st(m_db, "UPDATE bank_imports SET lines_total = ?2, lines_new = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, total).bind(3, added).run();
}

std::int64_t BankModel::insertStatement(std::int64_t importId, const std::string& account, const std::string& currency,
    const std::string& openingDate, const std::string& closingDate, std::int64_t openingCents,
    std::int64_t closingCents)
{
    db::Statement st(m_db,
        "INSERT INTO bank_statements (import_id, account, currency, opening_date, closing_date, opening_cents, "
        "closing_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, importId).bind(2, account).bind(3, currency);
    if (openingDate.empty())
        st.bindNull(4);
    else
        st.bind(4, openingDate);
    st.bind(5, closingDate).bind(6, openingCents).bind(7, closingCents).run();
    return m_db.lastInsertRowid();
}

bool BankModel::lineKnown(const BankLine& l)
{
    db::Statement st(m_db,
        "SELECT 1 FROM bank_lines WHERE account = ?1 AND booking_date = ?2 AND amount_cents = ?3 AND bank_ref = ?4 "
        "AND occurrence = ?5");
    st.bind(1, l.account).bind(2, l.bookingDate).bind(3, l.amountCents).bind(4, l.bankRef).bind(5, l.occurrence);
    return st.step();
}

std::int64_t BankModel::insertLine(const BankLine& l)
{
    db::Statement st(m_db,
        "INSERT INTO bank_lines (statement_id, account, booking_date, value_date, amount_cents, currency, bank_ref, "
        "occurrence, label, payer_name, payer_account, remittance, operation_code, state, client_id, score, "
        "proposals, note, resolved_by, resolved_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)");
    st.bind(1, l.statementId).bind(2, l.account).bind(3, l.bookingDate);
    if (l.valueDate.empty())
        st.bindNull(4);
    else
        st.bind(4, l.valueDate);
    st.bind(5, l.amountCents).bind(6, l.currency).bind(7, l.bankRef).bind(8, l.occurrence).bind(9, l.label);
    st.bind(10, l.payerName).bind(11, l.payerAccount).bind(12, l.remittance).bind(13, l.operationCode);
    st.bind(14, l.state).bindIdOrNull(15, l.clientId).bind(16, l.score).bind(17, l.proposals).bind(18, l.note);
    st.bindIdOrNull(19, l.resolvedBy);
    if (l.resolvedAt.empty())
        st.bindNull(20);
    else
        st.bind(20, l.resolvedAt);
    st.run();
    return m_db.lastInsertRowid();
}

void BankModel::updateLine(const BankLine& l)
{
    db::Statement st(m_db,
        "UPDATE bank_lines SET state = ?2, client_id = ?3, score = ?4, proposals = ?5, note = ?6, resolved_by = ?7, "
        "resolved_at = ?8 WHERE id = ?1");
    st.bind(1, l.id).bind(2, l.state).bindIdOrNull(3, l.clientId).bind(4, l.score).bind(5, l.proposals);
    st.bind(6, l.note).bindIdOrNull(7, l.resolvedBy);
    if (l.resolvedAt.empty())
        st.bindNull(8);
    else
        st.bind(8, l.resolvedAt);
    st.run();
}

void BankModel::linkPayment(std::int64_t lineId, std::int64_t paymentId)
{
    db::Statement st(m_db, "INSERT OR IGNORE INTO bank_line_payments (line_id, payment_id) VALUES (?1, ?2)");
    st.bind(1, lineId).bind(2, paymentId).run();
}

void BankModel::readPayments(BankLine& l)
{
    db::Statement st(m_db, "SELECT payment_id FROM bank_line_payments WHERE line_id = ?1 ORDER BY payment_id");
    st.bind(1, l.id);
    while (st.step())
        l.paymentIds.push_back(st.getInt(0));
}

std::optional<BankLine> BankModel::line(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kLineColumns + kLineFrom + " WHERE l.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    BankLine l = readLine(st);
    readPayments(l);
    return l;
}

BankLinePage BankModel::lines(const BankLineQuery& q)
{
    std::string where = " WHERE 1";
    if (q.importId)
        where += " AND s.import_id = ?1";
    if (q.clientId)
        where += " AND l.client_id = ?2";
    if (q.collector)
        where += " AND c.assigned_to = ?3";
    if (q.state == "open")
        where += " AND l.state IN ('suggested', 'todo')";
    else if (q.state == "matched")
        where += " AND l.state IN ('auto', 'confirmed', 'credit', 'voided')";
    else if (!q.state.empty())
        where += " AND l.state = ?4";
    if (!q.search.empty())
        where
            += " AND (crm_fold(l.payer_name) LIKE ?5 ESCAPE '\\' OR crm_fold(l.label) LIKE ?5 ESCAPE '\\'"
               " OR crm_fold(l.remittance) LIKE ?5 ESCAPE '\\' OR crm_fold(coalesce(c.name, '')) LIKE ?5 ESCAPE '\\')";
    auto bindAll = [&](db::Statement& st) {
        if (q.importId)
            st.bind(1, *q.importId);
        if (q.clientId)
            st.bind(2, *q.clientId);
        if (q.collector)
            st.bind(3, *q.collector);
        if (!q.state.empty() && q.state != "open" && q.state != "matched")
            st.bind(4, q.state);
        if (!q.search.empty())
            st.bind(5, q.search);
    };
    BankLinePage page;
    db::Statement count(m_db, std::string("SELECT count(*)") + kLineFrom + where);
    bindAll(count);
    count.step();
    page.total = count.getInt(0);
    db::Statement st(m_db,
        std::string("SELECT ") + kLineColumns + kLineFrom + where
            + " ORDER BY l.booking_date DESC, l.id DESC LIMIT ?6 OFFSET ?7");
    bindAll(st);
    st.bind(6, q.limit).bind(7, q.offset);
    while (st.step())
        page.rows.push_back(readLine(st));
    for (auto& l : page.rows)
        readPayments(l);
    return page;
}

std::vector<BankImport> BankModel::imports(
    std::optional<std::int64_t> collector, std::int64_t offset, std::int64_t limit, std::int64_t& total)
{
    db::Statement count(m_db, "SELECT count(*) FROM bank_imports");
    count.step();
    total = count.getInt(0);
    db::Statement st(m_db,
        "SELECT " + importColumns(collector.has_value())
            + " FROM bank_imports i ORDER BY i.id DESC LIMIT ?2 OFFSET ?3");
    if (collector)
        st.bind(1, *collector);
    st.bind(2, limit).bind(3, offset);
    std::vector<BankImport> out;
    while (st.step())
        out.push_back(readImport(st));
    return out;
}

std::optional<BankImport> BankModel::import(std::int64_t id, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db, "SELECT " + importColumns(collector.has_value()) + " FROM bank_imports i WHERE i.id = ?2");
    if (collector)
        st.bind(1, *collector);
    st.bind(2, id);
    if (!st.step())
        return std::nullopt;
    return readImport(st);
}

namespace {

constexpr const char* kAliasColumns = "a.id, a.kind, a.key, coalesce(a.client_id, 0), coalesce(c.name, ''), "
                                      "coalesce(a.created_by, 0), a.created_at";

PayerAlias readAlias(const db::Statement& st)
{
    return {st.getInt(0), st.getText(1), st.getText(2), st.getInt(3), st.getText(4), st.getInt(5), st.getText(6)};
}

} // namespace

std::vector<PayerAlias> BankModel::aliases(
    std::optional<std::int64_t> collector, std::int64_t offset, std::int64_t limit, std::int64_t& total)
{
    const std::string where = collector ? " WHERE c.assigned_to = ?1" : "";
    {
        db::Statement count(
            m_db, "SELECT count(*) FROM payer_aliases a LEFT JOIN clients c ON c.id = a.client_id" + where);
        if (collector)
            count.bind(1, *collector);
        count.step();
        total = count.getInt(0);
    }
    db::Statement st(m_db,
        std::string("SELECT ") + kAliasColumns + " FROM payer_aliases a LEFT JOIN clients c ON c.id = a.client_id"
            + where + " ORDER BY a.id DESC LIMIT ?2 OFFSET ?3");
    if (collector)
        st.bind(1, *collector);
    st.bind(2, limit).bind(3, offset);
    std::vector<PayerAlias> out;
    while (st.step())
        out.push_back(readAlias(st));
    return out;
}

std::optional<PayerAlias> BankModel::alias(std::int64_t id)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kAliasColumns
            + " FROM payer_aliases a LEFT JOIN clients c ON c.id = a.client_id WHERE a.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readAlias(st);
}

void BankModel::deleteAlias(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM payer_aliases WHERE id = ?1");
    st.bind(1, id).run();
}

std::string BankModel::latestStatementDate()
{
    db::Statement st(m_db, "SELECT coalesce(max(closing_date), '') FROM bank_statements");
    st.step();
    return st.getText(0);
}

void BankModel::learnAlias(
    const std::string& kind, const std::string& key, std::int64_t clientId, std::int64_t by, const std::string& at)
{
    if (key.empty())
        return;
    db::Statement st(m_db,
        "INSERT INTO payer_aliases (kind, key, client_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (kind, key) DO UPDATE SET client_id = NULL "
        "WHERE payer_aliases.client_id IS NOT excluded.client_id");
    st.bind(1, kind).bind(2, key.substr(0, 200)).bind(3, clientId).bindIdOrNull(4, by).bind(5, at).run();
}

void BankModel::scanClientNames(const std::function<void(std::int64_t, std::string_view)>& fn)
{
    db::Statement st(m_db, "SELECT id, name FROM clients");
    while (st.step())
        fn(st.getInt(0), st.getTextView(1));
}

void BankModel::scanAliases(const std::function<void(const std::string&, const std::string&, std::int64_t)>& fn)
{
    db::Statement st(m_db, "SELECT kind, key, coalesce(client_id, 0) FROM payer_aliases");
    while (st.step())
        fn(st.getText(0), st.getText(1), st.getInt(2));
}

void BankModel::scanOpenInvoices(const std::string& currency, const std::function<void(OpenInvoiceRow&&)>& fn)
{
    db::Statement st(m_db,
        "SELECT id, client_id, amount_cents - paid_cents, number, issue_date, due_date, currency, disputed "
        "FROM invoices INDEXED BY invoices_open_numbers "
        "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1");
    st.bind(1, currency);
    while (st.step()) {
        OpenInvoiceRow r;
        r.id = st.getInt(0);
        r.clientId = st.getInt(1);
        r.openCents = st.getInt(2);
        r.number = st.getText(3);
        r.issueDate = st.getText(4);
        r.dueDate = st.getText(5);
        r.currency = st.getText(6);
        r.disputed = st.getInt(7) != 0;
        fn(std::move(r));
    }
}

std::int64_t BankModel::countOpenInvoices(const std::string& currency)
{
    db::Statement st(m_db,
        "SELECT count(*) FROM invoices INDEXED BY invoices_open_numbers "
        "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1");
    st.bind(1, currency);
    return st.step() ? st.getInt(0) : 0;
}

void BankModel::scanPayments(const std::string& from, const std::string& to, const std::vector<std::int64_t>& amounts,
    const std::function<void(PaymentRow&&)>& fn)
{
    std::string list = "[";
    for (std::size_t i = 0; i < amounts.size(); ++i)
        list += (i ? "," : "") + std::to_string(amounts[i]);
    list += "]";
    db::Statement st(m_db,
        "SELECT p.id, p.client_id, p.amount_cents, p.date, p.currency, coalesce(p.method, ''), "
        "coalesce((SELECT l.payer_account FROM bank_line_payments lp JOIN bank_lines l ON l.id = lp.line_id "
        "          WHERE lp.payment_id = p.id LIMIT 1), '') "
        "FROM payments p INDEXED BY payments_by_date WHERE p.date BETWEEN ?1 AND ?2 AND p.kind = 'payment' "
        "AND p.voided_at IS NULL AND p.amount_cents IN (SELECT value FROM json_each(?3))");
    st.bind(1, from).bind(2, to).bind(3, list);
    while (st.step()) {
        PaymentRow r;
        r.id = st.getInt(0);
        r.clientId = st.getInt(1);
        r.amountCents = st.getInt(2);
        r.date = st.getText(3);
        r.currency = st.getText(4);
        r.method = st.getText(5);
        r.payerAccount = st.getText(6);
        fn(std::move(r));
    }
}

} // namespace crm::model
