#include "core/service/bank_service.hpp"

#include "core/bank/read.hpp"
#include "core/model/settings_model.hpp"
#include "core/relance/calendar.hpp"
#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/format.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace crm::service {

using nlohmann::json;

namespace {

// At most `n` bytes of `s`, not cutting a UTF-8 character.
std::string cut(const std::string& s, std::size_t n)
{
    if (s.size() <= n)
        return s;
    std::size_t end = n;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
        --end;
    return s.substr(0, end);
}

json proposalsJson(const std::vector<bank::Proposal>& props, const std::unordered_map<std::int64_t, std::string>& names)
{
    json out = json::array();
    for (const auto& p : props) {
        json allocations = json::array();
        for (const auto& a : p.allocations)
            allocations.push_back({{"invoice_id", a.invoiceId}, {"number", a.number}, {"amount_cents", a.amountCents}});
        json reasons = json::array();
        for (const auto& r : p.reasons)
            reasons.push_back({{"code", r.code}, {"value", r.value}});
        const auto name = names.find(p.clientId);
        json item = {{"action", p.action}, {"client_id", p.clientId},
            {"client_name", name == names.end() ? std::string() : name->second}, {"score", p.score},
            {"reasons", std::move(reasons)}};
        if (p.action == "void")
            item["payment_id"] = p.paymentId;
        else {
            item["allocations"] = std::move(allocations);
            item["credit_cents"] = p.creditCents;
        }
        out.push_back(std::move(item));
    }
    return out;
}

bank::StatementLine statementLine(const model::BankLine& l)
{
    bank::StatementLine s;
    s.bookingDate = l.bookingDate;
    s.valueDate = l.valueDate;
    s.amountCents = l.amountCents;
    s.label = l.label;
    s.reference = l.bankRef;
    s.payerName = l.payerName;
    s.payerAccount = l.payerAccount;
    s.remittance = l.remittance;
    s.operationCode = l.operationCode;
    return s;
}

// The payment a credit line records for a client, matched or confirmed: a transfer on the
// booking date, referenced by the bank's reference (else the remittance text).
PaymentInput linePayment(const model::BankLine& l, std::int64_t clientId, std::int64_t cents,
    std::optional<std::vector<AllocationRequest>> allocations)
{
    PaymentInput in;
    in.clientId = clientId;
    in.date = l.bookingDate;
    in.amountCents = cents;
    in.currency = l.currency;
    in.method = "transfer";
    in.reference = cut(l.bankRef.empty() ? text::trim(l.remittance) : l.bankRef, limit::kReference);
    in.allocations = std::move(allocations);
    return in;
}

// A page of the imports or the learned payers: invoice.read, an agent's `collector` set to
// them (their clients' rows only), 1 to 500 rows.
std::optional<Error> pageAllowed(const Actor& actor, std::int64_t limit, std::optional<std::int64_t>& collector)
{
    if (auto e = require(actor, Perm::InvoiceRead))
        return e;
    if (auto e = ownPortfolio(actor, collector))
        return e;
    if (limit < 1 || limit > 500)
        return Error::validation("limit", "out_of_range", "limit is 1 to 500");
    return std::nullopt;
}

bool isOpen(const std::string& state)
{
    return state == "suggested" || state == "todo";
}

} // namespace

BankImportRun::BankImportRun(Context& ctx, InvoiceService& invoices, const Actor& actor, BankImportRequest request)
    : m_ctx(ctx),
      m_invoices(invoices),
      m_actor(actor),
      m_request(std::move(request))
{
    if (m_request.bytes.empty()) {
        m_fileError = Error::validation("content", "empty_file", "the file is empty; nothing was changed");
        return;
    }
    const bank::StatementFile file = bank::readStatementFile(m_request.bytes);
    if (file.problem) {
        const auto& p = *file.problem;
        const std::string where = p.line > 0 ? "line " + std::to_string(p.line) : p.path.empty() ? "" : p.path;
        Error e = Error::validation("content", "invalid_file",
            "the statement cannot be read" + (where.empty() ? "" : " (" + where + ")") + ": " + p.message
                + "; nothing was changed");
        e.details
            = json::array({{{"line", p.line}, {"path", p.path}, {"reason", p.reason}, {"message", p.message}}}).dump();
        m_fileError = std::move(e);
        return;
    }
    m_outcome.format = file.format;
    m_outcome.encoding = file.encoding;
    m_threshold = model::SettingsModel(m_ctx.db).company().bankAutoScore;
    m_memory = std::make_unique<model::ChangesInMemory>(m_ctx.db);
    m_tx = std::make_unique<db::Transaction>(m_ctx.db);
    write(file);
    std::set<std::string> currencies;
    for (const auto& s : file.statements)
        currencies.insert(s.currency);
    loadMatcher({currencies.begin(), currencies.end()});
}

BankImportRun::~BankImportRun()
{
    m_tx.reset(); // rolled back unless committed, then the connection's settings back
    m_memory.reset();
}

void BankImportRun::write(const bank::StatementFile& file)
{
    model::BankModel bank(m_ctx.db);
    m_outcome.importId = bank.insertImport(m_request.fileName, file.format, m_actor.userId, m_ctx.clock());
    std::map<std::string, std::int64_t> seen; // key -> lines alike so far in this file
    for (const auto& s : file.statements) {
        std::string closing = s.closingDate;
        for (const auto& l : s.lines)
            closing = std::max(closing, l.bookingDate);
        if (closing.empty())
            closing = m_ctx.today();
        const std::string account = cut(s.account.empty() ? "?" : s.account, 64);
        const std::int64_t statementId = bank.insertStatement(
            m_outcome.importId, account, s.currency, s.openingDate, closing, s.openingCents, s.closingCents);
        ++m_outcome.statements;
        m_outcome.latestDate = std::max(m_outcome.latestDate, closing);
        for (const auto& l : s.lines) {
            model::BankLine row;
            row.statementId = statementId;
            row.importId = m_outcome.importId;
            row.account = account;
            row.bookingDate = l.bookingDate;
            row.valueDate = l.valueDate;
            row.amountCents = l.amountCents;
            row.currency = s.currency;
            row.bankRef = cut(l.reference, 64);
            row.label = cut(l.label, 1000);
            row.payerName = cut(l.payerName, 200);
            row.payerAccount = cut(l.payerAccount, 64);
            row.remittance = cut(l.remittance, 1000);
            row.operationCode = cut(l.operationCode, 16);
            const std::string key
                = account + '\x1f' + row.bookingDate + '\x1f' + std::to_string(row.amountCents) + '\x1f' + row.bankRef;
            row.occurrence = ++seen[key];
            ++m_outcome.linesTotal;
            if (!bank.lineKnown(row))
                m_new.push_back(std::move(row)); // written once matched
        }
    }
    m_outcome.linesNew = static_cast<std::int64_t>(m_new.size());
    bank.setImportCounts(m_outcome.importId, m_outcome.linesTotal, m_outcome.linesNew);
}

void BankImportRun::loadMatcher(const std::vector<std::string>& currencies)
{
    model::BankModel bank(m_ctx.db);
    if (m_new.empty())
        return;
    bank.scanClientNames([this](std::int64_t id, std::string_view name) {
        m_matcher.addClient(id, name);
        m_names.emplace(id, std::string(name));
    });
    bank.scanAliases([this](const std::string& kind, const std::string& key, std::int64_t client) {
        m_matcher.addAlias(kind, key, client);
    });
    std::vector<bank::OpenInvoice> open;
    std::int64_t expected = 0;
    for (const auto& currency : currencies)
        expected += bank.countOpenInvoices(currency);
    open.reserve(static_cast<std::size_t>(expected)); // grown by doubling, it took fresh memory each time
    for (const auto& currency : currencies)
        bank.scanOpenInvoices(currency, [&open](model::OpenInvoiceRow&& r) {
            open.push_back({r.id, r.clientId, std::move(r.number), r.openCents, std::move(r.issueDate),
                std::move(r.dueDate), std::move(r.currency), r.disputed, {}});
        });
    m_matcher.setInvoices(std::move(open));
    std::string from, to;
    std::vector<std::int64_t> amounts;
    for (const auto& l : m_new)
        if (l.amountCents < 0) {
            from = from.empty() ? l.bookingDate : std::min(from, l.bookingDate);
            to = std::max(to, l.bookingDate);
            amounts.push_back(-l.amountCents);
        }
    if (!from.empty())
        bank.scanPayments(
            timeutil::addDays(from, -bank::Matcher::kReversalDays), to, amounts, [this](model::PaymentRow&& r) {
                m_matcher.addPayment({r.id, r.clientId, r.amountCents, std::move(r.date), std::move(r.currency),
                    std::move(r.method), std::move(r.payerAccount)});
            });
}

void BankImportRun::matchLine(std::size_t index)
{
    model::BankLine& line = m_new[index];
    // A debit may take back a payment of this very slice: those are recorded first.
    if (line.amountCents < 0 && std::any_of(m_pending.begin(), m_pending.end(), [&](const Pending& p) {
            return m_new[p.line].amountCents == -line.amountCents;
        }))
        recordPending();
    const auto props = m_matcher.match(statementLine(line), line.currency);
    line.proposals = proposalsJson(props, m_names).dump();
    line.clientId = props.empty() ? 0 : props[0].clientId;
    line.score = props.empty() ? 0 : props[0].score;
    if (line.amountCents < 0) {
        line.state = props.empty() ? "ignored" : "suggested";
        if (props.empty())
            line.note = "debit";
    } else if (bank::Matcher::automatic(props, m_threshold)) {
        // Applied: the matcher counts it paid at once (the lines below see it); the payments
        // themselves are recorded together at the end of the slice.
        const auto& best = props[0];
        Pending pending{index, best.clientId, {}};
        for (const auto& a : best.allocations) {
            pending.allocations.push_back({a.invoiceId, a.amountCents});
            m_matcher.paid(a.invoiceId, a.amountCents);
        }
        m_matcher.learn("iban", bank::Matcher::accountKey(line.payerAccount), best.clientId);
        m_pending.push_back(std::move(pending));
        line.state = "auto";
        line.resolvedAt = m_ctx.clock();
    } else
        line.state = props.empty() ? "todo" : "suggested";
    line.id = model::BankModel(m_ctx.db).insertLine(line); // as matched: changed only if its payment is refused
}

void BankImportRun::recordPending()
{
    if (m_pending.empty())
        return;
    std::vector<PaymentInput> inputs;
    for (const auto& p : m_pending)
        inputs.push_back(linePayment(m_new[p.line], p.clientId, m_new[p.line].amountCents, p.allocations));
    auto batch = m_invoices.recordPayments(m_actor, inputs);
    model::BankModel bank(m_ctx.db);
    for (std::size_t k = 0; k < m_pending.size(); ++k) {
        const Pending& p = m_pending[k];
        model::BankLine& line = m_new[p.line];
        // The batch refused (one payment of it: a date ahead of today…): each on its own.
        auto paid
            = batch.ok() ? Result<model::Payment>(batch.value()[k]) : m_invoices.recordPayment(m_actor, inputs[k]);
        if (!paid.ok()) {
            line.state = "suggested"; // a user decides
            line.note = cut(paid.error().message, 500);
            line.resolvedAt.clear();
            bank.updateLine(line);
            for (const auto& a : p.allocations)
                m_matcher.paid(a.invoiceId, -a.amountCents); // still owed after all
            continue;
        }
        bank.linkPayment(line.id, paid.value().id);
        // A debit further down may take this payment back.
        m_matcher.addPayment({paid.value().id, p.clientId, line.amountCents, line.bookingDate, line.currency,
            "transfer", line.payerAccount});
        bank.learnAlias(
            "iban", bank::Matcher::accountKey(line.payerAccount), p.clientId, m_actor.userId, m_ctx.clock());
    }
    m_pending.clear();
}

void BankImportRun::count(const model::BankLine& line)
{
    if (line.amountCents > 0)
        ++m_outcome.credits;
    else if (line.state == "suggested")
        ++m_outcome.voidProposals;
    if (line.state == "auto")
        ++m_outcome.automatic;
    else if (line.state == "suggested")
        ++m_outcome.suggested;
    else if (line.state == "todo")
        ++m_outcome.todo;
    else
        ++m_outcome.ignored;
}

std::optional<Result<BankImportOutcome>> BankImportRun::step(std::int64_t budget)
{
    if (m_fileError)
        return Result<BankImportOutcome>(*m_fileError);
    const std::int64_t first = m_next;
    for (std::int64_t n = 0; n < budget && m_next < total(); ++n)
        matchLine(static_cast<std::size_t>(m_next++));
    recordPending();
    for (std::int64_t k = first; k < m_next; ++k)
        count(m_new[static_cast<std::size_t>(k)]);
    if (m_next < total())
        return std::nullopt;
    audit(m_ctx, m_actor.userId, "bank.import", "bank_imports", m_outcome.importId, nullptr,
        {{"file_name", m_request.fileName}, {"format", m_outcome.format}, {"lines", m_outcome.linesTotal},
            {"new", m_outcome.linesNew}, {"automatic", m_outcome.automatic}, {"suggested", m_outcome.suggested}});
    m_tx->commit();
    m_tx.reset();
    return Result<BankImportOutcome>(m_outcome);
}

Result<std::unique_ptr<BankImportRun>> BankService::start(const Actor& actor, BankImportRequest request)
{
    if (auto e = require(actor, Perm::InvoiceWrite))
        return *e;
    request.fileName = text::trim(request.fileName);
    if (auto e = checkText("file_name", request.fileName, 255))
        return *e;
    auto run = std::make_unique<BankImportRun>(m_ctx, m_invoices, actor, std::move(request));
    if (run->fileError())
        return *run->fileError();
    return run;
}

Result<BankImportOutcome> BankService::run(const Actor& actor, BankImportRequest request)
{
    auto r = start(actor, std::move(request));
    if (!r.ok())
        return r.error();
    while (true)
        if (auto done = r.value()->step(1000))
            return *done;
}

std::string proposalsFor(Context& ctx, const Actor& actor, const std::string& proposals)
{
    if (!scopedToOwnClients(actor.role))
        return proposals;
    json out = json::array();
    for (auto& p : json::parse(proposals))
        if (!requireClient(ctx, actor, Perm::InvoiceRead, p.value("client_id", std::int64_t{0})))
            out.push_back(std::move(p));
    return out.dump();
}

Result<model::BankLine> BankService::visibleLine(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::InvoiceRead))
        return *e;
    auto line = m_bank.line(id);
    const auto missing = Error::notFound("bank line " + std::to_string(id) + " does not exist");
    if (!line)
        return missing;
    if (scopedToOwnClients(actor.role)) {
        if (line->clientId == 0 || requireClient(m_ctx, actor, Perm::InvoiceRead, line->clientId))
            return missing; // not theirs: as if it did not exist
        line->proposals = proposalsFor(m_ctx, actor, line->proposals);
    }
    return *line;
}

Result<model::BankLinePage> BankService::lines(const Actor& actor, model::BankLineQuery q)
{
    if (auto e = require(actor, Perm::InvoiceRead))
        return *e;
    if (auto e = ownPortfolio(actor, q.collector))
        return *e;
    static const std::set<std::string> kStates
        = {"", "open", "matched", "auto", "confirmed", "credit", "voided", "suggested", "todo", "ignored"};
    if (!kStates.count(q.state))
        return Error::validation("state", "unknown_value",
            "state is one of open, matched, auto, confirmed, credit, voided, suggested, todo, ignored");
    if (q.limit < 1 || q.limit > 500)
        return Error::validation("limit", "out_of_range", "limit is 1 to 500");
    if (q.offset < 0)
        return Error::validation("offset", "out_of_range", "offset is 0 or more");
    const std::string typed = text::trim(q.search);
    q.search = typed.empty() ? "" : "%" + text::likeEscape(text::foldForSearch(typed)) + "%";
    auto page = m_bank.lines(q);
    for (auto& l : page.rows)
        l.proposals = proposalsFor(m_ctx, actor, l.proposals);
    return page;
}

Result<model::BankLine> BankService::line(const Actor& actor, std::int64_t id)
{
    return visibleLine(actor, id);
}

Result<std::vector<model::BankImport>> BankService::imports(
    const Actor& actor, std::int64_t offset, std::int64_t limit, std::int64_t& total)
{
    std::optional<std::int64_t> collector;
    if (auto e = pageAllowed(actor, limit, collector))
        return *e;
    return m_bank.imports(collector, std::max<std::int64_t>(0, offset), limit, total);
}

void BankService::teach(const Actor& actor, const model::BankLine& line, std::int64_t clientId)
{
    const std::string now = m_ctx.clock();
    m_bank.learnAlias("iban", bank::Matcher::accountKey(line.payerAccount), clientId, actor.userId, now);
    m_bank.learnAlias("name", bank::Matcher::nameKey(line.payerName), clientId, actor.userId, now);
}

Result<model::BankLine> BankService::confirm(
    const Actor& actor, std::int64_t id, std::optional<std::vector<BankPart>> parts, std::int64_t proposal)
{
    db::Transaction tx(m_ctx.db);
    auto found = visibleLine(actor, id);
    if (!found.ok())
        return found.error();
    model::BankLine line = found.value();
    if (!isOpen(line.state))
        return Error::conflict("already_resolved", "this line is already " + line.state, "id");
    const auto before = json::parse(line.proposals);
    const std::string stateBefore = line.state;
    bool credit = false;
    if (!parts) {
        if (proposal < 0 || proposal >= static_cast<std::int64_t>(before.size()))
            return Error::validation("proposal", "no_proposal", "this line has no such proposal: choose the parts");
        const json& p = before[static_cast<std::size_t>(proposal)];
        if (p.value("action", "") == "void") {
            const std::string reason = "Rejet bancaire du " + fmt::date(line.bookingDate) + " : "
                + cut(text::trim(line.label.empty() ? line.remittance : line.label), 400);
            auto voided = m_invoices.voidPayment(actor, p.value("payment_id", std::int64_t{0}), reason);
            if (!voided.ok())
                return voided.error();
            m_bank.linkPayment(line.id, voided.value().id);
            line.state = "voided";
            line.clientId = voided.value().clientId;
        } else {
            BankPart part{p.value("client_id", std::int64_t{0}), line.amountCents, std::vector<AllocationRequest>{}};
            for (const auto& a : p["allocations"])
                part.allocations->push_back(
                    {a.value("invoice_id", std::int64_t{0}), a.value("amount_cents", std::int64_t{0})});
            parts = std::vector<BankPart>{part};
        }
    }
    if (parts) {
        if (line.amountCents < 0)
            return Error::validation(
                "parts", "debit_line", "a debit is not a payment: confirm its proposal or ignore it");
        if (parts->empty())
            return Error::validation("parts", "required", "say which client (or clients) this money is from");
        std::int64_t sum = 0;
        for (const auto& part : *parts) {
            if (part.amountCents <= 0)
                return Error::validation("parts", "not_positive", "each part's amount is positive");
            sum += part.amountCents;
        }
        if (sum != line.amountCents)
            return Error::validation("parts", "sum_mismatch",
                "the parts add up to " + fmt::money(sum, line.currency) + ", the line is "
                    + fmt::money(line.amountCents, line.currency));
        credit = true;
        for (std::size_t i = 0; i < parts->size(); ++i) {
            const auto& part = (*parts)[i];
            auto paid
                = m_invoices.recordPayment(actor, linePayment(line, part.clientId, part.amountCents, part.allocations));
            if (!paid.ok()) {
                Error e = paid.error();
                e.field = "parts[" + std::to_string(i) + "]." + (e.field.empty() ? "client_id" : e.field);
                return e;
            }
            if (!part.allocations || !part.allocations->empty())
                credit = false;
            m_bank.linkPayment(line.id, paid.value().id);
        }
        line.clientId = (*parts)[0].clientId;
        if (parts->size() == 1)
            teach(actor, line, line.clientId);
        line.state = credit ? "credit" : "confirmed";
    }
    line.resolvedBy = actor.userId;
    line.resolvedAt = m_ctx.clock();
    line.proposals = m_bank.line(id)->proposals; // as stored: an agent chose among theirs only
    m_bank.updateLine(line);
    audit(m_ctx, actor.userId, "bank.confirm", "bank_lines", line.id, {{"state", stateBefore}},
        {{"state", line.state}, {"client_id", line.clientId}});
    tx.commit();
    return visibleLine(actor, id);
}

Result<model::BankLine> BankService::ignore(const Actor& actor, std::int64_t id, const std::string& noteIn)
{
    db::Transaction tx(m_ctx.db);
    auto found = visibleLine(actor, id);
    if (!found.ok())
        return found.error();
    model::BankLine line = found.value();
    if (line.clientId != 0)
        if (auto e = requireClient(m_ctx, actor, Perm::PaymentRecord, line.clientId))
            return *e;
    if (!isOpen(line.state))
        return Error::conflict("already_resolved", "this line is already " + line.state, "id");
    const std::string note = text::trim(noteIn);
    if (auto e = checkText("note", note, 500))
        return *e;
    line = *m_bank.line(id);
    const std::string before = line.state;
    line.state = "ignored";
    line.note = note;
    line.resolvedBy = actor.userId;
    line.resolvedAt = m_ctx.clock();
    m_bank.updateLine(line);
    audit(m_ctx, actor.userId, "bank.ignore", "bank_lines", id, {{"state", before}},
        {{"state", "ignored"}, {"note", note}});
    tx.commit();
    return visibleLine(actor, id);
}

Result<model::BankLine> BankService::reopen(const Actor& actor, std::int64_t id)
{
    db::Transaction tx(m_ctx.db);
    auto found = visibleLine(actor, id);
    if (!found.ok())
        return found.error();
    if (found.value().clientId != 0)
        if (auto e = requireClient(m_ctx, actor, Perm::PaymentRecord, found.value().clientId))
            return *e;
    model::BankLine line = *m_bank.line(id);
    if (line.state != "ignored")
        return Error::conflict("not_ignored", "only an ignored line can be reopened (it is " + line.state + ")", "id");
    line.state = json::parse(line.proposals).empty() ? "todo" : "suggested";
    line.note.clear();
    line.resolvedBy = 0;
    line.resolvedAt.clear();
    m_bank.updateLine(line);
    audit(m_ctx, actor.userId, "bank.reopen", "bank_lines", id, {{"state", "ignored"}}, {{"state", line.state}});
    tx.commit();
    return visibleLine(actor, id);
}

Result<std::vector<model::PayerAlias>> BankService::aliases(
    const Actor& actor, std::int64_t offset, std::int64_t limit, std::int64_t& total)
{
    std::optional<std::int64_t> collector;
    if (auto e = pageAllowed(actor, limit, collector))
        return *e;
    return m_bank.aliases(collector, std::max<std::int64_t>(0, offset), limit, total);
}

Result<model::PayerAlias> BankService::forgetAlias(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::InvoiceWrite))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto alias = m_bank.alias(id);
    if (!alias)
        return Error::notFound("payer alias " + std::to_string(id) + " does not exist");
    m_bank.deleteAlias(id);
    audit(m_ctx, actor.userId, "bank.forget_alias", "payer_aliases", id,
        {{"kind", alias->kind}, {"key", alias->key},
            {"client_id", alias->clientId == 0 ? json() : json(alias->clientId)}},
        nullptr);
    tx.commit();
    return *alias;
}

BankStatus bankStatus(Context& ctx)
{
    BankStatus s;
    s.latestDate = model::BankModel(ctx.db).latestStatementDate();
    s.staleDays = model::SettingsModel(ctx.db).company().bankStaleDays;
    if (s.latestDate.empty())
        return s;
    const std::string today = ctx.today();
    const long days = timeutil::daysBetween(s.latestDate, today);
    if (days > 3660)
        s.ageBusinessDays = days * 5 / 7; // years old: the count needs no precision
    else
        for (std::string d = timeutil::addDays(s.latestDate, 1); d <= today; d = timeutil::addDays(d, 1))
            if (relance::isBusinessDay(d))
                ++s.ageBusinessDays;
    s.stale = s.ageBusinessDays > s.staleDays;
    return s;
}

Result<BankStatus> BankService::status(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return bankStatus(m_ctx);
}

} // namespace crm::service
