#include "core/bank/camt.hpp"

#include "core/bank/amount.hpp"
#include "core/bank/xml.hpp"
#include "core/util/format.hpp"
#include "core/util/time.hpp"

namespace crm::bank {

namespace {

const std::string kNamespace = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.0";

struct Refused {
    std::string path, reason, message;
};

std::string indexed(const std::string& path, const char* name, std::size_t k)
{
    return path + "/" + name + "[" + std::to_string(k + 1) + "]";
}

class Reader {
public:
    std::optional<Refused> refused;

    bool refuse(std::string path, std::string reason, std::string message)
    {
        if (!refused)
            refused = Refused{std::move(path), std::move(reason), std::move(message)};
        return false;
    }

    // An ActiveOrHistoricCurrencyAndAmount: "1234.56" (at most 2 decimals that are not
    // zeros), its currency attribute, with the sign of a CRDT/DBIT indicator.
    bool amount(const XmlNode* n, const std::string& path, std::string& currency, std::int64_t& cents)
    {
        if (!n)
            return refuse(path, "missing", path + ": no amount");
        const std::string& t = n->text;
        const DecimalAmount a = decimalCents(t, ".", false);
        if (a.problem == AmountProblem::TooLarge)
            return refuse(path, "amount", path + ": the amount '" + t + "' is too large");
        if (a.problem == AmountProblem::FractionOfCent)
            return refuse(path, "amount", path + ": the amount '" + t + "' has a fraction of a cent");
        if (a.problem != AmountProblem::None)
            return refuse(path, "amount", path + ": the amount '" + t + "' is not a decimal number");
        cents = a.cents;
        currency = n->attribute("Ccy");
        if (currency.size() != 3 || currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
            return refuse(path, "currency", path + ": the currency '" + currency + "' is not an ISO 4217 code");
        return true;
    }

    bool signedAmount(const XmlNode& parent, const std::string& path, std::string& currency, std::int64_t& cents)
    {
        if (!amount(parent.child("Amt"), path + "/Amt", currency, cents))
            return false;
        const std::string ind = parent.textAt({"CdtDbtInd"});
        if (ind == "DBIT")
            cents = -cents;
        else if (ind != "CRDT")
            return refuse(
                path + "/CdtDbtInd", "indicator", path + "/CdtDbtInd: '" + ind + "' is neither CRDT nor DBIT");
        return true;
    }

    // A DateAndDateTimeChoice: Dt, or the date of DtTm.
    bool date(const XmlNode* n, const std::string& path, std::string& out)
    {
        out.clear();
        if (n)
            out = n->child("Dt") ? n->textAt({"Dt"}) : n->textAt({"DtTm"}).substr(0, 10);
        if (!timeutil::isValidDate(out))
            return refuse(path, "date", path + ": '" + out + "' is not a date YYYY-MM-DD");
        return true;
    }

    bool statement(const XmlNode& s, const std::string& path, Statement& out)
    {
        const XmlNode* id = s.at({"Acct", "Id"});
        out.account = id ? (id->child("IBAN") ? id->textAt({"IBAN"}) : id->textAt({"Othr", "Id"})) : std::string();
        if (out.account.empty())
            return refuse(path + "/Acct/Id", "account", path + "/Acct/Id: no IBAN nor other identifier");
        out.currency = s.textAt({"Acct", "Ccy"});
        bool opening = false, closing = false;
        const auto balances = s.all("Bal");
        for (std::size_t k = 0; k < balances.size(); ++k) {
            const XmlNode& b = *balances[k];
            const std::string at = indexed(path, "Bal", k);
            const std::string type = b.textAt({"Tp", "CdOrPrtry", "Cd"});
            if (type != "OPBD" && type != "PRCD" && type != "CLBD")
                continue; // available, forward and interim balances say nothing we check
            std::string currency;
            std::int64_t cents = 0;
            std::string day;
            if (!signedAmount(b, at, currency, cents) || !date(b.child("Dt"), at + "/Dt", day))
                return false;
            if (out.currency.empty())
                out.currency = currency;
            if (currency != out.currency)
                return refuse(at + "/Amt", "currency",
                    at + "/Amt: a balance in " + currency + " on an account in " + out.currency);
            if (type == "CLBD") {
                closing = true;
                out.closingCents = cents;
                out.closingDate = day;
            } else if (!opening || type == "OPBD") {
                opening = true;
                out.openingCents = cents;
                out.openingDate = day;
            }
        }
        const auto entries = s.all("Ntry");
        std::int64_t sum = 0;
        for (std::size_t k = 0; k < entries.size(); ++k) {
            const XmlNode& e = *entries[k];
            const std::string at = indexed(path, "Ntry", k);
            const std::string status
                = e.child("Sts") && e.at({"Sts", "Cd"}) ? e.textAt({"Sts", "Cd"}) : e.textAt({"Sts"});
            if (!status.empty() && status != "BOOK")
                continue;
            if (!entry(e, at, out))
                return false;
        }
        for (const auto& l : out.lines)
            sum += l.amountCents;
        if (opening && closing && out.openingCents + sum != out.closingCents)
            return refuse(path + "/Bal", "balance",
                path + "/Bal: the closing balance " + fmt::hundredths(out.closingCents, true, false)
                    + " is not the opening balance " + fmt::hundredths(out.openingCents, true, false)
                    + " plus the entries, " + fmt::hundredths(sum, true, false) + ": "
                    + fmt::hundredths(out.openingCents + sum, true, false) + " expected");
        if (out.currency.empty())
            return refuse(path + "/Acct/Ccy", "currency", path + "/Acct/Ccy: the account's currency is not given");
        return true;
    }

    bool entry(const XmlNode& e, const std::string& path, Statement& s)
    {
        std::string currency;
        std::int64_t cents = 0;
        StatementLine base;
        if (!signedAmount(e, path, currency, cents) || !date(e.child("BookgDt"), path + "/BookgDt", base.bookingDate))
            return false;
        if (!s.currency.empty() && currency != s.currency)
            return refuse(
                path + "/Amt", "currency", path + "/Amt: an entry in " + currency + " on an account in " + s.currency);
        if (e.child("ValDt")) {
            if (!date(e.child("ValDt"), path + "/ValDt", base.valueDate))
                return false;
        } else
            base.valueDate = base.bookingDate;
        base.reference = e.textAt({"AcctSvcrRef"});
        base.label = e.textAt({"AddtlNtryInf"});
        base.operationCode = e.textAt({"BkTxCd", "Domn", "Fmly", "SubFmlyCd"});
        base.sourceLine = e.line;
        std::vector<const XmlNode*> txs;
        for (const XmlNode* d : e.all("NtryDtls"))
            for (const XmlNode* t : d->all("TxDtls"))
                txs.push_back(t);
        if (txs.empty()) {
            base.amountCents = cents;
            s.lines.push_back(std::move(base));
            return true;
        }
        std::int64_t total = 0;
        bool allAmounts = true;
        std::vector<StatementLine> lines;
        for (std::size_t k = 0; k < txs.size(); ++k) {
            const XmlNode& t = *txs[k];
            const std::string at = path + "/NtryDtls/" + "TxDtls[" + std::to_string(k + 1) + "]";
            StatementLine l = base;
            l.sourceLine = t.line;
            const XmlNode* amt = t.child("Amt") ? &t : t.at({"AmtDtls", "TxAmt"});
            if (amt) {
                std::string c;
                std::int64_t v = 0;
                if (!amount(amt->child("Amt"), at + (amt == &t ? "/Amt" : "/AmtDtls/TxAmt/Amt"), c, v))
                    return false;
                const std::string ind = t.textAt({"CdtDbtInd"});
                l.amountCents = (ind.empty() ? cents < 0 : ind == "DBIT") ? -v : v;
                total += l.amountCents;
            } else if (txs.size() == 1) {
                l.amountCents = cents;
                total += cents;
            } else
                allAmounts = false;
            const bool credit = l.amountCents > 0 || (l.amountCents == 0 && cents > 0);
            const char* party = credit ? "Dbtr" : "Cdtr";
            const char* account = credit ? "DbtrAcct" : "CdtrAcct";
            const XmlNode* p = t.at({"RltdPties", party});
            if (p)
                l.payerName = p->child("Pty") ? p->textAt({"Pty", "Nm"}) : p->textAt({"Nm"});
            if (const XmlNode* a = t.at({"RltdPties", account, "Id"}))
                l.payerAccount = a->child("IBAN") ? a->textAt({"IBAN"}) : a->textAt({"Othr", "Id"});
            std::string remittance;
            if (const XmlNode* r = t.child("RmtInf")) {
                for (const XmlNode* u : r->all("Ustrd"))
                    remittance += (remittance.empty() ? "" : " ") + u->text;
                for (const XmlNode* st : r->all("Strd")) {
                    const std::string ref = st->textAt({"CdtrRefInf", "Ref"});
                    if (!ref.empty())
                        remittance += (remittance.empty() ? "" : " ") + ref;
                }
            }
            l.remittance = remittance;
            const std::string own = t.textAt({"Refs", "AcctSvcrRef"});
            const std::string endToEnd = t.textAt({"Refs", "EndToEndId"});
            if (!own.empty())
                l.reference = own;
            else if (txs.size() > 1)
                l.reference = base.reference + "#" + std::to_string(k + 1);
            if (l.reference.empty() && endToEnd != "NOTPROVIDED")
                l.reference = endToEnd;
            if (l.label.empty())
                l.label = t.textAt({"AddtlTxInf"});
            lines.push_back(std::move(l));
        }
        if (!allAmounts) {
            if (txs.size() > 1)
                return refuse(path + "/NtryDtls", "batch",
                    path + "/NtryDtls: a batch of " + std::to_string(txs.size())
                        + " transactions without each one's amount");
        } else if (total != cents)
            return refuse(path + "/NtryDtls", "batch",
                path + "/NtryDtls: the transactions add up to " + fmt::hundredths(total, true, false)
                    + ", the entry is " + fmt::hundredths(cents, true, false));
        for (auto& l : lines)
            s.lines.push_back(std::move(l));
        return true;
    }
};

} // namespace

StatementFile readCamt053(std::string_view bytes)
{
    StatementFile out;
    out.format = "camt053";
    out.encoding = "utf-8";
    const XmlDocument doc = parseXml(bytes);
    auto fail = [&](std::int64_t line, std::string path, std::string reason, std::string message) {
        out.problem = FileProblem{line, std::move(path), std::move(reason), std::move(message)};
        out.statements.clear();
        return out;
    };
    if (doc.error)
        return fail(doc.error->line, {}, "xml",
            "line " + std::to_string(doc.error->line) + ", column " + std::to_string(doc.error->column) + ": "
                + doc.error->message);
    const XmlNode& root = doc.root;
    const bool known = root.ns.size() == kNamespace.size() + 1 && root.ns.compare(0, kNamespace.size(), kNamespace) == 0
        && root.ns.back() >= '2' && root.ns.back() <= '8';
    if (root.name != "Document" || !known)
        return fail(root.line, root.name, "version",
            root.name + ": not a CAMT.053 statement of versions 001.02 to 001.08 (namespace '" + root.ns + "')");
    const XmlNode* report = root.child("BkToCstmrStmt");
    const std::string base = "Document/BkToCstmrStmt";
    if (!report)
        return fail(root.line, base, "missing", base + ": no statement");
    Reader reader;
    const auto statements = report->all("Stmt");
    for (std::size_t k = 0; k < statements.size(); ++k) {
        Statement s;
        if (!reader.statement(*statements[k], indexed(base, "Stmt", k), s))
            break;
        out.statements.push_back(std::move(s));
    }
    if (reader.refused)
        return fail(0, reader.refused->path, reader.refused->reason, reader.refused->message);
    if (out.statements.empty())
        return fail(report->line, base, "empty", base + ": no Stmt");
    return out;
}

} // namespace crm::bank
