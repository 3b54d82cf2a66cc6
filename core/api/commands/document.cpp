// Commands: document.* — files attached to a client or one of its invoices.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

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
