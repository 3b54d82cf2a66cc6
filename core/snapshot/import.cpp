// The snapshot's import: a first pass locating the tables, then the rows read and inserted
// a slice at a time, every reference, sum and rule checked, all or nothing (snapshot.hpp).
//
//   [SECTION] KeySet           the ids read so far, for the references
//   [SECTION] ForeignKeysOff   SQLite's own reference checks off while the rows go in
//   [SECTION] AllocationCheck  the cached sums against the allocations; the daily totals
//   [SECTION] Importer         the two passes, the rows, the end
#include "core/snapshot/snapshot.hpp"

#include "core/db/backup.hpp"
#include "core/db/embedded.hpp"
#include "core/model/client_model.hpp"
#include "core/model/report_model.hpp"
#include "core/model/snapshot_model.hpp"
#include "core/snapshot/tables.hpp"
#include "core/util/by_id.hpp"
#include "core/util/crypto.hpp"
#include "core/util/json_pull.hpp"
#include "core/util/limits.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace crm::snapshot {

using namespace detail;

namespace {

// [SECTION] KeySet

// The ids of the rows of a table read so far, for the references checked as rows go in:
// a bit per id up to 2^27 (16 MiB at most), a hash set beyond.
class KeySet {
public:
    void add(std::int64_t id)
    {
        if (id < 0 || id >= kDense) {
            m_sparse.insert(id);
            return;
        }
        const auto word = static_cast<std::size_t>(id >> 6);
        if (word >= m_bits.size())
            m_bits.resize(std::max(word + 1, m_bits.size() * 2), 0);
        m_bits[word] |= std::uint64_t{1} << (id & 63);
    }
    bool has(std::int64_t id) const
    {
        if (id < 0 || id >= kDense)
            return m_sparse.count(id) != 0;
        const auto word = static_cast<std::size_t>(id >> 6);
        return word < m_bits.size() && (m_bits[word] >> (id & 63) & 1) != 0;
    }

private:
    static constexpr std::int64_t kDense = std::int64_t{1} << 27;
    std::vector<std::uint64_t> m_bits;
    std::unordered_set<std::int64_t> m_sparse;
};

// [SECTION] ForeignKeysOff

// SQLite's own reference checks are off while an import runs — they cost a B-tree
// look-up per reference, a third of the inserts' time at a million invoices — and the
// importer checks each reference against the ids it has read instead; on again after.
// (The pragma works only outside a transaction: in one, as when an import is nested in
// a caller's, SQLite checks too.) With no look-ups into the parents, a page cache larger
// than the default 32 MiB does not make the inserts faster (measured: 64 to 256 MiB, a
// little slower, its memory being new to the process).
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(db::Database& db) : m_db(db)
    {
        if (m_db.transactionDepth() != 0)
            return;
        m_off = m_db.pragmaInt("foreign_keys") == 1;
        if (m_off)
            m_db.exec("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff()
    {
        try {
            restore();
        } catch (...) { // a destructor does not throw
        }
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
    // Outside the import's transaction (after it).
    void restore()
    {
        if (m_off)
            m_db.exec("PRAGMA foreign_keys = ON");
        m_off = false;
    }

private:
    db::Database& m_db;
    bool m_off = false;
};

// [SECTION] AllocationCheck

// What the allocations must agree with, checked as the rows are read (an SQL check after
// the rows took 2 s at a million invoices): each invoice's paid_cents and each payment's
// allocated_cents are the sums of their allocations, and an allocation's copies (the
// payment's date, the invoice's client, currency and dates) are its payment's and
// invoice's. The same rows make the money's daily totals (daily_totals, schema/0012),
// which the import writes instead of triggers. Facts are kept by id: in a vector while the ids are dense (as ours are),
// in a hash map beyond.
class AllocationCheck {
public:
    // The columns each of the three tables is read by (from the schema's names).
    void columns(const std::string& table, const std::vector<model::ColumnInfo>& cols, std::int64_t rows)
    {
        auto at = [&](const char* name) {
            for (std::size_t i = 0; i < cols.size(); ++i)
                if (cols[i].name == name)
                    return i;
            throw std::logic_error(std::string("snapshot: no column ") + name + " in " + table);
        };
        if (table == "invoices") {
            m_invoices.expect(rows);
            m_invoice = {at("paid_cents"), at("client_id"), at("currency"), at("due_date"), at("issue_date"),
                at("amount_cents"), at("cancelled_at")};
        } else if (table == "payments") {
            m_payments.expect(rows);
            m_payment = {at("allocated_cents"), at("client_id"), at("currency"), at("date"), at("amount_cents"),
                at("kind"), at("voided_at")};
        } else if (table == "payment_allocations")
            m_allocation = {at("payment_id"), at("invoice_id"), at("amount_cents"), at("payment_date"), at("client_id"),
                at("currency"), at("invoice_due_date"), at("invoice_issue_date")};
    }
    // A row inserted with `id`.
    void invoice(std::int64_t id, const std::vector<model::Cell>& c)
    {
        Invoice& f = m_invoices.add(id);
        f.cached = c[m_invoice.cached].integer;
        f.client = c[m_invoice.client].integer;
        f.currency.set(c[m_invoice.currency]);
        f.due.set(c[m_invoice.due]);
        f.issue.set(c[m_invoice.issue]);
        m_daily.invoice(c[m_invoice.currency].text, c[m_invoice.issue].text, c[m_invoice.due].text,
            c[m_invoice.amount].integer, f.cached, !c[m_invoice.cancelled].null);
    }
    void payment(std::int64_t id, const std::vector<model::Cell>& c)
    {
        Payment& f = m_payments.add(id);
        f.cached = c[m_payment.cached].integer;
        f.client = c[m_payment.client].integer;
        f.currency.set(c[m_payment.currency]);
        f.date.set(c[m_payment.date]);
        m_daily.payment(c[m_payment.currency].text, c[m_payment.date].text, c[m_payment.amount].integer,
            c[m_payment.kind].text == "payment" && c[m_payment.voided].null);
    }
    void allocation(std::int64_t id, const std::vector<model::Cell>& c)
    {
        const auto& a = m_allocation;
        Payment* p = m_payments.find(c[a.payment].integer);
        Invoice* i = m_invoices.find(c[a.invoice].integer);
        if (!p || !i)
            return; // a dangling reference, said already
        p->sum += c[a.amount].integer;
        i->sum += c[a.amount].integer;
        m_daily.allocation(
            c[a.currency].text, c[a.issue].text, c[a.due].text, c[a.paymentDate].text, c[a.amount].integer);
        if (!p->date.is(c[a.paymentDate]) || c[a.client].integer != i->client || !i->currency.is(c[a.currency])
            || !i->due.is(c[a.due]) || !i->issue.is(c[a.issue]) || p->client != i->client
            || !(p->currency == i->currency))
            m_badAllocations.push_back(id);
    }
    // daily_totals (schema/0012) as the rows read make it.
    const model::DailyTotalsTally& daily() const { return m_daily; }
    // The disagreements, as "table id" pairs, up to `most` per table, by id.
    std::vector<std::pair<std::string, std::int64_t>> disagreements(std::size_t most) const
    {
        std::vector<std::pair<std::string, std::int64_t>> out;
        for (auto id : m_invoices.where([](const Invoice& f) { return f.cached != f.sum; }, most))
            out.emplace_back("invoices", id);
        for (auto id : m_payments.where([](const Payment& f) { return f.cached != f.sum; }, most))
            out.emplace_back("payments", id);
        auto bad = m_badAllocations;
        std::sort(bad.begin(), bad.end());
        bad.resize(std::min(bad.size(), most));
        for (auto id : bad)
            out.emplace_back("payment_allocations", id);
        return out;
    }

private:
    // A date or a currency (CHECKed to 10 and 3 characters in invoices and payments).
    struct Short {
        std::array<char, 10> text{};
        std::uint8_t size = 0;
        void set(const model::Cell& c)
        {
            size = static_cast<std::uint8_t>(std::min(c.text.size(), text.size()));
            std::copy_n(c.text.data(), size, text.data());
        }
        bool is(const model::Cell& c) const
        {
            return c.text.size() == size && std::equal(text.begin(), text.begin() + size, c.text.data());
        }
        bool operator==(const Short& o) const { return size == o.size && text == o.text; }
    };
    struct Invoice {
        std::int64_t cached = 0, sum = 0, client = 0;
        Short currency, due, issue;
    };
    struct Payment {
        std::int64_t cached = 0, sum = 0, client = 0;
        Short currency, date;
    };
    struct {
        std::size_t cached, client, currency, due, issue, amount, cancelled;
    } m_invoice{};
    struct {
        std::size_t cached, client, currency, date, amount, kind, voided;
    } m_payment{};
    struct {
        std::size_t payment, invoice, amount, paymentDate, client, currency, due, issue;
    } m_allocation{};
    ById<Invoice> m_invoices;
    ById<Payment> m_payments;
    std::vector<std::int64_t> m_badAllocations;
    model::DailyTotalsTally m_daily;
};

} // namespace

// [SECTION] Importer

struct Importer::State {
    struct Located {
        std::size_t at = 0; // offset of the table's '['
        std::int64_t rows = 0;
    };

    db::Database& db;
    model::SnapshotModel m;
    ImportReport report;
    std::string text;
    std::map<std::string, Located> located;
    int schemaVersion = 0;
    ImportOptions options;
    bool wasEmpty = true, finished = false;
    std::unique_ptr<ForeignKeysOff> foreignKeysOff; // made before the transaction, restored after it
    std::unique_ptr<db::Transaction> tx;
    std::map<std::string, KeySet> keys;           // per table read so far (those keyed by an integer id): its ids
    std::map<std::string, std::string> keyColumn; // and that id's column

    // The table being read.
    std::size_t table = 0;
    std::unique_ptr<jsonpull::Reader> reader;
    std::int64_t row = 0;
    bool rowsLeft = false;
    std::vector<model::ColumnInfo> cols;
    std::vector<std::optional<model::Cell>> defaults; // for an older schema's rows, per column
    db::Statement* insert = nullptr;
    std::vector<model::Cell> cells;
    std::vector<char> seen;
    enum class Check : char { None, Date, Instant };
    std::vector<Check> checks; // per column: how its text is checked (said once, not per cell)
    struct Reference {
        std::size_t column;
        std::string table;
        const KeySet* keys;
    };
    std::vector<Reference> references; // the table's columns that point at another row
    RowCheck rowCheck;                 // the commands' rules for the table's rows, if any
    KeySet* ownKeys = nullptr;         // where the table's ids go (null: not keyed by an integer id)
    std::size_t idAt = 0;              // and the column they are in
    AllocationCheck allocations;
    void (AllocationCheck::*facts)(std::int64_t, const std::vector<model::Cell>&) = nullptr; // the table's, if any
    std::string key, scratch;
    std::int64_t done = 0, total = 0;
    std::vector<std::string> setAside; // the indexes and triggers made again at the end

    State(db::Database& d, std::string t) : db(d), m(d), text(std::move(t)) { }

    void problem(std::string path, std::string reason, std::string message)
    {
        if (report.problems.size() < 200)
            report.problems.push_back({std::move(path), std::move(reason), std::move(message)});
    }
    bool invalidJson(const jsonpull::Reader& r)
    {
        problem("$", "invalid_json", "not valid JSON: " + r.error());
        return false;
    }

    // The first pass: the header, and where each table is; false (with the problems) when
    // this is not a snapshot we read.
    bool locate()
    {
        jsonpull::Reader r(text);
        std::int64_t integer = 0;
        std::string value;
        if (r.peek() != '{') {
            if (r.skip() && r.atEnd())
                problem("$.format", "wrong_format", std::string("not a snapshot: format must be \"") + kFormat + "\"");
            else
                invalidJson(r);
            return false;
        }
        r.expect('{');
        std::string format;
        std::optional<std::int64_t> version, schema;
        bool sawTables = false, badTables = false;
        if (!r.accept('}'))
            do {
                std::string member;
                if (!r.string(member) || !r.expect(':'))
                    return invalidJson(r);
                if (member == "tables") {
                    sawTables = true;
                    if (r.peek() != '{') {
                        if (!r.skip())
                            return invalidJson(r);
                        badTables = true;
                        continue;
                    }
                    r.expect('{');
                    if (r.accept('}'))
                        continue;
                    do {
                        std::string name;
                        if (!r.string(name) || !r.expect(':'))
                            return invalidJson(r);
                        const bool known
                            = std::find(tableNames().begin(), tableNames().end(), name) != tableNames().end();
                        if (!known)
                            problem("$.tables." + name, "unknown_table", "no table '" + name + "' in a snapshot");
                        else if (located.count(name))
                            problem("$.tables." + name, "duplicate_key", "the table '" + name + "' is given twice");
                        if (r.peek() != '[') {
                            if (!r.skip())
                                return invalidJson(r);
                            if (known)
                                problem("$.tables." + name, "wrong_type", "a table is an array of rows");
                            continue;
                        }
                        Located where{r.offset(), 0};
                        if (!r.skipArrayCounting(where.rows))
                            return invalidJson(r);
                        if (known && !located.count(name)) {
                            located[name] = where;
                            total += where.rows;
                        }
                    } while (r.accept(','));
                    if (!r.expect('}'))
                        return invalidJson(r);
                    continue;
                }
                const auto token = r.value(integer, value);
                if (token == jsonpull::Token::Error)
                    return invalidJson(r);
                if (member == "format")
                    format = token == jsonpull::Token::String ? value : std::string();
                else if (member == "version")
                    version = token == jsonpull::Token::Integer ? integer : std::int64_t{-1};
                else if (member == "schema_version")
                    schema = token == jsonpull::Token::Integer ? integer : std::int64_t{-1};
                else
                    problem("$." + member, "unknown_key",
                        "a snapshot holds format, version, schema_version and tables only, not '" + member + "'");
                if ((token == jsonpull::Token::Object && !(r.accept('}') || skipMembers(r)))
                    || (token == jsonpull::Token::Array && !(r.accept(']') || skipElements(r))))
                    return invalidJson(r);
            } while (r.accept(','));
        if (!r.expect('}'))
            return invalidJson(r);
        if (!r.atEnd()) {
            r.fail("text after the snapshot's object");
            return invalidJson(r);
        }
        // The header's verdicts come before the tables'.
        std::vector<Problem> tableProblems;
        tableProblems.swap(report.problems);
        const int latest = embedded::migrations().back().version;
        if (format != kFormat)
            problem("$.format", "wrong_format", std::string("not a snapshot: format must be \"") + kFormat + "\"");
        else if (version != kVersion)
            problem("$.version", "wrong_version", "this program reads snapshot version " + std::to_string(kVersion));
        else if (!schema || *schema > latest || *schema < 1)
            problem("$.schema_version", "newer_schema",
                "the snapshot's schema_version must be 1 to " + std::to_string(latest) + " (update the application)");
        else if (!sawTables || badTables)
            problem("$.tables", "wrong_type", "tables must be an object of table name to rows");
        if (!report.problems.empty())
            return false;
        report.problems = std::move(tableProblems);
        schemaVersion = static_cast<int>(*schema);
        // Every table of its schema version, even empty: a table left out would empty ours
        // (without holds, every hold vanished).
        const auto& names = tableNames();
        for (const auto& name : db::tablesAtVersion(schemaVersion))
            if (std::find(names.begin(), names.end(), name) != names.end() && !located.count(name))
                problem("$.tables." + name, "missing_table",
                    "the snapshot has no table '" + name + "' (write [] for a table with no rows)");
        return report.problems.empty();
    }
    // The rest of a container whose opening was read (and found not empty).
    static bool skipMembers(jsonpull::Reader& r)
    {
        std::string k;
        do {
            if (!r.string(k) || !r.expect(':') || !r.skip())
                return false;
        } while (r.accept(','));
        return r.expect('}');
    }
    static bool skipElements(jsonpull::Reader& r)
    {
        do {
            if (!r.skip())
                return false;
        } while (r.accept(','));
        return r.expect(']');
    }

    std::string rowPath(const std::string& name) const { return "$.tables." + name + "[" + std::to_string(row) + "]"; }

    // Starts reading the current table: its columns, its insert, its reader.
    void open(const std::string& name)
    {
        cols = carried(m, name);
        insert = &m.insertStatement(name, cols);
        cells.assign(cols.size(), model::Cell{});
        seen.assign(cols.size(), 0);
        checks.assign(cols.size(), Check::None);
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cols[i].type == model::ColumnType::Text)
                checks[i] = isDateColumn(cols[i].name) ? Check::Date
                    : isInstantColumn(cols[i].name)    ? Check::Instant
                                                       : Check::None;
        ownKeys = nullptr;
        const auto id = std::find_if(cols.begin(), cols.end(), [](const auto& c) { return c.primaryKey == 1; });
        const bool singleKey = std::count_if(cols.begin(), cols.end(), [](const auto& c) { return c.primaryKey; }) == 1;
        if (id != cols.end() && singleKey && id->type == model::ColumnType::Integer) {
            ownKeys = &keys[name];
            idAt = static_cast<std::size_t>(id - cols.begin());
            keyColumn[name] = id->name;
        }
        references.clear();
        for (const auto& fk : m.foreignKeys(name)) {
            // Ours are one column each, pointing at the integer key of a table imported before.
            const auto parent = keys.find(fk.table);
            const auto column = std::find_if(
                cols.begin(), cols.end(), [&](const auto& c) { return fk.from.size() == 1 && c.name == fk.from[0]; });
            if (parent == keys.end() || column == cols.end() || column->type != model::ColumnType::Integer
                || fk.to.size() != 1 || fk.to[0] != keyColumn[fk.table])
                throw std::logic_error("snapshot: the import cannot check the reference from " + name + " to "
                    + fk.table + " (not one integer column to the key of a table imported before)");
            references.push_back({static_cast<std::size_t>(column - cols.begin()), fk.table, &parent->second});
        }
        rowCheck = options.rules ? options.rules(name, cols) : RowCheck();
        facts = name == "invoices"          ? &AllocationCheck::invoice
            : name == "payments"            ? &AllocationCheck::payment
            : name == "payment_allocations" ? &AllocationCheck::allocation
                                            : nullptr;
        if (facts)
            allocations.columns(name, cols, located.count(name) ? located.at(name).rows : 0);
        // A snapshot of an older schema lacks the columns added since: they take their defaults.
        defaults.assign(cols.size(), std::nullopt);
        if (schemaVersion < embedded::migrations().back().version)
            for (std::size_t i = 0; i < cols.size(); ++i)
                if (!cols[i].defaultSql.empty())
                    defaults[i] = m.evaluate(cols[i].defaultSql);
        const auto where = located.find(name);
        report.rows[name] = where == located.end() ? 0 : where->second.rows;
        row = 0;
        rowsLeft = false;
        reader.reset();
        if (where == located.end())
            return;
        reader = std::make_unique<jsonpull::Reader>(text, where->second.at);
        reader->expect('[');
        rowsLeft = !reader->accept(']');
    }

    // Reads the next row and inserts it; false when the text is broken (the import stops).
    bool readRow(const std::string& name)
    {
        jsonpull::Reader& r = *reader;
        std::int64_t integer = 0;
        if (r.peek() != '{') {
            if (!r.skip())
                return invalidJson(r);
            problem(rowPath(name), "wrong_type", "a row is an object of column to value");
            return true;
        }
        r.expect('{');
        std::fill(seen.begin(), seen.end(), 0);
        bool bad = false;
        std::size_t next = 0; // columns usually come in the schema's order
        if (!r.accept('}'))
            do {
                if (!r.string(key) || !r.expect(':'))
                    return invalidJson(r);
                std::size_t i = next < cols.size() && cols[next].name == key ? next : cols.size();
                if (i == cols.size())
                    for (std::size_t j = 0; j < cols.size(); ++j)
                        if (cols[j].name == key) {
                            i = j;
                            break;
                        }
                if (i == cols.size()) {
                    if (!r.skip())
                        return invalidJson(r);
                    problem(rowPath(name) + "." + key, "unknown_column", "no column '" + key + "' in " + name);
                    bad = true;
                    continue;
                }
                next = i + 1;
                const auto& c = cols[i];
                auto& cell = cells[i];
                if (seen[i]) {
                    problem(rowPath(name) + "." + key, "duplicate_key", c.name + " is given twice");
                    bad = true;
                }
                seen[i] = 1;
                cell.null = false;
                const auto token = r.value(integer, cell.text);
                switch (token) {
                case jsonpull::Token::Error: return invalidJson(r);
                case jsonpull::Token::Null: cell.null = true; break;
                case jsonpull::Token::Object:
                case jsonpull::Token::Array:
                    if (!(token == jsonpull::Token::Object ? (r.accept('}') || skipMembers(r))
                                                           : (r.accept(']') || skipElements(r))))
                        return invalidJson(r);
                    [[fallthrough]];
                default:
                    if (c.type == model::ColumnType::Integer && token != jsonpull::Token::Integer) {
                        problem(rowPath(name) + "." + c.name, "wrong_type", c.name + " must be an integer");
                        bad = true;
                    } else if (c.type != model::ColumnType::Integer && token != jsonpull::Token::String) {
                        problem(rowPath(name) + "." + c.name, "wrong_type", c.name + " must be a string");
                        bad = true;
                    } else if (c.type == model::ColumnType::Integer)
                        cell.integer = integer;
                    else if (c.type == model::ColumnType::Blob) {
                        auto bytes = crypto::base64Decode(cell.text);
                        if (!bytes) {
                            problem(rowPath(name) + "." + c.name, "wrong_type", c.name + " must be base64");
                            bad = true;
                        } else
                            cell.text = std::move(*bytes);
                    } else if (checks[i] == Check::Date && !timeutil::isValidDate(cell.text)) {
                        problem(rowPath(name) + "." + c.name, "invalid_date", c.name + " must be a date YYYY-MM-DD");
                        bad = true;
                    } else if (checks[i] == Check::Instant && !timeutil::isValidInstant(cell.text)) {
                        problem(rowPath(name) + "." + c.name, "invalid_date",
                            c.name + " must be an instant YYYY-MM-DDTHH:MM:SSZ");
                        bad = true;
                    }
                }
            } while (r.accept(','));
        if (!r.expect('}'))
            return invalidJson(r);
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (seen[i])
                continue;
            if (defaults[i])
                cells[i] = *defaults[i];
            else
                cells[i].null = true;
        }
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cells[i].null && cols[i].notNull) {
                problem(rowPath(name) + "." + cols[i].name, "required", cols[i].name + " is required");
                bad = true;
            }
        if (bad)
            return true;
        if (ownKeys && !cells[idAt].null && (cells[idAt].integer < 1 || cells[idAt].integer > kMaxExactInteger)) {
            problem(rowPath(name) + "." + cols[idAt].name, "invalid_id",
                cols[idAt].name + " must be an id from 1 to 2^53 - 1 (the largest the browser reads exactly)");
            return true;
        }
        if (rowCheck)
            if (const auto refused = rowCheck(cells)) {
                problem(rowPath(name) + (refused->column.empty() ? "" : "." + refused->column), refused->reason,
                    refused->message);
                return true;
            }
        for (const auto& ref : references) {
            const auto& cell = cells[ref.column];
            if (!cell.null && !ref.keys->has(cell.integer)) {
                problem(rowPath(name) + "." + cols[ref.column].name, "constraint",
                    cols[ref.column].name + " refers to " + ref.table + " " + std::to_string(cell.integer)
                        + ", which the snapshot does not hold");
                bad = true;
            }
        }
        if (bad)
            return true;
        if (auto refused = m.insert(*insert, cols, cells)) {
            problem(rowPath(name), "constraint", *refused);
            return true;
        }
        // The row's id: given, or the one SQLite chose (an INTEGER PRIMARY KEY left null).
        const auto id = ownKeys && !cells[idAt].null ? cells[idAt].integer : db.lastInsertRowid();
        if (ownKeys)
            ownKeys->add(id);
        if (facts)
            (allocations.*facts)(id, cells);
        return true;
    }

    // The checks that need every row, then commit — or roll back with the problems.
    void finish()
    {
        if (report.problems.empty())
            for (const auto& [name, id] : allocations.disagreements(100))
                problem("$.tables." + name, "inconsistent_sum",
                    name + " " + std::to_string(id) + ": its cached sum or copies disagree with its allocations");
        if (report.problems.empty()) {
            m.restore(setAside);
            allocations.daily().replaceIn(db);
        }
        if (report.problems.empty() && !options.replace && !wasEmpty)
            problem("$", "not_empty", "the database holds data: import with replace to replace it");
        if (report.problems.empty()) {
            model::ClientModel(db).refreshStats(options.today, true);
            if (options.beforeCommit)
                options.beforeCommit(report);
            tx->commit();
        }
        tx.reset(); // not committed: rolled back, nothing changed (the indexes and triggers included)
        foreignKeysOff->restore();
        reader.reset();
        finished = true;
    }
};

Importer::Importer(db::Database& db, std::string text, ImportOptions options)
    : m(std::make_unique<State>(db, std::move(text)))
{
    m->options = std::move(options);
    if (!m->locate()) {
        m->finished = true;
        return;
    }
    m->report.replaced = counts(db);
    m->wasEmpty = isEmpty(db); // said only once the snapshot is known to be good
    m->foreignKeysOff = std::make_unique<ForeignKeysOff>(db);
    m->tx = std::make_unique<db::Transaction>(db);
    // What the database holds goes first (children first; without its indexes and
    // triggers, a table is emptied at once), then the snapshot's rows.
    m->setAside = m->m.setAsideIndexesAndTriggers();
    for (auto t = tables().rbegin(); t != tables().rend(); ++t)
        m->m.clear(t->name);
    m->m.clear("sessions");
    m->open(tables()[0].name);
}

Importer::~Importer() = default;

bool Importer::step(std::int64_t budget)
{
    State& s = *m;
    while (!s.finished && budget > 0) {
        if (!s.rowsLeft) {
            // The table's array closes, then the next table opens.
            if (s.reader && s.row > 0 && !s.reader->expect(']'))
                s.invalidJson(*s.reader);
            if ((s.reader && s.reader->failed()) || ++s.table >= tables().size()) {
                s.finish();
                break;
            }
            s.open(tables()[s.table].name);
            continue;
        }
        const std::string& name = tables()[s.table].name;
        for (; s.rowsLeft && budget > 0; --budget, ++s.done, ++s.row) {
            if (!s.readRow(name)) {
                s.finish();
                return true;
            }
            s.rowsLeft = s.reader->accept(',');
        }
    }
    return s.finished;
}

std::int64_t Importer::done() const
{
    return m->done;
}
std::int64_t Importer::total() const
{
    return m->total;
}
const ImportReport& Importer::report() const
{
    return m->report;
}

ImportOptions plainImport(bool replace, const std::string& today)
{
    ImportOptions o;
    o.replace = replace;
    o.today = today;
    return o;
}

ImportReport importText(db::Database& db, std::string text, ImportOptions options)
{
    Importer imp(db, std::move(text), std::move(options));
    while (!imp.step(std::int64_t{1} << 40)) { }
    return imp.report();
}

} // namespace crm::snapshot
