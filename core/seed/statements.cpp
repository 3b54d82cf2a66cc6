#include "core/seed/statements.hpp"

#include "core/seed/rng.hpp"
#include "core/util/format.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace crm::seed {

namespace {

std::string escaped(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    return out;
}

std::string amount(std::int64_t cents, const std::string& currency)
{
    return "<Amt Ccy=\"" + currency + "\">" + fmt::hundredths(cents < 0 ? -cents : cents, true, false) + "</Amt>";
}

std::string balance(const char* type, std::int64_t cents, const std::string& currency, const std::string& day)
{
    return std::string("<Bal><Tp><CdOrPrtry><Cd>") + type + "</Cd></CdOrPrtry></Tp>" + amount(cents, currency)
        + "<CdtDbtInd>" + (cents < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + day + "</Dt></Dt></Bal>\n";
}

} // namespace

std::string writeCamt053(const std::vector<bank::Statement>& statements)
{
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>"
                      "<GrpHdr><MsgId>CRM-GENERATED</MsgId><CreDtTm>2026-01-01T00:00:00</CreDtTm></GrpHdr>\n";
    int n = 0;
    for (const auto& s : statements) {
        std::int64_t closing = s.openingCents;
        for (const auto& l : s.lines)
            closing += l.amountCents;
        out += "<Stmt><Id>S" + std::to_string(++n) + "</Id><Acct><Id><IBAN>" + escaped(s.account) + "</IBAN></Id><Ccy>"
            + s.currency + "</Ccy></Acct>\n";
        out += balance("OPBD", s.openingCents, s.currency, s.openingDate);
        out += balance("CLBD", closing, s.currency, s.closingDate);
        for (const auto& l : s.lines) {
            const bool credit = l.amountCents > 0;
            out += "<Ntry>" + amount(l.amountCents, s.currency) + "<CdtDbtInd>" + (credit ? "CRDT" : "DBIT")
                + "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>" + l.bookingDate + "</Dt></BookgDt><ValDt><Dt>"
                + (l.valueDate.empty() ? l.bookingDate : l.valueDate) + "</Dt></ValDt>";
            if (!l.reference.empty())
                out += "<AcctSvcrRef>" + escaped(l.reference) + "</AcctSvcrRef>";
            out += "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>";
            if (!l.payerName.empty() || !l.payerAccount.empty()) {
                const char* party = credit ? "Dbtr" : "Cdtr";
                out += "<RltdPties>";
                if (!l.payerName.empty())
                    out += std::string("<") + party + "><Nm>" + escaped(l.payerName) + "</Nm></" + party + ">";
                if (!l.payerAccount.empty())
                    out += std::string("<") + party + "Acct><Id><IBAN>" + escaped(l.payerAccount) + "</IBAN></Id></"
                        + party + "Acct>";
                out += "</RltdPties>";
            }
            if (!l.remittance.empty())
                out += "<RmtInf><Ustrd>" + escaped(l.remittance) + "</Ustrd></RmtInf>";
            out += "</TxDtls></NtryDtls>";
            if (!l.label.empty())
                out += "<AddtlNtryInf>" + escaped(l.label) + "</AddtlNtryInf>";
            out += "</Ntry>\n";
        }
        out += "</Stmt>\n";
    }
    out += "</BkToCstmrStmt></Document>\n";
    return out;
}

} // namespace crm::seed

namespace crm::seed {

namespace {

struct Open {
    std::int64_t id, clientId, openCents;
    std::string number, issueDate, dueDate;
};

std::string upperAscii(const std::string& s)
{
    std::string out;
    for (char c : text::foldForSearch(s))
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    return out;
}

std::string ibanOf(std::int64_t clientId)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "FR76%05lld%018lld", static_cast<long long>(10000 + clientId % 90000),
        static_cast<long long>(clientId * 7919 + 13));
    return buf;
}

// How a bank writes an invoice number in a remittance text.
std::string numberVariant(const std::string& number, Rng& rng)
{
    std::string out = number;
    switch (rng.range(0, 3)) {
    case 0: break;
    case 1:
        for (auto& c : out)
            if (c == '-')
                c = ' ';
        break;
    case 2: out.erase(std::remove(out.begin(), out.end(), '-'), out.end()); break;
    default:
        for (auto& c : out)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string typo(const std::string& number, Rng& rng)
{
    std::string out = number;
    for (int tries = 0; tries < 20; ++tries) {
        const std::size_t at = static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(out.size()) - 1));
        if (out[at] >= '0' && out[at] <= '9') {
            out[at] = static_cast<char>('0' + (out[at] - '0' + rng.range(1, 9)) % 10);
            return out;
        }
    }
    return out;
}

std::string payerVariant(const std::string& name, Rng& rng)
{
    std::string upper = upperAscii(name);
    const auto dash = upper.find(" - ") != std::string::npos ? upper.find(" - ") : upper.find(" — ");
    switch (rng.range(0, 5)) {
    case 0: return upper;
    case 1: return dash == std::string::npos ? upper : upper.substr(0, dash);
    case 2: return "SARL " + upper;
    case 3: return upper.substr(0, std::min<std::size_t>(24, upper.size()));
    case 4: return name;
    default: {
        static const char* kOthers[] = {"CABINET FIDUCIAIRE DU CENTRE", "EXPERTISE COMPTABLE ASSOCIES",
            "M. OU MME DUPUIS", "HOLDING FINANCIERE OUEST"};
        return kOthers[rng.range(0, 3)];
    }
    }
}

} // namespace

GeneratedStatement generateStatement(db::Database& db, const StatementOptions& o)
{
    Rng rng{o.seed * 7919 + 17};
    std::unordered_map<std::int64_t, std::string> names;
    {
        db::Statement st(db, "SELECT id, name FROM clients");
        while (st.step())
            names.emplace(st.getInt(0), st.getText(1));
    }
    // The open invoices in euros, by client (oldest due first), and in one list to draw from.
    std::vector<Open> open;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> byClient;
    {
        db::Statement st(db,
            "SELECT id, client_id, amount_cents - paid_cents, number, issue_date, due_date FROM invoices "
            "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = 'EUR' AND disputed = 0 "
            "AND issue_date <= ?1 ORDER BY client_id, due_date, id");
        st.bind(1, timeutil::addDays(o.asOf, -14));
        while (st.step()) {
            byClient[st.getInt(1)].push_back(open.size());
            open.push_back({st.getInt(0), st.getInt(1), st.getInt(2), st.getText(3), st.getText(4), st.getText(5)});
        }
    }
    if (open.empty())
        throw std::runtime_error("generateStatement: the portfolio has no open invoice");
    std::vector<bool> used(open.size(), false);
    auto draw = [&]() -> std::size_t {
        for (int tries = 0; tries < 1000; ++tries) {
            const auto at = static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(open.size()) - 1));
            if (!used[at])
                return at;
        }
        throw std::runtime_error("generateStatement: not enough open invoices for the lines asked");
    };

    bank::Statement s;
    s.account = "FR7630004000031234567890143";
    s.currency = "EUR";
    s.openingDate = timeutil::addDays(o.asOf, -14);
    s.closingDate = o.asOf;
    s.openingCents = 5'000'000'00;
    GeneratedStatement out;
    std::vector<std::size_t> returnable; // lines a return may take back
    for (std::int64_t i = 0; i < o.lines; ++i) {
        char ref[48];
        std::snprintf(ref, sizeof ref, "%s-%06lld", o.refPrefix.c_str(), static_cast<long long>(i + 1));
        bank::StatementLine l;
        l.bookingDate = timeutil::addDays(o.asOf, -13 + (i * 13) / std::max<std::int64_t>(1, o.lines));
        l.reference = ref;
        l.label = "VIR SEPA RECU";
        LineTruth t;
        t.bankRef = ref;
        const std::int64_t roll = rng.range(0, 99);
        t.kind = roll < 55 ? "single"
            : roll < 63    ? "typo"
            : roll < 73    ? "noref"
            : roll < 83    ? "group"
            : roll < 90    ? "partial"
            : roll < 94    ? "fee"
            : roll < 97    ? "return"
                           : "stranger";
        if (t.kind == "return" && returnable.empty())
            t.kind = "single";
        if (t.kind == "fee") {
            l.amountCents = -rng.range(150, 4500);
            l.label = rng.chance(50) ? "FRAIS TENUE DE COMPTE" : "COMMISSION INTERVENTION";
        } else if (t.kind == "stranger") {
            l.amountCents = rng.range(1000, 300000) + 37;
            l.payerName = rng.chance(50) ? "URSSAF REMBOURSEMENT" : "BPIFRANCE SUBVENTION";
            l.remittance = "REMBT DOSSIER " + std::to_string(rng.range(10000, 99999));
        } else if (t.kind == "return") {
            const std::size_t k
                = returnable[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(returnable.size()) - 1))];
            const auto& back = s.lines[k];
            returnable.erase(std::find(returnable.begin(), returnable.end(), k));
            l.amountCents = -back.amountCents;
            l.payerName = back.payerName;
            l.payerAccount = back.payerAccount;
            l.label = "RETOUR VIREMENT";
            l.remittance = "REJET VIR SEPA " + back.reference + " MOTIF AC04";
            t.reverses = back.reference;
            t.clientId = out.truth[k].clientId;
        } else {
            const std::size_t first = draw();
            const Open& inv = open[first];
            t.clientId = inv.clientId;
            std::vector<std::size_t> paid = {first};
            if (t.kind == "group") {
                // The client's oldest open invoices, two or three of them.
                paid.clear();
                for (std::size_t at : byClient[inv.clientId])
                    if (!used[at] && paid.size() < static_cast<std::size_t>(rng.range(2, 3)))
                        paid.push_back(at);
                if (paid.size() < 2) {
                    paid = {first};
                    t.kind = "single";
                }
            }
            std::string text;
            for (std::size_t at : paid) {
                used[at] = true;
                const std::int64_t cents = t.kind == "partial"
                    ? std::max<std::int64_t>(100, open[at].openCents * rng.range(30, 70) / 100)
                    : open[at].openCents;
                t.allocations.push_back({open[at].id, cents});
                l.amountCents += cents;
                if (t.kind != "noref" && !(t.kind == "group" && rng.chance(33)))
                    text += (text.empty() ? "" : " ")
                        + (t.kind == "typo" ? typo(open[at].number, rng) : numberVariant(open[at].number, rng));
            }
            static const char* kPrefixes[] = {"FACTURE ", "FACT ", "REGLEMENT ", "PAIEMENT ", ""};
            l.remittance = text.empty() ? (rng.chance(50) ? "VIREMENT" : "PAIEMENT FACTURES")
                                        : kPrefixes[rng.range(0, 4)] + text;
            l.payerName = payerVariant(names[inv.clientId], rng);
            if (rng.chance(85))
                l.payerAccount = ibanOf(inv.clientId);
            if (t.kind == "single" && !l.payerAccount.empty())
                returnable.push_back(s.lines.size());
        }
        s.lines.push_back(std::move(l));
        out.truth.push_back(std::move(t));
    }
    out.bytes = writeCamt053({s});
    return out;
}

} // namespace crm::seed
