#include "core/service/client_service.hpp"

#include "core/util/text.hpp"

#include <cctype>

namespace crm::service {

// [SECTION] field checks

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

namespace {

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

// Shared checks for a free-text field: well-formed, no control characters, length.
std::optional<Error> checkText(const char* field, const std::string& value, std::size_t max, bool multiline)
{
    if (!text::isValidUtf8(value) || text::hasControlCharacters(value, multiline))
        return Error::validation(
            field, "invalid_characters", std::string(field) + " contains control characters or malformed UTF-8");
    if (text::codePointCount(value) > max)
        return Error::validation(
            field, "too_long", std::string(field) + " is longer than " + std::to_string(max) + " characters");
    return std::nullopt;
}

} // namespace

// [SECTION] ClientService

std::optional<Error> ClientService::apply(const ClientFields& f, model::Client& c)
{
    if (f.code) {
        std::string code = text::trim(*f.code);
        if (code.empty())
            return Error::validation("code", "required", "code is required");
        if (auto e = checkText("code", code, kCodeMax, false))
            return e;
        if (!isValidCode(code))
            return Error::validation("code", "invalid_code", "code may hold only letters, digits and - _ . /");
        c.code = std::move(code);
    }
    if (f.name) {
        std::string name = text::trim(*f.name);
        if (name.empty())
            return Error::validation("name", "required", "name is required");
        if (auto e = checkText("name", name, kNameMax, false))
            return e;
        c.name = std::move(name);
    }
    if (f.email) {
        std::string email = text::trim(*f.email);
        if (auto e = checkText("email", email, kEmailMax, false))
            return e;
        if (!email.empty() && !isValidEmail(email))
            return Error::validation("email", "invalid_email", "email '" + email + "' is not a valid address");
        c.email = std::move(email);
    }
    if (f.phone) {
        std::string phone = text::trim(*f.phone);
        if (auto e = checkText("phone", phone, kPhoneMax, false))
            return e;
        if (!phone.empty() && !isValidPhone(phone))
            return Error::validation("phone", "invalid_phone", "phone may hold digits, spaces and + . - ( ) only");
        c.phone = std::move(phone);
    }
    if (f.address) {
        std::string address = text::trim(*f.address);
        if (auto e = checkText("address", address, kAddressMax, true))
            return e;
        c.address = std::move(address);
    }
    if (f.siret) {
        std::string digits;
        for (char ch : *f.siret)
            if (ch != ' ' && ch != '\t')
                digits += ch;
        if (!digits.empty() && !isValidSiret(digits))
            return Error::validation("siret", "invalid_siret", "siret must be 14 digits with a valid check digit");
        c.siret = std::move(digits);
    }
    return std::nullopt;
}

Result<model::Client> ClientService::create(const ClientFields& fields)
{
    if (!fields.code)
        return Error::validation("code", "required", "code is required");
    if (!fields.name)
        return Error::validation("name", "required", "name is required");
    model::Client c;
    if (auto e = apply(fields, c))
        return *e;
    db::Transaction tx(m_db);
    if (m_model.findIdByCode(c.code))
        return Error::validation("code", "duplicate", "a client with code '" + c.code + "' already exists");
    c.createdAt = c.updatedAt = m_clock();
    c.id = m_model.insert(c);
    tx.commit();
    return c;
}

Result<model::Client> ClientService::update(std::int64_t id, const ClientFields& fields)
{
    db::Transaction tx(m_db);
    auto existing = m_model.get(id);
    if (!existing)
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    model::Client c = *existing;
    if (auto e = apply(fields, c))
        return *e;
    if (auto other = m_model.findIdByCode(c.code); other && *other != id)
        return Error::validation("code", "duplicate", "a client with code '" + c.code + "' already exists");
    c.updatedAt = m_clock();
    m_model.update(c);
    tx.commit();
    return c;
}

Result<model::Client> ClientService::get(std::int64_t id)
{
    auto c = m_model.get(id);
    if (!c)
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    return *c;
}

Result<model::ClientPage> ClientService::list(const model::ClientQuery& query)
{
    if (query.limit < 1 || query.limit > kPageMax)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and " + std::to_string(kPageMax));
    if (query.offset < 0)
        return Error::validation("offset", "out_of_range", "offset must not be negative");
    if (query.search.size() > 200 || !text::isValidUtf8(query.search))
        return Error::validation("search", "invalid_characters", "search must be valid UTF-8 of at most 200 bytes");
    return m_model.list(query);
}

Result<Unit> ClientService::remove(std::int64_t id)
{
    db::Transaction tx(m_db);
    if (!m_model.remove(id))
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    tx.commit();
    return Unit {};
}

} // namespace crm::service
