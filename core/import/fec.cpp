#include "core/import/fec.hpp"

#include "core/util/format.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace crm::dataimport {

namespace {

const std::vector<std::string> kColumns = {"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
    "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet",
    "DateLet", "ValidDate", "Montantdevise", "Idevise"};

struct Line {
    std::int64_t line = 0;
    std::string journal, journalLib, entry, date, account, accountLib, aux, auxLib, piece, pieceDate, label, letter;
    std::int64_t debit = 0, credit = 0;
};

struct Entry {
    std::vector<Line> lines;
    std::int64_t debit = 0, credit = 0;
    bool bad = false;
};

bool isReceivable(const Line& l)
{
    return l.account.rfind("411", 0) == 0;
}

std::string clientCode(const Line& l)
{
    return l.aux.empty() ? l.account : l.aux;
}

std::string clientName(const Line& l)
{
    if (!l.auxLib.empty())
        return l.auxLib;
    if (!l.accountLib.empty())
        return l.accountLib;
    return clientCode(l);
}

} // namespace

Fec readFec(const std::string& bytes, const std::string& encoding)
{
    Fec fec;
    const Decoded dec = decode(bytes, encoding);
    fec.settings.encoding = dec.encoding;
    fec.settings.dateFormat = "compact";
    const auto firstLine = dec.text.substr(0, dec.text.find_first_of("\r\n"));
    fec.settings.separator = firstLine.find('\t') != std::string::npos ? '\t' : '|';
    Parsed parsed = parse(dec.text, fec.settings.separator);
    if (const auto problem = unreadable(parsed)) {
        std::tie(fec.fileError, fec.fileErrorLine) = *problem;
        return fec;
    }
    // Columns by their folded names (packages vary the case: "EcritureLet", "Ecriturelet").
    std::map<std::string, std::size_t> col;
    const auto& header = parsed.records.front().fields;
    for (std::size_t i = 0; i < header.size(); ++i)
        col.emplace(headerKey(header[i]), i);
    const bool sens = !col.count("debit") && col.count("montant") && col.count("sens");
    for (const auto& c : kColumns) {
        if (sens && (c == "Debit" || c == "Credit"))
            continue;
        if (!col.count(headerKey(c))) {
            fec.fileError = RowError{c, "", "missing_column", "the FEC's header lacks the column " + c};
            fec.fileErrorLine = parsed.records.front().line;
            return fec;
        }
    }
    auto at = [&](const Record& r, const char* name) -> std::string {
        const auto it = col.find(headerKey(name));
        return it == col.end() || it->second >= r.fields.size() ? std::string() : r.fields[it->second];
    };

    // Decimal mark from the amounts.
    std::vector<std::string> amounts;
    for (std::size_t r = 1; r < parsed.records.size() && r <= 2000; ++r) {
        for (const char* c : {"Debit", "Credit", "Montant"})
            amounts.push_back(at(parsed.records[r], c));
    }
    fec.settings.decimal = detectDecimal(amounts, ',');

    // Lines into entries (journal + entry number), in the file's order.
    std::map<std::pair<std::string, std::string>, Entry> entries;
    std::vector<std::pair<std::string, std::string>> order;
    for (std::size_t r = 1; r < parsed.records.size(); ++r) {
        const Record& rec = parsed.records[r];
        ++fec.lines;
        Line l;
        l.line = rec.line;
        l.journal = at(rec, "JournalCode");
        l.journalLib = at(rec, "JournalLib");
        l.entry = at(rec, "EcritureNum");
        l.account = at(rec, "CompteNum");
        l.accountLib = at(rec, "CompteLib");
        l.aux = at(rec, "CompAuxNum");
        l.auxLib = at(rec, "CompAuxLib");
        l.piece = at(rec, "PieceRef");
        l.label = at(rec, "EcritureLib");
        l.letter = at(rec, "EcritureLet");
        Row problem;
        problem.line = rec.line;
        if (rec.fields.size() != header.size())
            problem.errors.push_back({"", "", "wrong_field_count",
                "the line has " + std::to_string(rec.fields.size()) + " fields, the header "
                    + std::to_string(header.size())});
        if (const auto d = fmt::readDate(at(rec, "EcritureDate"), "compact"))
            l.date = *d;
        else
            problem.errors.push_back(
                {"EcritureDate", "", "invalid_date", "not a date YYYYMMDD: " + at(rec, "EcritureDate")});
        const std::string pd = at(rec, "PieceDate");
        if (!pd.empty()) {
            if (const auto d = fmt::readDate(pd, "compact"))
                l.pieceDate = *d;
            else
                problem.errors.push_back({"PieceDate", "", "invalid_date", "not a date YYYYMMDD: " + pd});
        }
        auto amount = [&](const char* name, std::int64_t& into) {
            const std::string cell = at(rec, name);
            if (cell.empty()) {
                into = 0;
                return;
            }
            const auto v = fmt::readAmount(cell, fec.settings.decimal);
            if (!v || *v < 0)
                problem.errors.push_back(
                    {name, "", "invalid_amount", "not a positive amount with at most two decimals: " + cell});
            else
                into = *v;
        };
        if (sens) {
            std::int64_t m = 0;
            amount("Montant", m);
            const std::string s = text::foldForSearch(at(rec, "Sens"));
            if (s == "d" || s == "+1" || s == "1")
                l.debit = m;
            else if (s == "c" || s == "-1")
                l.credit = m;
            else
                problem.errors.push_back({"Sens", "", "unknown_value", "Sens is D or C: " + at(rec, "Sens")});
        } else {
            amount("Debit", l.debit);
            amount("Credit", l.credit);
        }
        if (l.account.empty())
            problem.errors.push_back({"CompteNum", "", "required", "the cell is empty"});
        if (l.entry.empty())
            problem.errors.push_back({"EcritureNum", "", "required", "the cell is empty"});
        const auto key = std::make_pair(l.journal, l.entry);
        auto [it, fresh] = entries.try_emplace(key);
        if (fresh)
            order.push_back(key);
        Entry& e = it->second;
        if (!problem.errors.empty()) {
            e.bad = true;
            fec.badLines.push_back(std::move(problem));
            continue;
        }
        e.debit += l.debit;
        e.credit += l.credit;
        e.lines.push_back(std::move(l));
    }

    // Clients, invoices and credits from the balanced entries' 411 lines.
    std::map<std::string, std::size_t> clientRow;                       // code -> index in fec.clients
    std::map<std::pair<std::string, std::string>, std::size_t> invoice; // (client, number) -> index
    std::set<std::string> invoiceNumbers;
    struct Credit {
        std::size_t row;
        std::string client, letter;
        std::int64_t cents;
    };
    std::vector<Credit> credits;
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> letteredInvoices; // (client, letter)
    for (const auto& key : order) {
        Entry& e = entries[key];
        if (e.bad)
            continue;
        if (e.debit != e.credit) {
            Row problem;
            problem.line = e.lines.empty() ? 0 : e.lines.front().line;
            problem.errors.push_back({"EcritureNum", "", "unbalanced_entry",
                "entry " + key.first + " " + key.second + " does not balance: debits " + std::to_string(e.debit)
                    + " cents, credits " + std::to_string(e.credit) + " cents"});
            fec.badLines.push_back(std::move(problem));
            continue;
        }
        // The other side of the entry says what a credit on 411 is.
        std::string method;
        bool sales = false;
        for (const auto& l : e.lines) {
            if (isReceivable(l))
                continue;
            if (l.account.rfind("5", 0) == 0 && method.empty())
                method = l.account.rfind("511", 0) == 0 ? "cheque"
                    : l.account.rfind("53", 0) == 0     ? "cash"
                                                        : "transfer";
            if (l.account.rfind("7", 0) == 0 || l.account.rfind("445", 0) == 0)
                sales = true;
        }
        // Per client and direction, the entry's 411 lines add up.
        std::map<std::string, std::int64_t> entryCredit;
        std::map<std::string, const Line*> firstCredit;
        for (const auto& l : e.lines) {
            if (!isReceivable(l) || (l.debit == 0 && l.credit == 0))
                continue;
            ++fec.receivables;
            const std::string code = clientCode(l);
            if (!clientRow.count(code)) {
                Row c;
                c.line = l.line;
                c.values = {{"code", code}, {"name", clientName(l)}};
                clientRow[code] = fec.clients.size();
                fec.clients.push_back(std::move(c));
            }
            if (l.debit > l.credit) {
                const std::string number = !l.piece.empty() ? l.piece : l.journal + "-" + l.entry;
                const auto k = std::make_pair(code, number);
                const auto found = invoice.find(k);
                if (found != invoice.end()) {
                    Row& inv = fec.invoices[found->second];
                    inv.values["amount"] = std::to_string(std::stoll(inv.values["amount"]) + l.debit - l.credit);
                } else {
                    Row inv;
                    inv.line = l.line;
                    inv.values = {{"number", number}, {"client_code", code}, {"client_name", clientName(l)},
                        {"issue_date", l.pieceDate.empty() ? l.date : l.pieceDate},
                        {"amount", std::to_string(l.debit - l.credit)}};
                    if (!l.label.empty())
                        inv.values["description"] = l.label;
                    if (invoiceNumbers.count(text::foldForSearch(number)))
                        inv.errors.push_back({"PieceRef", "number", "duplicate",
                            "the piece " + number + " is an invoice of another client too"});
                    invoiceNumbers.insert(text::foldForSearch(number));
                    invoice[k] = fec.invoices.size();
                    fec.invoices.push_back(std::move(inv));
                }
                if (!l.letter.empty())
                    letteredInvoices[{code, l.letter}].push_back(invoice[k]);
            } else {
                entryCredit[code] += l.credit - l.debit;
                if (!firstCredit.count(code))
                    firstCredit[code] = &l;
            }
        }
        for (const auto& [code, cents] : entryCredit) {
            const Line& l = *firstCredit[code];
            Row p;
            p.line = l.line;
            const std::string ref = l.journal + "-" + l.entry;
            p.values = {{"client_code", code}, {"date", l.date}, {"amount", std::to_string(cents)}};
            if (!method.empty()) {
                p.values["kind"] = "payment";
                p.values["method"] = method;
                p.values["reference"] = "FEC " + ref;
            } else {
                p.values["kind"] = "credit_note";
                p.values["number"] = !l.piece.empty() && sales ? l.piece : ref;
                p.values["reference"] = "FEC " + ref;
                p.values["reason"] = text::trim(l.journalLib + " " + l.label);
            }
            p.allocations.emplace();
            credits.push_back({fec.payments.size(), code, l.letter, cents});
            fec.payments.push_back(std::move(p));
        }
    }

    // Lettering: each letter's credits settle its invoices, oldest first.
    std::map<std::size_t, std::int64_t> invoiceLeft;
    for (auto& [k, rows] : letteredInvoices) {
        std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            const auto& ia = fec.invoices[a].values;
            const auto& ib = fec.invoices[b].values;
            return std::make_pair(ia.at("issue_date"), a) < std::make_pair(ib.at("issue_date"), b);
        });
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        for (const auto r : rows)
            invoiceLeft[r] = std::stoll(fec.invoices[r].values.at("amount"));
    }
    for (const Credit& c : credits) {
        if (c.letter.empty())
            continue;
        const auto it = letteredInvoices.find({c.client, c.letter});
        if (it == letteredInvoices.end())
            continue;
        std::int64_t left = c.cents;
        for (const auto r : it->second) {
            const std::int64_t take = std::min(left, invoiceLeft[r]);
            if (take <= 0)
                continue;
            fec.payments[c.row].allocations->emplace_back(fec.invoices[r].values.at("number"), take);
            invoiceLeft[r] -= take;
            left -= take;
            if (left == 0)
                break;
        }
    }
    return fec;
}

} // namespace crm::dataimport
