// BankModel: the bank statements brought in and what became of their lines — tables
// bank_imports, bank_statements, bank_lines, bank_line_payments and payer_aliases
// (schema/0013_bank.sql) — and what the matcher reads: the clients' names, the open
// invoices, the recent payments.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct BankImport {
    std::int64_t id = 0;
    std::string fileName, format, importedAt;
    std::int64_t linesTotal = 0, linesNew = 0, importedBy = 0;
    // Of the lines this import brought: credits, and those matched (auto, confirmed,
    // credit), automatically, waiting (suggested, todo), ignored.
    std::int64_t credits = 0, matched = 0, automatic = 0, waiting = 0, ignored = 0;
    std::string firstDate, lastDate; // its statements' period
};

// What a confirmation taught: a payer's IBAN or folded name → the client (0: shared by
// several clients, a sign of none).
struct PayerAlias {
    std::int64_t id = 0;
    std::string kind, key;
    std::int64_t clientId = 0;
    std::string clientName; // read only
    std::int64_t createdBy = 0;
    std::string createdAt;
};

struct BankLine {
    std::int64_t id = 0, statementId = 0, importId = 0;
    std::string account, bookingDate, valueDate;
    std::int64_t amountCents = 0;
    std::string currency, bankRef;
    std::int64_t occurrence = 1;
    std::string label, payerName, payerAccount, remittance, operationCode;
    std::string state = "todo";
    std::int64_t clientId = 0;
    std::string clientName; // read only
    int score = 0;
    std::string proposals = "[]"; // JSON
    std::string note;
    std::int64_t resolvedBy = 0;
    std::string resolvedAt;
    std::vector<std::int64_t> paymentIds; // read only
};

struct OpenInvoiceRow {
    std::int64_t id = 0, clientId = 0, openCents = 0;
    std::string number, issueDate, dueDate, currency;
    bool disputed = false;
};

struct PaymentRow {
    std::int64_t id = 0, clientId = 0, amountCents = 0;
    std::string date, currency, method, payerAccount; // the account of the bank line that brought it
};

struct BankLineQuery {
    std::optional<std::int64_t> importId, clientId;
    std::optional<std::int64_t> collector; // an agent's clients only (lines of no client hidden)
    std::string state;                     // one state; "open": suggested and todo; "" all
    std::string search;                    // in the payer, label and remittance (folded)
    std::int64_t offset = 0, limit = 50;
};

struct BankLinePage {
    std::vector<BankLine> rows;
    std::int64_t total = 0;
};

// While it lives, a long import's changes stay in memory until it commits: SQLite's
// cache_spill off (its payments touch pages all over a large file; spilling them mid-way
// wrote each one twice), its statement journals in memory (temp_store: not a write call
// per page), and a page cache of 256 MiB (the clean pages it reads again — the open
// invoices' indexes — kept beside the dirty ones: 10 % faster on a million invoices than
// 32 MiB). What was set before is back when it goes.
class ChangesInMemory {
public:
    explicit ChangesInMemory(db::Database& db);
    ~ChangesInMemory();
    ChangesInMemory(const ChangesInMemory&) = delete;
    ChangesInMemory& operator=(const ChangesInMemory&) = delete;

private:
    db::Database& m_db;
    std::int64_t m_cacheSize;
};

class BankModel {
public:
    explicit BankModel(db::Database& db) : m_db(db) { }

    std::int64_t insertImport(
        const std::string& fileName, const std::string& format, std::int64_t by, const std::string& at);
    void setImportCounts(std::int64_t id, std::int64_t total, std::int64_t added);
    std::int64_t insertStatement(std::int64_t importId, const std::string& account, const std::string& currency,
        const std::string& openingDate, const std::string& closingDate, std::int64_t openingCents,
        std::int64_t closingCents);
    // The line's id, or nullopt when a line with the same key is there already.
    // Whether a line with this key (account, booking date, amount, the bank's reference,
    // rank among alike lines) was imported before.
    bool lineKnown(const BankLine& l);
    std::int64_t insertLine(const BankLine& l); // the whole row, as matched
    // state, client, score, proposals, note, resolved by and at.
    void updateLine(const BankLine& l);
    void linkPayment(std::int64_t lineId, std::int64_t paymentId);
    std::optional<BankLine> line(std::int64_t id);
    BankLinePage lines(const BankLineQuery& q);
    std::vector<BankImport> imports(
        std::optional<std::int64_t> collector, std::int64_t offset, std::int64_t limit, std::int64_t& total);
    std::optional<BankImport> import(std::int64_t id, std::optional<std::int64_t> collector = std::nullopt);
    // The latest closing date of any statement ("" when none was ever imported).
    std::string latestStatementDate();

    // Learns that `key` (an IBAN or a folded name) is `clientId`'s; a key already learned for
    // another client becomes shared (client NULL).
    void learnAlias(
        const std::string& kind, const std::string& key, std::int64_t clientId, std::int64_t by, const std::string& at);

    // The learned payers, newest first; `collector`: only those of that collector's clients.
    std::vector<PayerAlias> aliases(
        std::optional<std::int64_t> collector, std::int64_t offset, std::int64_t limit, std::int64_t& total);
    std::optional<PayerAlias> alias(std::int64_t id);
    void deleteAlias(std::int64_t id);

    // What the matcher reads: every client's name, every learned alias (client 0: shared),
    // the open invoices in `currency`, and the payments (not voided) dated from `from` to `to`.
    void scanClientNames(const std::function<void(std::int64_t id, std::string_view name)>& fn);
    void scanAliases(const std::function<void(const std::string& kind, const std::string& key, std::int64_t)>& fn);
    std::int64_t countOpenInvoices(const std::string& currency); // as many as scanOpenInvoices reads
    void scanOpenInvoices(const std::string& currency, const std::function<void(OpenInvoiceRow&&)>& fn);
    // Payments of one of `amounts` only (a debit takes back a payment of its own amount).
    void scanPayments(const std::string& from, const std::string& to, const std::vector<std::int64_t>& amounts,
        const std::function<void(PaymentRow&&)>& fn);

private:
    void readPayments(BankLine& l); // the payments it recorded or voided

    db::Database& m_db;
};

} // namespace crm::model
