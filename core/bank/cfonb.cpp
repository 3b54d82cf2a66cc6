#include "core/bank/cfonb.hpp"

#include "core/import/csv.hpp"
#include "core/util/format.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

namespace crm::bank {

namespace {

constexpr std::size_t kRecord = 120;

// One record, its fields cut by character (a UTF-8 file's accents take several bytes).
class Record {
public:
    Record(std::string_view text, std::int64_t line) : m_text(text), m_line(line)
    {
        for (std::size_t i = 0; i < text.size(); ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
                m_starts.push_back(i);
        m_starts.push_back(text.size());
    }
    std::size_t size() const { return m_starts.size() - 1; }
    std::int64_t line() const { return m_line; }
    // Characters `from` to `to` of the norm (1-based, inclusive); spaces when past the end.
    std::string field(std::size_t from, std::size_t to) const
    {
        std::string out;
        for (std::size_t k = from - 1; k < to; ++k)
            if (k < size())
                out.append(m_text.substr(m_starts[k], m_starts[k + 1] - m_starts[k]));
            else
                out += ' ';
        return out;
    }
    std::string trimmed(std::size_t from, std::size_t to) const { return text::trim(field(from, to)); }

private:
    std::string_view m_text;
    std::int64_t m_line;
    std::vector<std::size_t> m_starts; // byte offset of each character, then the end
};

// DDMMYY as an ISO date (years 80–99 are the 1900s), or empty.
std::string cfonbDate(const std::string& f)
{
    if (f.size() != 6 || f.find_first_not_of("0123456789") != std::string::npos)
        return {};
    const int yy = std::stoi(f.substr(4, 2));
    const std::string iso
        = std::to_string(yy >= 80 ? 1900 + yy : 2000 + yy) + "-" + f.substr(2, 2) + "-" + f.substr(0, 2);
    return timeutil::isValidDate(iso) ? iso : std::string();
}

class Reader {
public:
    StatementFile file;

    void refuse(std::int64_t line, std::string reason, std::string message)
    {
        if (!file.problem)
            file.problem = FileProblem{line, {}, std::move(reason), "line " + std::to_string(line) + ": " + message};
    }

    void record(const Record& r)
    {
        if (r.size() > kRecord || r.size() < 104) {
            refuse(r.line(), "line_length",
                "a CFONB 120 record is 120 characters, this one has " + std::to_string(r.size()));
            return;
        }
        const std::string code = r.field(1, 2);
        if (code != "01" && code != "04" && code != "05" && code != "07") {
            refuse(r.line(), "record_code", "record code '" + code + "' is none of 01, 04, 05, 07");
            return;
        }
        // The account and currency every record repeats.
        const std::string account = r.trimmed(3, 7) + " " + r.trimmed(12, 16) + " " + r.trimmed(22, 32);
        const std::string currency = r.field(17, 19);
        const std::string decimals = r.field(20, 20);
        if (code == "01") {
            if (m_open) {
                refuse(r.line(), "order",
                    "a new statement (01) while the one opened on line " + std::to_string(m_openLine)
                        + " has no closing balance (07)");
                return;
            }
            if (currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos
                || decimals.find_first_not_of("0123456789") != std::string::npos) {
                refuse(r.line(), "currency",
                    "currency '" + currency + "' with '" + decimals + "' decimals is not an ISO 4217 code and a digit");
                return;
            }
            Statement s;
            s.account = account;
            s.currency = currency;
            if (!date(r, 35, 40, "the old balance's date", s.openingDate)
                || !amount(r, "the old balance", std::stoi(decimals), s.openingCents))
                return;
            file.statements.push_back(std::move(s));
            m_open = true;
            m_openLine = r.line();
            m_decimals = std::stoi(decimals);
            m_lastCode.clear();
            return;
        }
        if (!m_open) {
            refuse(r.line(), "order", "a " + code + " record outside a statement (no old balance 01 before it)");
            return;
        }
        Statement& s = file.statements.back();
        if (account != s.account || currency != s.currency) {
            refuse(r.line(), "account",
                "account " + account + " in " + currency + " differs from the statement's (" + s.account + " in "
                    + s.currency + ", line " + std::to_string(m_openLine) + ")");
            return;
        }
        if (code == "04") {
            StatementLine l;
            l.sourceLine = r.line();
            l.operationCode = r.trimmed(33, 34);
            if (!date(r, 35, 40, "the booking date", l.bookingDate))
                return;
            if (r.field(43, 48) == "      " || r.field(43, 48) == "000000")
                l.valueDate = l.bookingDate;
            else if (!date(r, 43, 48, "the value date", l.valueDate))
                return;
            l.label = r.trimmed(49, 79);
            l.reference = r.trimmed(105, 120);
            if (!amount(r, "the movement", m_decimals, l.amountCents))
                return;
            s.lines.push_back(std::move(l));
        } else if (code == "05") {
            if (m_lastCode != "04" && m_lastCode != "05") {
                refuse(r.line(), "order", "a complement (05) that does not follow a movement (04)");
                return;
            }
            complement(s.lines.back(), r.field(46, 48), r.trimmed(49, 118));
        } else { // 07
            if (!date(r, 35, 40, "the new balance's date", s.closingDate)
                || !amount(r, "the new balance", m_decimals, s.closingCents))
                return;
            std::int64_t sum = s.openingCents;
            for (const auto& l : s.lines)
                sum += l.amountCents;
            if (sum != s.closingCents) {
                refuse(r.line(), "balance",
                    "the new balance " + fmt::hundredths(s.closingCents, true, false) + " is not the old balance "
                        + fmt::hundredths(s.openingCents, true, false) + " (line " + std::to_string(m_openLine)
                        + ") plus the movements, " + fmt::hundredths(sum - s.openingCents, true, false) + ": "
                        + fmt::hundredths(sum, true, false) + " expected");
                return;
            }
            m_open = false;
        }
        m_lastCode = code;
    }

    void end(std::int64_t lines)
    {
        if (m_open)
            refuse(lines, "unterminated",
                "the file ends inside the statement opened on line " + std::to_string(m_openLine)
                    + " (no new balance 07)");
        if (!file.problem && file.statements.empty())
            refuse(1, "empty", "the file holds no statement");
        if (file.problem)
            file.statements.clear();
    }

private:
    bool date(const Record& r, std::size_t from, std::size_t to, const char* what, std::string& out)
    {
        out = cfonbDate(r.field(from, to));
        if (out.empty())
            refuse(r.line(), "date", std::string(what) + " '" + r.field(from, to) + "' is not a date DDMMYY");
        return !out.empty();
    }

    bool amount(const Record& r, const char* what, int decimals, std::int64_t& out)
    {
        const auto v = cfonbAmount(r.field(91, 104), decimals);
        if (!v)
            refuse(r.line(), "amount",
                std::string(what) + "'s amount '" + r.field(91, 104)
                    + "' is not 13 digits and a sign letter ({, A–I, }, J–R) in whole cents");
        out = v.value_or(0);
        return v.has_value();
    }

    static void append(std::string& to, const std::string& text)
    {
        if (text.empty())
            return;
        if (!to.empty())
            to += ' ';
        to += text;
    }

    static void complement(StatementLine& l, const std::string& qualifier, const std::string& text)
    {
        const bool credit = l.amountCents > 0;
        if (qualifier == (credit ? "NPY" : "NBE"))
            append(l.payerName, text);
        else if (qualifier == (credit ? "IPY" : "IBE"))
            append(l.payerAccount, text);
        else if (qualifier == "LCC" || qualifier == "LC2" || qualifier == "LCS" || qualifier == "RCN")
            append(l.remittance, text);
        else if (qualifier != "NPY" && qualifier != "NBE" && qualifier != "IPY" && qualifier != "IBE")
            append(l.label, text);
    }

    bool m_open = false;
    std::int64_t m_openLine = 0;
    int m_decimals = 2;
    std::string m_lastCode;
};

} // namespace

std::optional<std::int64_t> cfonbAmount(std::string_view f, int decimals)
{
    if (f.size() != 14 || decimals < 0 || decimals > 3)
        return std::nullopt;
    std::int64_t v = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        if (f[i] < '0' || f[i] > '9')
            return std::nullopt;
        v = v * 10 + (f[i] - '0');
    }
    const char last = f[13];
    int digit = 0;
    bool negative = false;
    if (last == '{')
        digit = 0;
    else if (last >= 'A' && last <= 'I')
        digit = last - 'A' + 1;
    else if (last == '}')
        negative = true;
    else if (last >= 'J' && last <= 'R') {
        digit = last - 'J' + 1;
        negative = true;
    } else
        return std::nullopt;
    v = v * 10 + digit;
    if (decimals == 3) {
        if (v % 10 != 0)
            return std::nullopt; // a fraction of a cent
        v /= 10;
    } else
        for (int k = decimals; k < 2; ++k)
            v *= 10;
    return negative ? -v : v;
}

StatementFile readCfonb120(std::string_view bytes)
{
    const auto decoded = dataimport::decode(bytes);
    Reader reader;
    reader.file.format = "cfonb120";
    reader.file.encoding = decoded.encoding;
    const std::string& text = decoded.text;
    std::int64_t line = 0;
    const bool oneLine = text.find('\n') == std::string::npos;
    if (oneLine && !text.empty()) {
        // Records written back to back: 120 characters each.
        const Record all(text, 1);
        if (all.size() > kRecord) {
            for (std::size_t k = 0; k < all.size() && !reader.file.problem; k += kRecord) {
                const std::string chunk = all.field(k + 1, std::min(k + kRecord, all.size()));
                reader.record(Record(chunk, ++line));
            }
            reader.end(line);
            return reader.file;
        }
    }
    std::size_t at = 0;
    while (at < text.size() && !reader.file.problem) {
        std::size_t nl = text.find('\n', at);
        if (nl == std::string::npos)
            nl = text.size();
        std::string_view l(text.data() + at, nl - at);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        ++line;
        if (!text::trim(std::string(l)).empty())
            reader.record(Record(l, line));
        at = nl + 1;
    }
    reader.end(line);
    return reader.file;
}

} // namespace crm::bank
