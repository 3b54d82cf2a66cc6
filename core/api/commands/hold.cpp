// Commands: hold.create / hold.list / hold.end — what pauses the chase: a promise to
// pay, a payment plan, a stop.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

json holdJson(const service::HoldView& v)
{
    const auto& h = v.hold;
    json inst = json::array();
    for (const auto& i : h.instalments)
        inst.push_back({{"date", i.date}, {"amount_cents", i.cents}});
    return {{"id", h.id}, {"client_id", h.clientId}, {"kind", h.kind}, {"status", v.status}, {"reason", h.reason},
        {"amount_cents", h.kind == "promise" ? json(h.amountCents) : json()}, {"date", nullOr(h.date)},
        {"until", nullOr(h.until)}, {"starts_on", h.startsOn}, {"invoice_ids", h.invoiceIds}, {"instalments", inst},
        {"paid_cents", v.paidCents}, {"missed_cents", v.missedCents},
        {"communication_id", h.communicationId > 0 ? json(h.communicationId) : json()}, {"ended_at", nullOr(h.endedAt)},
        {"broken_logged_at", nullOr(h.brokenLoggedAt)}, {"created_by", h.createdBy > 0 ? json(h.createdBy) : json()},
        {"created_at", h.createdAt}};
}

void addHolds(Registry& r, Services& s)
{
    const std::vector<std::string> writes = {"holds", "hold_invoices", "hold_instalments", "system_logs"};
    r.add({"hold.create",
        "Pause the chase: a promise to pay (amount_cents, date), a payment plan (instalments) or a stop (reason, "
        "until), on listed invoices or the whole client.",
        {{"kind", PT::String, true, "promise | plan | stop"}, {"client_id", PT::Integer, true, ""},
            ParamSpec{"invoice_ids", PT::Array, false, "none: the whole client"}.ofType(PT::Integer),
            {"reason", PT::String, false, "required for a stop"}, {"amount_cents", PT::Integer, false, "promise"},
            {"date", PT::String, false, "promise: YYYY-MM-DD"},
            ParamSpec{"instalments", PT::Array, false, "plan: [{date, amount_cents}]"}.of(
                {{"date", PT::String, true, "YYYY-MM-DD"}, {"amount_cents", PT::Integer, true, ""}}),
            {"until", PT::String, false, "stop: last day held; none: until ended"}},
        Perm::HoldWrite, writes, [&s](const Call& c) {
            service::HoldInput in;
            in.kind = str(c.p, "kind");
            in.clientId = integer(c.p, "client_id");
            in.invoiceIds = integers(c.p, "invoice_ids");
            in.reason = str(c.p, "reason");
            in.amountCents = optInt(c.p, "amount_cents");
            in.date = str(c.p, "date");
            in.until = str(c.p, "until");
            if (has(c.p, "instalments"))
                for (const auto& i : c.p["instalments"])
                    in.instalments.push_back({i["date"].get<std::string>(), i["amount_cents"].get<std::int64_t>()});
            return map(s.holds.create(c.actor, in), [](const service::HoldView& v) { return holdJson(v); });
        }});
    r.add({"hold.list", "Holds with their status today: active, kept, broken or ended.",
        {{"client_id", PT::Integer, false, ""}, {"active", PT::Boolean, false, "only those in force"}},
        Perm::ClientRead, {}, [&s](const Call& c) {
            return map(s.holds.list(c.actor, integer(c.p, "client_id"), boolean(c.p, "active")),
                [](const std::vector<service::HoldView>& rows) {
                    json out = json::array();
                    for (const auto& v : rows)
                        out.push_back(holdJson(v));
                    return json{{"rows", out}};
                });
        }});
    r.add({"hold.end", "End a hold now: the chase resumes where it stood.", {idParam()}, Perm::HoldWrite,
        {"holds", "system_logs"}, [&s](const Call& c) {
            return map(
                s.holds.end(c.actor, integer(c.p, "id")), [](const service::HoldView& v) { return holdJson(v); });
        }});
}

} // namespace crm::api::commands
