// Checks shared by every service, so a field is refused the same way everywhere.
#pragma once

#include "core/util/result.hpp"

#include <initializer_list>
#include <optional>
#include <string>

namespace crm::service {

// A free-text field: well-formed UTF-8, no control characters (tab and newlines are
// allowed when `multiline`), between `min` and `max` characters (code points).
// Reasons: invalid_characters, required (shorter than min), too_long.
std::optional<Error> checkText(
    const char* field, const std::string& value, std::size_t max, bool multiline = false, std::size_t min = 0);

// The longest each free-text field may be, in characters (code points): one number per
// kind of field, for the commands and the snapshot import alike.
namespace limit {
constexpr std::size_t kCode = 32;          // a client's code
constexpr std::size_t kKey = 64;           // invoice and credit-note numbers, ERP references, template codes
constexpr std::size_t kPersonName = 100;   // a user's first and last names
constexpr std::size_t kName = 200;         // clients, contacts, templates, scenarios, the company
constexpr std::size_t kSubject = 200;      // of a message or a template
constexpr std::size_t kSegment = 64;       // a client segment
constexpr std::size_t kPhone = 32;         // a phone number
constexpr std::size_t kEmail = 254;        // an e-mail address
constexpr std::size_t kAddress = 500;      // a postal address
constexpr std::size_t kSignatory = 300;    // who signs the letters (name and title)
constexpr std::size_t kReason = 500;       // why: a dispute, a hold, a cancellation, a credit note
constexpr std::size_t kReference = 128;    // a payment's reference
constexpr std::size_t kDescription = 2000; // an invoice's description
constexpr std::size_t kSignature = 2000;   // a user's signature
constexpr std::size_t kBody = 20000;       // of a message or a template
} // namespace limit

// `value` is one of `values`.
bool oneOf(const std::string& value, std::initializer_list<const char*> values);

// An ISO 4217 currency in use (not the X.. codes of funds, metals, tests).
bool isCurrencyCode(const std::string& code);

// The shapes of identifiers, one rule each for the commands and the snapshot import:
// a SIRET (14 digits, Luhn key, with La Poste's documented exception), an e-mail address
// (one @, a dotted domain, nothing a mail header would split on), a client code (letters,
// digits, - _ . /), a phone number (4 to 20 digits, + ( ) . - and spaces), an IBAN
// (upper case, no spaces, mod-97 check digits).
bool isValidSiret(const std::string& digits);
bool isValidEmail(const std::string& email);
bool isValidCode(const std::string& code);
bool isValidPhone(const std::string& phone);
bool isValidIban(const std::string& iban);

// A document's file name: 1 to 255 characters, no control characters, no / or \ (never a path).
std::optional<Error> checkFileName(const char* field, const std::string& name);

} // namespace crm::service
