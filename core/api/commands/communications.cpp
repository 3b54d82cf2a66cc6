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

void addDocuments(Registry& r, Services& s)
{
    r.add({"document.attach", "Attach a file (at most 10 MiB, base64) to a client or one of its invoices.",
        {{"client_id", PT::Integer, true, ""}, {"invoice_id", PT::Integer, false, ""},
            {"name", PT::String, true, "file name"}, {"mime_type", PT::String, true, "e.g. application/pdf"},
            ParamSpec{"content_base64", PT::String, true, "the file, base64"}.maxLen(15 * 1024 * 1024)},
        Perm::DocumentWrite, {"documents", "system_logs"}, [&s](const Call& c) {
            return asJson(s.comms.attach(c.actor,
                {integer(c.p, "client_id"), integer(c.p, "invoice_id"), str(c.p, "name"), str(c.p, "mime_type"),
                    str(c.p, "content_base64")}));
        }});
    r.add({"document.list", "A client's documents (or an invoice's).",
        {{"client_id", PT::Integer, true, ""}, {"invoice_id", PT::Integer, false, ""}}, Perm::ClientRead, {},
        [&s](const Call& c) {
            return listJson(s.comms.documents(c.actor, integer(c.p, "client_id"), integer(c.p, "invoice_id")));
        }});
    r.add({"document.download", "A document and its content, base64.", {idParam()}, Perm::ClientRead, {},
        [&s](const Call& c) {
            return map(
                s.comms.download(c.actor, integer(c.p, "id")), [](const std::pair<model::Document, std::string>& d) {
                    json j = model::toJson(d.first);
                    j["content_base64"] = d.second;
                    return j;
                });
        }});
    r.add({"document.delete", "Delete a document.", {idParam()}, Perm::DocumentDelete, {"documents", "system_logs"},
        [&s](const Call& c) {
            return map(s.comms.removeDocument(c.actor, integer(c.p, "id")), [&](const Unit&) {
                return json{{"deleted", c.p["id"]}};
            });
        }});
}

} // namespace crm::api::commands
