// Header-only: the browser's interface module links no core code.
// Human formats shared by the interface and the documents the core writes (reminder
// texts, letters): dates read 24/11/2026, amounts 1 234,56 € in French; English texts
// read 24/11/2026 and €1,234.56. And their reading, one way for what a person types in a
// form and what a CSV file holds: readAmount, readDate.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::fmt {

// "2026-11-24" or "2026-11-24T09:00:00Z" -> "24/11/2026"; anything else is returned unchanged.
std::string date(const std::string& iso);
// Integer cents -> "1 234,56 €" (narrow no-break space between thousands, no-break
// space before the currency); language "en" -> "€1,234.56" ("USD 1,234.56").
std::string money(std::int64_t cents, const std::string& currency = "EUR", const std::string& language = "fr");

// Basis points as a percentage: 215 -> "2,15 %" ("2.15%" in English).
std::string percent(std::int64_t basisPoints, const std::string& language = "fr");
// Cents or basis points as a decimal number (see below).
std::string hundredths(std::int64_t value, bool english, bool grouped);

// "1 234,56", "1234.56", "-12,5", "1.234,56 €", "(12,00)" -> cents. `decimal` is ',' or
// '.'; the other of the two, spaces (also no-break and narrow no-break) and apostrophes
// group thousands. More than two decimals, letters, an empty text or an amount past a
// thousand billion: nullopt.
std::optional<std::int64_t> readAmount(std::string_view text, char decimal);
// What a person typed: the decimal mark is the last ',' or '.' followed by one or two
// digits and nothing else, ',' otherwise ("1.234" is a thousand, "12.5" twelve and a half).
std::optional<std::int64_t> readAmount(std::string_view typed);
// Date formats: "dmy" (24/11/2026, 24-11-2026, 24.11.2026, 24/11/26), "ymd" (2026-11-24,
// 2026/11/24), "compact" (20261124, FEC's), "" (what a person types: dmy or ymd). The ISO
// date, or nullopt when the text is not a real date (1900 to 2999) in that format.
std::optional<std::string> readDate(std::string_view text, std::string_view format = {});

inline std::string date(const std::string& iso)
{
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Hundredths as a decimal number: "-1 234,56" (grouped by narrow no-break spaces, or by ","
// in English with "." as the mark), or "-1234,56" ungrouped — the one writer behind money,
// percentages and the amounts of CSV files.
inline std::string hundredths(std::int64_t value, bool english, bool grouped)
{
    const bool negative = value < 0;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    const std::uint64_t magnitude
        = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    const std::string units = std::to_string(magnitude / 100);
    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (grouped && i > 0 && (units.size() - i) % 3 == 0)
            out += english ? "," : "\u202F"; // narrow no-break space
        out += units[i];
    }
    const unsigned rest = static_cast<unsigned>(magnitude % 100);
    return out + (english ? "." : ",") + (rest < 10 ? "0" : "") + std::to_string(rest);
}

inline std::string money(std::int64_t cents, const std::string& currency, const std::string& language)
{
    const bool english = language == "en";
    const std::string number = hundredths(cents, english, true);
    const std::string symbol = currency == "EUR" ? "€" : currency;
    if (english) // "-€1,234.56": the sign before the symbol
        return number[0] == '-' ? "-" + symbol + (currency == "EUR" ? "" : " ") + number.substr(1)
                                : symbol + (currency == "EUR" ? "" : " ") + number;
    return number + "\u00A0" + symbol;
}

inline std::string percent(std::int64_t basisPoints, const std::string& language)
{
    const bool english = language == "en";
    return hundredths(basisPoints, english, false) + (english ? "%" : "\u00A0%");
}

namespace detail {

inline std::string_view trimmed(std::string_view s)
{
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace detail

inline std::optional<std::int64_t> readAmount(std::string_view text, char decimal)
{
    const std::string_view s = detail::trimmed(text);
    if (s.empty())
        return std::nullopt;
    const char group = decimal == ',' ? '.' : ',';
    bool negative = false, paren = false, digits = false;
    bool trailing = false; // only a currency sign, spaces or ')' may follow
    std::uint64_t units = 0;
    int decimals = -1; // digits after the decimal mark; -1: none seen
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        // No-break (C2 A0) and narrow no-break (E2 80 AF) spaces, the euro sign (E2 82 AC).
        if (s.compare(i, 2, "\xC2\xA0") == 0) {
            ++i;
            continue;
        }
        if (s.compare(i, 3, "\xE2\x80\xAF") == 0) {
            i += 2;
            continue;
        }
        if (s.compare(i, 3, "\xE2\x82\xAC") == 0) {
            i += 2;
            trailing = digits;
            continue;
        }
        if (c == ' ' || c == '\'')
            continue;
        if (trailing && c != ')')
            return std::nullopt;
        if (c == '-' || c == '+' || c == '(') {
            if (digits || negative || paren)
                return std::nullopt;
            negative = c != '+';
            paren = c == '(';
            continue;
        }
        if (c == ')') {
            if (!paren || !digits)
                return std::nullopt;
            paren = false;
            trailing = true;
            continue;
        }
        if (static_cast<char>(c) == decimal || static_cast<char>(c) == group) {
            if (decimals >= 0)
                return std::nullopt;
            if (static_cast<char>(c) == decimal)
                decimals = 0;
            continue;
        }
        if (!detail::isDigit(static_cast<char>(c)))
            return std::nullopt;
        digits = true;
        if (decimals >= 0) {
            if (++decimals > 2)
                return std::nullopt;
            cents = cents * 10 + (c - '0');
        } else {
            if (units > 100'000'000'000'000ULL)
                return std::nullopt;
            units = units * 10 + (c - '0');
        }
    }
    if (!digits || paren)
        return std::nullopt;
    if (decimals == 1)
        cents *= 10;
    const std::int64_t total = static_cast<std::int64_t>(units) * 100 + cents;
    return negative ? -total : total;
}

inline std::optional<std::int64_t> readAmount(std::string_view typed)
{
    const std::string_view s = detail::trimmed(typed);
    const auto mark = s.find_last_of(",.");
    std::size_t after = 0;
    for (std::size_t i = mark == std::string_view::npos ? s.size() : mark + 1; i < s.size() && detail::isDigit(s[i]);
         ++i)
        ++after;
    const bool pointDecimal = mark != std::string_view::npos && s[mark] == '.' && after >= 1 && after <= 2
        && s.find_first_not_of(" \xC2\xA0\xE2\x82\xAC", mark + 1 + after) == std::string_view::npos;
    return readAmount(s, pointDecimal ? '.' : ',');
}

inline std::optional<std::string> readDate(std::string_view text, std::string_view format)
{
    const std::string_view s = detail::trimmed(text);
    if (format.empty()) // typed: 24/11/2026 or 2026-11-24
        return readDate(s, s.size() >= 5 && s[4] == '-' ? "ymd" : "dmy");
    std::vector<std::string> parts(1);
    char sep = 0;
    for (const char c : s) {
        if (detail::isDigit(c)) {
            parts.back() += c;
        } else if (c == '/' || c == '-' || c == '.') {
            if (sep && c != sep)
                return std::nullopt;
            sep = c;
            parts.emplace_back();
        } else {
            return std::nullopt;
        }
    }
    auto num = [](const std::string& p) { return p.empty() || p.size() > 4 ? -1 : std::stoi(p); };
    int y = 0, m = 0, d = 0;
    if (format == "compact") {
        if (parts.size() != 1 || s.size() != 8)
            return std::nullopt;
        y = num(parts[0].substr(0, 4));
        m = num(parts[0].substr(4, 2));
        d = num(parts[0].substr(6, 2));
    } else if (parts.size() != 3) {
        return std::nullopt;
    } else if (format == "ymd") {
        if (parts[0].size() != 4 || parts[1].size() > 2 || parts[2].size() > 2)
            return std::nullopt;
        y = num(parts[0]);
        m = num(parts[1]);
        d = num(parts[2]);
    } else if (format == "dmy") {
        if (parts[0].size() > 2 || parts[1].size() > 2 || (parts[2].size() != 4 && parts[2].size() != 2))
            return std::nullopt;
        d = num(parts[0]);
        m = num(parts[1]);
        y = num(parts[2]) + (parts[2].size() == 2 ? 2000 : 0);
    } else {
        return std::nullopt;
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap))
        return std::nullopt;
    char buf[40]; // (room for any int: the compiler cannot see the checks above)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
}

} // namespace crm::fmt
