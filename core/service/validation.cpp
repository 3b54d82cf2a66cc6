#include "core/service/validation.hpp"

#include "core/util/text.hpp"

#include <algorithm>

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

} // namespace crm::service
