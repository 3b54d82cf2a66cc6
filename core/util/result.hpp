// Result<T>: the value or the expected failure of a service call.
//
// Expected failures (bad input, missing rows, refused operations) are values, never
// exceptions: a service returns Result<T>, the command API turns an Error into the
// error envelope {code, message, field, reason}. Errors are made by the factories below,
// one per code (Error::validation(field, reason, message)…), never field by field. Unexpected failures (storage, bugs)
// are exceptions, caught by the dispatcher and mapped to `storage` / `internal`.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace crm {

// The closed set of error codes that may cross the command API.
enum class ErrorCode { Validation, NotFound, Conflict, Forbidden, Unauthenticated, Storage, Cancelled, Internal };

const char* errorCodeName(ErrorCode code);

struct Error {
    Error() = default;
    Error(ErrorCode c, std::string m, std::string f = {}, std::string r = {})
        : code(c),
          message(std::move(m)),
          field(std::move(f)),
          reason(std::move(r))
    {
    }

    ErrorCode code = ErrorCode::Internal;
    std::string message; // English, for developers, logs and the CLI
    std::string field;   // the refused parameter, when there is one
    std::string reason;  // stable key the interface translates ("required", "too_long", ...)
    std::string details; // optional JSON text added to the envelope as `details` (a list of problems)

    static Error validation(std::string field, std::string reason, std::string message)
    {
        return {ErrorCode::Validation, std::move(message), std::move(field), std::move(reason)};
    }
    // Not found: `field` names the parameter that pointed at nothing ("id", "client_id").
    static Error notFound(std::string message, std::string field = "id")
    {
        return {ErrorCode::NotFound, std::move(message), std::move(field), "not_found"};
    }
    static Error conflict(std::string reason, std::string message, std::string field = {})
    {
        return {ErrorCode::Conflict, std::move(message), std::move(field), std::move(reason)};
    }
    static Error forbidden(std::string reason, std::string message, std::string field = {})
    {
        return {ErrorCode::Forbidden, std::move(message), std::move(field), std::move(reason)};
    }
    static Error unauthenticated(std::string reason, std::string message)
    {
        return {ErrorCode::Unauthenticated, std::move(message), {}, std::move(reason)};
    }
    static Error storage(std::string reason, std::string message)
    {
        return {ErrorCode::Storage, std::move(message), {}, std::move(reason)};
    }
    static Error cancelled(std::string message) { return {ErrorCode::Cancelled, std::move(message), {}, "cancelled"}; }
    static Error internal(std::string message) { return {ErrorCode::Internal, std::move(message), {}, "internal"}; }
};

template <class T> class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) { }
    Result(Error error) : m_data(std::move(error)) { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// For calls that return nothing on success.
struct Unit { };

} // namespace crm
