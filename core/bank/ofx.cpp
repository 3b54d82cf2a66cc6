#include "core/bank/ofx.hpp"

#include "core/bank/amount.hpp"
#include "core/bank/xml.hpp"
#include "core/import/csv.hpp"
#include "core/util/format.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <cctype>

namespace crm::bank {

namespace {

bool isNameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// Text for XML: '<' and '>' escaped, an '&' kept when it starts an entity XML knows.
std::string escapeText(std::string_view t)
{
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&') {
            const auto semi = t.find(';', i);
            const std::string_view name
                = semi == std::string_view::npos ? std::string_view() : t.substr(i + 1, semi - i - 1);
            const bool entity = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos"
                || (name.size() > 1 && name[0] == '#'
                    && name.find_first_not_of("0123456789", 1) == std::string_view::npos);
            out += entity ? "&" : "&amp;";
        } else
            out += c;
    }
    return out;
}

struct Refusal {
    std::int64_t line;
    std::string path, reason, message;
};

// A signed decimal amount with '.' or ',' (French banks write both).
std::optional<std::int64_t> ofxAmount(const std::string& t)
{
    const DecimalAmount a = decimalCents(t, ".,", true);
    return a.problem == AmountProblem::None ? std::optional<std::int64_t>(a.cents) : std::nullopt;
}

// YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]: the date.
std::string ofxDate(const std::string& t)
{
    return fmt::readDate(std::string_view(t).substr(0, 8), "compact").value_or(std::string());
}

class Reader {
public:
    std::optional<Refusal> refused;

    bool refuse(const XmlNode& at, std::string path, std::string reason, std::string message)
    {
        if (!refused)
            refused = Refusal{at.line, path, std::move(reason),
                "line " + std::to_string(at.line) + ", " + path + ": " + std::move(message)};
        return false;
    }

    bool statement(const XmlNode& rs, const std::string& path, Statement& s)
    {
        s.currency = rs.textAt({"CURDEF"});
        if (s.currency.size() != 3 || s.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
            return refuse(
                rs, path + "/CURDEF", "currency", "the currency '" + s.currency + "' is not an ISO 4217 code");
        const XmlNode* acct = rs.child("BANKACCTFROM");
        if (!acct || acct->textAt({"ACCTID"}).empty())
            return refuse(rs, path + "/BANKACCTFROM", "account", "no account (ACCTID)");
        for (const char* part : {"BANKID", "BRANCHID", "ACCTID"}) {
            const std::string v = acct->textAt({part});
            if (!v.empty())
                s.account += (s.account.empty() ? "" : " ") + v;
        }
        const XmlNode* list = rs.child("BANKTRANLIST");
        if (list) {
            s.openingDate = ofxDate(list->textAt({"DTSTART"}));
            s.closingDate = ofxDate(list->textAt({"DTEND"}));
            const auto txs = list->all("STMTTRN");
            for (std::size_t k = 0; k < txs.size(); ++k)
                if (!transaction(*txs[k], path + "/BANKTRANLIST/STMTTRN[" + std::to_string(k + 1) + "]", s))
                    return false;
        }
        std::int64_t sum = 0;
        for (const auto& l : s.lines)
            sum += l.amountCents;
        if (const XmlNode* bal = rs.child("LEDGERBAL")) {
            const auto amount = ofxAmount(bal->textAt({"BALAMT"}));
            if (!amount)
                return refuse(*bal, path + "/LEDGERBAL/BALAMT", "amount",
                    "the balance '" + bal->textAt({"BALAMT"}) + "' is not an amount");
            s.closingCents = *amount;
            const std::string asOf = ofxDate(bal->textAt({"DTASOF"}));
            if (!asOf.empty())
                s.closingDate = asOf;
        } else
            s.closingCents = sum; // no balance stated: the movements alone
        s.openingCents = s.closingCents - sum;
        return true;
    }

    bool transaction(const XmlNode& t, const std::string& path, Statement& s)
    {
        StatementLine l;
        l.sourceLine = t.line;
        const auto amount = ofxAmount(t.textAt({"TRNAMT"}));
        if (!amount)
            return refuse(t, path + "/TRNAMT", "amount", "'" + t.textAt({"TRNAMT"}) + "' is not an amount");
        l.amountCents = *amount;
        l.bookingDate = ofxDate(t.textAt({"DTPOSTED"}));
        if (l.bookingDate.empty())
            return refuse(t, path + "/DTPOSTED", "date", "'" + t.textAt({"DTPOSTED"}) + "' is not a date YYYYMMDD");
        l.valueDate = ofxDate(t.textAt({"DTUSER"}));
        if (l.valueDate.empty())
            l.valueDate = l.bookingDate;
        l.reference = t.textAt({"FITID"});
        l.payerName = t.child("NAME") ? t.textAt({"NAME"}) : t.textAt({"PAYEE", "NAME"});
        l.remittance = t.textAt({"MEMO"});
        l.label = text::trim(t.textAt({"TRNTYPE"}) + " " + l.payerName);
        l.operationCode = t.textAt({"TRNTYPE"});
        const std::string check = t.textAt({"CHECKNUM"});
        if (!check.empty())
            l.label += " " + check;
        s.lines.push_back(std::move(l));
        return true;
    }
};

} // namespace

std::string ofxSgmlToXml(std::string_view body)
{
    std::string out;
    std::vector<std::string> open; // aggregates started and not yet ended
    std::size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (c != '<') {
            // Text outside a leaf (white space between tags): kept as it is.
            const auto next = body.find('<', i);
            out += escapeText(body.substr(i, (next == std::string_view::npos ? body.size() : next) - i));
            i = next == std::string_view::npos ? body.size() : next;
            continue;
        }
        const auto close = body.find('>', i);
        if (close == std::string_view::npos) {
            out += escapeText(body.substr(i)); // a tag never ended: expat will say where
            break;
        }
        std::string_view tag = body.substr(i + 1, close - i - 1);
        i = close + 1;
        if (!tag.empty() && tag[0] == '/') {
            const std::string name(text::trim(tag.substr(1)));
            bool isOpen = false;
            for (const auto& o : open)
                isOpen = isOpen || o == name;
            if (isOpen) // close the aggregates left open inside it, then it
                while (!open.empty()) {
                    const std::string top = open.back();
                    open.pop_back();
                    out += "</" + top + ">";
                    if (top == name)
                        break;
                }
            continue; // a leaf's end tag: written with its text already
        }
        std::size_t n = 0;
        while (n < tag.size() && isNameChar(tag[n]))
            ++n;
        const std::string name(tag.substr(0, n));
        if (name.empty()) {
            out += escapeText("<" + std::string(tag) + ">");
            continue;
        }
        // A leaf: text follows before the next tag.
        const auto next = body.find('<', i);
        const std::string_view rest = body.substr(i, (next == std::string_view::npos ? body.size() : next) - i);
        const auto from = rest.find_first_not_of(" \t\r\n");
        if (from != std::string_view::npos) {
            const auto to = rest.find_last_not_of(" \t\r\n") + 1;
            out += "<" + name + ">" + escapeText(rest.substr(from, to - from)) + "</" + name + ">";
            // The line breaks around the text kept, so that lines stay the file's.
            for (std::size_t k = 0; k < rest.size(); ++k)
                if (rest[k] == '\n' && (k < from || k >= to))
                    out += '\n';
            i = next == std::string_view::npos ? body.size() : next;
            // Its own end tag, if the file writes one, is dropped above (not open).
            continue;
        }
        out += "<" + name + ">";
        open.push_back(name);
    }
    while (!open.empty()) {
        out += "</" + open.back() + ">";
        open.pop_back();
    }
    return out;
}

StatementFile readOfx(std::string_view bytes)
{
    StatementFile out;
    out.format = "ofx";
    const auto decoded = dataimport::decode(bytes);
    out.encoding = decoded.encoding;
    const std::string& text = decoded.text;
    auto fail = [&](std::int64_t line, std::string path, std::string reason, std::string message) {
        out.problem = FileProblem{line, std::move(path), std::move(reason), std::move(message)};
        out.statements.clear();
        return out;
    };
    std::string xml;
    const auto first = text.find('<');
    if (first == std::string::npos)
        return fail(1, {}, "xml", "line 1: no OFX element");
    if (text.compare(first, 5, "<?xml") == 0) {
        xml = text;
        // expat reads what the declaration says; ours is UTF-8 now.
        const auto end = xml.find("?>", first);
        if (end != std::string::npos)
            xml.replace(first, end + 2 - first, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    } else {
        // 1.x: the header lines become blank lines (the body keeps its line numbers).
        const std::string header = text.substr(0, first);
        if (header.find("OFXHEADER") == std::string::npos)
            return fail(1, {}, "header", "line 1: no OFXHEADER: not an OFX file");
        for (char c : header)
            if (c == '\n')
                xml += '\n';
        xml += ofxSgmlToXml(std::string_view(text).substr(first));
    }
    const XmlDocument doc = parseXml(xml);
    if (doc.error)
        return fail(doc.error->line, {}, "xml",
            "line " + std::to_string(doc.error->line) + ", column " + std::to_string(doc.error->column) + ": "
                + doc.error->message);
    if (doc.root.name != "OFX")
        return fail(doc.root.line, doc.root.name, "format", doc.root.name + ": the document element is not OFX");
    Reader reader;
    const XmlNode* bank = doc.root.child("BANKMSGSRSV1");
    const auto responses = bank ? bank->all("STMTTRNRS") : std::vector<const XmlNode*>();
    for (std::size_t k = 0; k < responses.size() && !reader.refused; ++k) {
        const XmlNode* rs = responses[k]->child("STMTRS");
        if (!rs)
            continue;
        Statement s;
        if (reader.statement(*rs, "OFX/BANKMSGSRSV1/STMTTRNRS[" + std::to_string(k + 1) + "]/STMTRS", s))
            out.statements.push_back(std::move(s));
    }
    if (reader.refused)
        return fail(reader.refused->line, reader.refused->path, reader.refused->reason, reader.refused->message);
    if (out.statements.empty())
        return fail(doc.root.line, "OFX", "empty", "OFX: no bank statement (BANKMSGSRSV1/STMTTRNRS/STMTRS)");
    return out;
}

} // namespace crm::bank
