// Commands: bank.* — bank statements in, their lines matched to payments
// (core/service/bank_service.hpp says what each one does).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/util/crypto.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

json lineJson(const model::BankLine& l)
{
    return {{"id", l.id}, {"import_id", l.importId}, {"statement_id", l.statementId}, {"account", l.account},
        {"booking_date", l.bookingDate}, {"value_date", l.valueDate.empty() ? json(nullptr) : json(l.valueDate)},
        {"amount_cents", l.amountCents}, {"currency", l.currency}, {"bank_ref", l.bankRef}, {"label", l.label},
        {"payer_name", l.payerName}, {"payer_account", l.payerAccount}, {"remittance", l.remittance},
        {"operation_code", l.operationCode}, {"state", l.state},
        {"client_id", l.clientId == 0 ? json(nullptr) : json(l.clientId)}, {"client_name", l.clientName},
        {"score", l.score}, {"proposals", json::parse(l.proposals)}, {"note", l.note},
        {"resolved_at", l.resolvedAt.empty() ? json(nullptr) : json(l.resolvedAt)}, {"payment_ids", l.paymentIds}};
}

json importJson(const model::BankImport& i)
{
    // The match rate: the credits matched (automatically, by a user, or left as credit) of
    // the credits this import brought, in basis points.
    const std::int64_t rate = i.credits == 0 ? 0 : i.matched * 10000 / i.credits;
    return {{"id", i.id}, {"file_name", i.fileName}, {"format", i.format}, {"imported_at", i.importedAt},
        {"lines_total", i.linesTotal}, {"lines_new", i.linesNew}, {"credits", i.credits}, {"matched", i.matched},
        {"automatic", i.automatic}, {"waiting", i.waiting}, {"ignored", i.ignored}, {"match_rate_bp", rate},
        {"first_date", i.firstDate}, {"last_date", i.lastDate}};
}

json aliasJson(const model::PayerAlias& a)
{
    return {{"id", a.id}, {"kind", a.kind}, {"key", a.key},
        {"client_id", a.clientId == 0 ? json(nullptr) : json(a.clientId)}, {"client_name", a.clientName},
        {"shared", a.clientId == 0}, {"created_at", a.createdAt}};
}

json outcomeJson(const service::BankImportOutcome& o)
{
    return {{"import_id", o.importId}, {"format", o.format}, {"encoding", o.encoding}, {"statements", o.statements},
        {"lines_total", o.linesTotal}, {"lines_new", o.linesNew}, {"lines_known", o.linesTotal - o.linesNew},
        {"credits", o.credits}, {"automatic", o.automatic}, {"suggested", o.suggested}, {"todo", o.todo},
        {"ignored", o.ignored}, {"void_proposals", o.voidProposals}, {"latest_date", o.latestDate},
        {"match_rate_bp", o.credits == 0 ? 0 : o.automatic * 10000 / o.credits}};
}

json statusJson(const service::BankStatus& s)
{
    return {{"latest_date", s.latestDate.empty() ? json(nullptr) : json(s.latestDate)},
        {"age_business_days", s.latestDate.empty() ? json(nullptr) : json(s.ageBusinessDays)},
        {"stale_days", s.staleDays}, {"stale", s.stale}};
}

std::optional<std::vector<service::BankPart>> parts(const json& p)
{
    if (!has(p, "parts"))
        return std::nullopt;
    std::vector<service::BankPart> out;
    for (const auto& part : p["parts"]) {
        service::BankPart b{part["client_id"].get<std::int64_t>(), part["amount_cents"].get<std::int64_t>(), {}};
        if (has(part, "allocations")) {
            b.allocations.emplace();
            for (const auto& a : part["allocations"])
                b.allocations->push_back({a["invoice_id"].get<std::int64_t>(), a["amount_cents"].get<std::int64_t>()});
        }
        out.push_back(std::move(b));
    }
    return out;
}

const std::vector<std::string> kBankWrites = {"bank_lines", "bank_line_payments", "payer_aliases", "payments",
    "payment_allocations", "invoices", "client_stats", "system_logs"};

} // namespace

void addBank(Registry& r, Services& s)
{
    Command import{"bank.import",
        "Import a bank statement file (CFONB 120, CAMT.053 .001.02 to .001.08, OFX 1.x or 2.x; the format is read from "
        "the file) and match its new lines: payments recorded for the sure ones (score from "
        "settings.bank_auto_score), proposals for the others. A line already imported is not added again; a "
        "malformed file is refused whole (details: line or element path, reason). Long: reports progress (lines "
        "matched) and can be cancelled.",
        {ParamSpec{"content_base64", PT::String, true, "the file's bytes, base64"}.maxLen(std::size_t{1} << 30),
            {"file_name", PT::String, false, "the file's name, kept with the import"}},
        Perm::InvoiceWrite,
        [] {
            auto w = kBankWrites;
            w.insert(w.begin(), {"bank_imports", "bank_statements"});
            return w;
        }(),
        nullptr};
    import.start = [&s](const Call& c)
                       ->Result<std::unique_ptr<Job>> {
                           auto bytes = crypto::base64Decode(str(c.p, "content_base64"));
    if (!bytes)
        return Error::validation("content_base64", "invalid_base64", "content_base64 is not base64");
    auto run = s.bank.start(c.actor, {std::move(*bytes), str(c.p, "file_name")});
    if (!run.ok())
        return run.error();
    return slicedJob(std::move(run.value()), 250, outcomeJson);
};
r.add(std::move(import));

r.add({"bank.imports", "The statement files imported, newest first, each with its match rate.",
    {offsetParam(), limitParam()}, Perm::InvoiceRead, {}, [&s](const Call& c) -> Result<json> {
        std::int64_t total = 0;
        auto rows = s.bank.imports(c.actor, integer(c.p, "offset", 0), integer(c.p, "limit", 50), total);
        if (!rows.ok())
            return rows.error();
        json out = json::array();
        for (const auto& i : rows.value())
            out.push_back(importJson(i));
        return json{{"rows", out}, {"total", total}};
    }});
r.add({"bank.lines",
    "Statement lines, newest first, with their state and proposals (score, reasons); an agent sees their "
    "clients' lines only.",
    {{"import_id", PT::Integer, false, "one import's lines"}, {"client_id", PT::Integer, false, "one client's"},
        ParamSpec{"state", PT::String, false, "open (suggested and todo) | matched | one state"}.oneOf(
            {"open", "matched", "auto", "confirmed", "credit", "voided", "suggested", "todo", "ignored"}),
        {"search", PT::String, false, "in the payer, label, remittance and client (accents and case ignored)"},
        offsetParam(), limitParam()},
    Perm::InvoiceRead, {}, [&s](const Call& c) -> Result<json> {
        model::BankLineQuery q;
        q.importId = optInt(c.p, "import_id");
        q.clientId = optInt(c.p, "client_id");
        q.state = str(c.p, "state");
        q.search = str(c.p, "search");
        q.offset = integer(c.p, "offset", 0);
        q.limit = integer(c.p, "limit", 50);
        auto page = s.bank.lines(c.actor, q);
        if (!page.ok())
            return page.error();
        json rows = json::array();
        for (const auto& l : page.value().rows)
            rows.push_back(lineJson(l));
        return json{{"rows", rows}, {"total", page.value().total}};
    }});
r.add({"bank.line", "One statement line with its proposals and the payments it recorded or voided.", {idParam()},
    Perm::InvoiceRead, {}, [&s](const Call& c) { return map(s.bank.line(c.actor, integer(c.p, "id")), lineJson); }});
r.add({"bank.confirm",
    "Confirm a line: its proposal (`proposal`, default the best) as it stands, or `parts` of your own — one per "
    "client, each with its amount and allocations (absent: oldest due first; empty: left as the client's "
    "credit); the parts add up to the line. Records the payments (method transfer, the booking date) or the "
    "void, and learns the payer for that client.",
    {idParam(), {"proposal", PT::Integer, false, "which proposal (0: the best)"},
        ParamSpec{"parts", PT::Array, false, "[{client_id, amount_cents, allocations?}]"}.of(
            {{"client_id", PT::Integer, true, ""}, {"amount_cents", PT::Integer, true, "more than zero"},
                ParamSpec{"allocations", PT::Array, false, "[{invoice_id, amount_cents}]"}.of(
                    {{"invoice_id", PT::Integer, true, ""}, {"amount_cents", PT::Integer, true, ""}})})},
    Perm::PaymentRecord, kBankWrites, [&s](const Call& c) {
        return map(s.bank.confirm(c.actor, integer(c.p, "id"), parts(c.p), integer(c.p, "proposal", 0)), lineJson);
    }});
r.add({"bank.ignore", "Ignore a line (bank fees, not a customer's money), with a note.",
    {idParam(), {"note", PT::String, false, "why (at most 500 characters)"}}, Perm::PaymentRecord,
    {"bank_lines", "system_logs"},
    [&s](const Call& c) { return map(s.bank.ignore(c.actor, integer(c.p, "id"), str(c.p, "note")), lineJson); }});
r.add({"bank.reopen", "Bring an ignored line back to the lines to do.", {idParam()}, Perm::PaymentRecord,
    {"bank_lines", "system_logs"},
    [&s](const Call& c) { return map(s.bank.reopen(c.actor, integer(c.p, "id")), lineJson); }});
r.add({"bank.aliases",
    "The payers learned from confirmed matches (an IBAN or a name → the client; shared: confirmed for several "
    "clients, a sign of none), newest first; an agent sees those of their clients.",
    {offsetParam(), limitParam()}, Perm::InvoiceRead, {}, [&s](const Call& c) -> Result<json> {
        std::int64_t total = 0;
        auto rows = s.bank.aliases(c.actor, integer(c.p, "offset", 0), integer(c.p, "limit", 50), total);
        if (!rows.ok())
            return rows.error();
        json out = json::array();
        for (const auto& a : rows.value())
            out.push_back(aliasJson(a));
        return json{{"rows", out}, {"total", total}};
    }});
r.add({"bank.forget_alias",
    "Forget a learned payer (a wrong confirmation taught it): the next statements no longer "
    "recognise that IBAN or name.",
    {idParam()}, Perm::InvoiceWrite, {"payer_aliases", "system_logs"},
    [&s](const Call& c) { return map(s.bank.forgetAlias(c.actor, integer(c.p, "id")), aliasJson); }});
r.add({"bank.status",
    "How old the bank data is: the latest statement's closing date, its age in business days, the age from "
    "which it is stale (settings.bank_stale_days) and whether it is.",
    {}, Perm::RelanceRead, {}, [&s](const Call& c) { return map(s.bank.status(c.actor), statusJson); }});
} // namespace crm::api::commands

} // namespace crm::api::commands
