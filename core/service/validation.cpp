#include "core/service/validation.hpp"

#include "core/util/text.hpp"

#include <algorithm>
#include <cctype>

namespace crm::service {

std::optional<Error> checkText(
    const char* field, const std::string& value, std::size_t max, bool multiline, std::size_t min)
{
    if (!text::isValidUtf8(value) || text::hasControlCharacters(value, multiline))
        return Error::validation(
            field, "invalid_characters", std::string(field) + " contains control characters or malformed UTF-8");
    const std::size_t n = text::codePointCount(value);
    if (n < min)
        return Error::validation(field, "required", std::string(field) + " is required");
    if (n > max)
        return Error::validation(
            field, "too_long", std::string(field) + " is longer than " + std::to_string(max) + " characters");
    return std::nullopt;
}

bool oneOf(const std::string& value, std::initializer_list<const char*> values)
{
    return std::any_of(values.begin(), values.end(), [&](const char* v) { return value == v; });
}

bool isCurrencyCode(const std::string& code)
{
    // ISO 4217 currencies in use (2026), without the X.. codes of funds, precious
    // metals, testing and "no currency", which no invoice is written in.
    static const char* const kCodes[] = {"AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM",
        "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
        "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
        "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
        "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
        "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
        "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR",
        "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
        "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH",
        "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG"};
    return std::any_of(std::begin(kCodes), std::end(kCodes), [&](const char* c) { return code == c; });
}

bool isValidSiret(const std::string& digits)
{
    if (digits.size() != 14)
        return false;
    int sum = 0;
    for (std::size_t i = 0; i < 14; ++i) {
        if (digits[i] < '0' || digits[i] > '9')
            return false;
        int d = digits[i] - '0';
        if (i % 2 == 0) { // from the left, 14 digits: double every other one starting at the first
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    if (sum % 10 == 0)
        return true;
    // La Poste's establishments (SIREN 356 000 000) use a digit sum divisible by 5 instead.
    if (digits.rfind("356000000", 0) == 0) {
        int plain = 0;
        for (char c : digits)
            plain += c - '0';
        return plain % 5 == 0;
    }
    return false;
}

bool isValidEmail(const std::string& email)
{
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string::npos)
        return false;
    for (char c : email)
        if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
            return false;
    const std::string domain = email.substr(at + 1);
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos)
        return false;
    const auto dot = domain.rfind('.');
    if (dot == std::string::npos || domain.size() - dot - 1 < 2)
        return false;
    return email.front() != '.' && email[at - 1] != '.';
}

bool isValidCode(const std::string& code)
{
    for (char c : code)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/'))
            return false;
    return true;
}

bool isValidPhone(const std::string& phone)
{
    int digits = 0;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c == '+' && i == 0)
            continue;
        else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')')
            return false;
    }
    return digits >= 4 && digits <= 20;
}

bool isValidIban(const std::string& iban)
{
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    const std::string moved = iban.substr(4) + iban.substr(0, 4);
    int rest = 0;
    for (char c : moved) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            rest = (rest * 10 + (c - '0')) % 97;
        else if (c >= 'A' && c <= 'Z')
            rest = (rest * 100 + (c - 'A' + 10)) % 97;
        else
            return false;
    }
    return rest == 1;
}

std::optional<Error> checkFileName(const char* field, const std::string& name)
{
    if (name.empty())
        return Error::validation(field, "required", "a document needs a file name");
    if (auto e = checkText(field, name, 255, false))
        return e;
    if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
        return Error::validation(field, "invalid_characters", "a file name cannot hold / or \\");
    return std::nullopt;
}

} // namespace crm::service
