// BankService: bank statements in (CFONB 120, CAMT.053, OFX), their lines matched to the
// clients and invoices they pay (core/bank/matcher.hpp says how and with what score), and
// what a user decides about each line.
//
// Import (start, then step): the file is read whole first — a malformed file is refused
// with the reader's line or element path and reason, and nothing is written. Then, in one
// transaction: an import row, a statement row per account and period, then the lines not
// already there (key: account, booking date, amount, the bank's reference and, for lines
// alike in all four, their rank) matched one by one and written as matched: a proposal that
// the matcher may apply by itself (its score reaches company_settings.bank_auto_score and
// no other comes close) becomes a payment (method transfer, dated the booking date,
// allocated as proposed, the line linked) and teaches the payer's IBAN; others wait as
// suggestions (or "todo" when there is none). A slice's payments are recorded together
// (InvoiceService::recordPayments, the checks of payment.record); should one be refused,
// each is tried on its own and the refused line waits as a suggestion saying why. Debits
// that take back a payment are proposed as a void, never applied alone; other debits are
// "ignored" (not a customer's money: fees, suppliers). Cancelled: everything rolls back.
//
// A user then confirms a line — the proposal as it is, or parts of their own (clients,
// invoices, amounts: split across clients, other invoices, or left as credit) — or
// ignores it (a reason), or reopens an ignored one. Confirming teaches the payer's IBAN
// and name for that client (a payer confirmed for two clients becomes shared: a sign of
// neither).
//
// Roles: importing needs invoice.write (managers, administrators: the whole account's
// lines are matched, every client's); an agent sees the lines of their clients only (a
// line of no client, or another's, is not_found) and the proposals for their clients
// only, and confirms with payment.record on their clients (a void needs payment.void).
//
// The bank data's age: business days from the latest statement's closing date to today;
// stale past company_settings.bank_stale_days (the day's automatic relance run waits for a
// confirmation naming that age: EngineService).
//
// Errors: content invalid_file (details: line, path, reason, message) | empty_file;
// file_name too_long; id not_found; state already_resolved | not_ignored (conflict);
// parts sum_mismatch | required; parts[i].client_id unknown_client; proposal no_proposal;
// what payment.record and payment.void say.
#pragma once

#include "core/bank/matcher.hpp"
#include "core/bank/statement.hpp"
#include "core/model/bank_model.hpp"
#include "core/service/context.hpp"
#include "core/service/invoice_service.hpp"
#include "core/util/result.hpp"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::service {

struct BankImportRequest {
    std::string bytes;
    std::string fileName;
};

struct BankImportOutcome {
    std::int64_t importId = 0;
    std::string format, encoding, latestDate;
    std::int64_t statements = 0, linesTotal = 0, linesNew = 0;
    std::int64_t credits = 0, automatic = 0, suggested = 0, todo = 0, ignored = 0, voidProposals = 0;
};

class BankImportRun {
public:
    BankImportRun(Context& ctx, InvoiceService& invoices, const Actor& actor, BankImportRequest request);
    ~BankImportRun();
    BankImportRun(const BankImportRun&) = delete;
    BankImportRun& operator=(const BankImportRun&) = delete;
    const std::optional<Error>& fileError() const { return m_fileError; }
    // Matches up to `budget` new lines; the outcome once every line is done (committed).
    std::optional<Result<BankImportOutcome>> step(std::int64_t budget);
    std::int64_t done() const { return m_next; }
    std::int64_t total() const { return static_cast<std::int64_t>(m_new.size()); }

private:
    void write(const bank::StatementFile& file);
    void loadMatcher(const std::vector<std::string>& currencies);
    void matchLine(std::size_t index);
    void recordPending();                    // the slice's automatic payments, together
    void count(const model::BankLine& line); // in the outcome

    Context& m_ctx;
    InvoiceService& m_invoices;
    Actor m_actor;
    BankImportRequest m_request;
    std::unique_ptr<model::ChangesInMemory> m_memory;
    std::unique_ptr<db::Transaction> m_tx;
    std::optional<Error> m_fileError;
    bank::Matcher m_matcher;
    std::unordered_map<std::int64_t, std::string> m_names; // client id -> name, for the proposals
    int m_threshold = 90;
    std::vector<model::BankLine> m_new;
    struct Pending {
        std::size_t line = 0; // in m_new
        std::int64_t clientId = 0;
        std::vector<AllocationRequest> allocations;
    };
    std::vector<Pending> m_pending;
    std::int64_t m_next = 0;
    BankImportOutcome m_outcome;
};

// A part of a line as a user confirms it: a client, an amount, and its allocations
// (absent: oldest due first; empty: all left as the client's credit).
struct BankPart {
    std::int64_t clientId = 0;
    std::int64_t amountCents = 0;
    std::optional<std::vector<AllocationRequest>> allocations;
};

struct BankStatus {
    std::string latestDate; // "" when no statement was ever imported
    long ageBusinessDays = 0;
    int staleDays = 3;
    bool stale = false;
};

class BankService {
public:
    BankService(Context& ctx, InvoiceService& invoices) : m_ctx(ctx), m_invoices(invoices), m_bank(ctx.db) { }

    Result<std::unique_ptr<BankImportRun>> start(const Actor& actor, BankImportRequest request);
    Result<BankImportOutcome> run(const Actor& actor, BankImportRequest request); // the CLI and tests

    Result<model::BankLinePage> lines(const Actor& actor, model::BankLineQuery q);
    Result<model::BankLine> line(const Actor& actor, std::int64_t id);
    Result<std::vector<model::BankImport>> imports(
        const Actor& actor, std::int64_t offset, std::int64_t limit, std::int64_t& total);
    // With parts absent: the proposal `proposal` (0: the best) as it stands.
    Result<model::BankLine> confirm(
        const Actor& actor, std::int64_t id, std::optional<std::vector<BankPart>> parts, std::int64_t proposal = 0);
    Result<model::BankLine> ignore(const Actor& actor, std::int64_t id, const std::string& note);
    Result<model::BankLine> reopen(const Actor& actor, std::int64_t id);
    Result<BankStatus> status(const Actor& actor);
    // The payers learned (an agent: those of their clients), and forgetting one (managers
    // and administrators: a wrong confirmation taught it) — the next statements no longer
    // know that payer.
    Result<std::vector<model::PayerAlias>> aliases(
        const Actor& actor, std::int64_t offset, std::int64_t limit, std::int64_t& total);
    Result<model::PayerAlias> forgetAlias(const Actor& actor, std::int64_t id);

private:
    Result<model::BankLine> visibleLine(const Actor& actor, std::int64_t id);
    void teach(const Actor& actor, const model::BankLine& line, std::int64_t clientId);

    Context& m_ctx;
    InvoiceService& m_invoices;
    model::BankModel m_bank;
};

// The bank data's age now (the engine's gate asks it without an actor).
BankStatus bankStatus(Context& ctx);

// A line's proposals as an agent may see them: those for their clients only.
std::string proposalsFor(Context& ctx, const Actor& actor, const std::string& proposals);

} // namespace crm::service
