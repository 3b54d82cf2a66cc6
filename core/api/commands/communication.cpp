// Commands: communication.* — calls, e-mails, SMS, letters, visits and notes.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addCommunications(Registry& r, Services& s)
{
    r.add({"communication.log", "Log a call, e-mail, SMS, letter, visit or note.",
        {{"client_id", PT::Integer, true, ""},
            {"channel", PT::String, true, "call | email | sms | letter | visit | note"},
            {"direction", PT::String, false, "in | out (default out)"},
            {"occurred_at", PT::String, false, "YYYY-MM-DDTHH:MM:SSZ (default now)"},
            {"subject", PT::String, false, ""}, ParamSpec{"body", PT::String, false, ""}.maxLen(100000),
            {"outcome", PT::String, false, "calls: reached | voicemail | promise | refusal | wrong_number"},
            {"promise_date", PT::String, false, "a promise's date"}, {"promise_amount_cents", PT::Integer, false, ""},
            ParamSpec{"invoice_ids", PT::Array, false, "invoices it is about"}.ofType(PT::Integer)},
        Perm::CommunicationWrite, {"communications", "communication_invoices", "system_logs"}, [&s](const Call& c) {
            service::CommunicationInput in;
            in.clientId = integer(c.p, "client_id");
            in.channel = str(c.p, "channel");
            in.direction = str(c.p, "direction", "out");
            in.occurredAt = str(c.p, "occurred_at");
            in.subject = str(c.p, "subject");
            in.body = str(c.p, "body");
            in.outcome = str(c.p, "outcome");
            in.promiseDate = str(c.p, "promise_date");
            in.promiseAmountCents = optInt(c.p, "promise_amount_cents");
            in.invoiceIds = integers(c.p, "invoice_ids");
            return asJson(s.comms.log(c.actor, in));
        }});
    r.add({"communication.get", "One communication.", {idParam()}, Perm::ClientRead, {},
        [&s](const Call& c) { return asJson(s.comms.get(c.actor, integer(c.p, "id"))); }});
    r.add({"communication.list", "A client's communications, newest first.",
        {{"client_id", PT::Integer, true, ""}, {"invoice_id", PT::Integer, false, "only about this invoice"},
            offsetParam(), limitParam()},
        Perm::ClientRead, {}, [&s](const Call& c) {
            return pageJson(s.comms.list(c.actor, integer(c.p, "client_id"), integer(c.p, "invoice_id"),
                integer(c.p, "offset", 0), integer(c.p, "limit", 50)));
        }});
}

} // namespace crm::api::commands
