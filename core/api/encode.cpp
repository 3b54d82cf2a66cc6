#include "core/api/encode.hpp"

namespace crm::api {

json errorObject(const char* code, const std::string& message, const std::string& field, const std::string& reason)
{
    json e = {{"code", code}, {"message", message}};
    if (!field.empty())
        e["field"] = field;
    e["reason"] = reason.empty() ? std::string(code) : reason;
    return e;
}

json errorJson(const Error& e)
{
    json out = errorObject(errorCodeName(e.code), e.message, e.field, e.reason);
    if (!e.details.empty())
        out["details"] = json::parse(e.details, nullptr, false);
    return out;
}

json rowJson(const model::ClientRow& r)
{
    json j = model::toJson(r.client);
    j["open_cents"] = r.openCents;
    j["overdue_cents"] = r.overdueCents;
    j["oldest_due_date"] = r.oldestDueDate.empty() ? json() : json(r.oldestDueDate);
    j["days_overdue"] = r.daysOverdue;
    j["held"] = r.held;
    return j;
}

} // namespace crm::api
