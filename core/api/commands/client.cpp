// Commands: client.* — the clients, their assignment to collectors, their balances.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

// A portfolio handed to another collector, a slice of clients at a time in one
// transaction (dropped unfinished: rolled back).
class MoveJob : public Job {
public:
    MoveJob(Services& s, service::Actor actor, std::vector<std::int64_t> ids, std::optional<std::int64_t> to)
        : m_s(s),
          m_actor(actor),
          m_ids(std::move(ids)),
          m_to(to),
          m_tx(std::make_unique<db::Transaction>(s.ctx.db))
    {
        total = static_cast<std::int64_t>(m_ids.size());
    }
    std::optional<Outcome> step() override
    {
        for (int k = 0; k < kSlice && done < total; ++k, ++done) {
            auto r = m_s.clients.assign(m_actor, m_ids[static_cast<std::size_t>(done)], m_to);
            if (!r.ok())
                return Outcome(r.error());
        }
        if (done < total)
            return std::nullopt;
        m_tx->commit();
        return Outcome(json{{"moved", total}, {"to_user_id", m_to ? json(*m_to) : json()}});
    }

private:
    static constexpr int kSlice = 200;
    Services& m_s;
    service::Actor m_actor;
    std::vector<std::int64_t> m_ids;
    std::optional<std::int64_t> m_to;
    std::unique_ptr<db::Transaction> m_tx;
};

// What a client's amounts depend on.

std::vector<ParamSpec> clientFieldSpecs(bool required)
{
    return {
        {"code", PT::String, required, "client code, unique (letters, digits, - _ . /; max 32)"},
        {"name", PT::String, required, "company or person name (max 200)"},
        {"email", PT::String, false, "e-mail address"},
        {"phone", PT::String, false, "phone number"},
        {"address", PT::String, false, "postal address, may span lines (max 500)"},
        {"siret", PT::String, false, "14-digit SIRET, spaces ignored"},
        {"contact_name", PT::String, false, "the person to talk to"},
        {"segment", PT::String, false, "free segment label (max 64)"},
        {"tags", PT::Array, false, "labels, strings of 1 to 32 characters without commas (max 20)"},
        {"payment_terms_days", PT::Integer, false, "payment terms, 0 to 365 days (default 30)"},
        ParamSpec{"credit_limit_cents", PT::Integer, false, "credit limit in cents; null for none"}.orNull(),
        {"risk_level", PT::String, false, "low | medium | high"},
        {"status", PT::String, false, "active | archived"},
        {"customer_type", PT::String, false, "business (default) | consumer"},
        {"language", PT::String, false, "of the reminders: fr (default) | en"},
        ParamSpec{
            "contract_rate_bp", PT::Integer, false, "the contract's late-payment rate (basis points); null: legal"}
            .orNull(),
        {"contract_charges", PT::Boolean, false, "a consumer's contract sets late-payment charges"},
        ParamSpec{"scenario_id", PT::Integer, false, "own relance scenario; null: the segment's or the default"}
            .orNull(),
        {"stage", PT::String, false, "amiable | relance | mise_en_demeure | contentieux"},
        ParamSpec{"assigned_to", PT::Integer, false, "collector (user id); null for nobody (managers only)"}.orNull(),
    };
}

} // namespace

service::ClientFields clientFields(const json& p)
{
    service::ClientFields f;
    f.code = optStr(p, "code");
    f.name = optStr(p, "name");
    f.email = optStr(p, "email");
    f.phone = optStr(p, "phone");
    f.address = optStr(p, "address");
    f.siret = optStr(p, "siret");
    f.contactName = optStr(p, "contact_name");
    f.segment = optStr(p, "segment");
    f.riskLevel = optStr(p, "risk_level");
    f.status = optStr(p, "status");
    f.customerType = optStr(p, "customer_type");
    f.language = optStr(p, "language");
    f.stage = optStr(p, "stage");
    f.contractRateBp = nullableInt(p, "contract_rate_bp");
    f.scenarioId = nullableInt(p, "scenario_id");
    f.contractCharges = optBool(p, "contract_charges");
    f.paymentTermsDays = optInt(p, "payment_terms_days");
    f.creditLimitCents = nullableInt(p, "credit_limit_cents");
    f.assignedTo = nullableInt(p, "assigned_to");
    if (has(p, "tags")) {
        std::vector<std::string> tags;
        for (const auto& t : p["tags"]) // a non-string is refused by the service as invalid_tag
            tags.push_back(t.is_string() ? t.get<std::string>() : std::string());
        f.tags = tags;
    }
    return f;
}

void addClients(Registry& r, Services& s)
{
    r.add({"client.create", "Create a client.", clientFieldSpecs(true), Perm::ClientCreate,
        {"clients", "client_stats", "system_logs"},
        [&s](const Call& c) { return asJson(s.clients.create(c.actor, clientFields(c.p))); }});
    r.add({"client.update", "Change some fields of a client; absent fields are kept.",
        concat({idParam()}, clientFieldSpecs(false)), Perm::ClientUpdate, {"clients", "tasks", "system_logs"},
        [&s](const Call& c) { return asJson(s.clients.update(c.actor, integer(c.p, "id"), clientFields(c.p))); }});
    r.add({"client.assign", "Assign a client to a collector (null or absent: nobody).",
        {idParam(), ParamSpec{"user_id", PT::Integer, false, "collector; null or absent for nobody"}.orNull()},
        Perm::ClientAssign, {"clients", "tasks", "system_logs"},
        [&s](const Call& c) { return asJson(s.clients.assign(c.actor, integer(c.p, "id"), optInt(c.p, "user_id"))); }});
    Command move{"client.move_portfolio",
        "Hand every client of one collector (null: the unassigned ones) to another (null: nobody), a log line "
        "per client, their open tasks following. Long: reports progress.",
        {ParamSpec{"from_user_id", PT::Integer, true, "the collector whose clients move; null: the unassigned"}
                .orNull(),
            ParamSpec{"to_user_id", PT::Integer, true, "who takes them; null: nobody"}.orNull()},
        Perm::ClientAssign, {"clients", "tasks", "system_logs"}, nullptr};
    move.start = [&s](const Call& c) -> Result<std::unique_ptr<Job>> {
        const auto from = optInt(c.p, "from_user_id");
        const auto to = optInt(c.p, "to_user_id");
        auto ids = s.clients.portfolioToMove(c.actor, from, to);
        if (!ids.ok())
            return ids.error();
        return std::unique_ptr<Job>(std::make_unique<MoveJob>(s, c.actor, std::move(ids.value()), to));
    };
    r.add(std::move(move));
    r.add({"client.assign_many",
        "Assign the listed clients (a selection of the Clients list, at most 1000) to a collector (null: nobody), a "
        "log line each, all or none: a client that cannot be assigned refuses the whole (`ids[k]` names it).",
        {ParamSpec{"ids", PT::Array, true, "client ids"}.ofType(PT::Integer),
            ParamSpec{"user_id", PT::Integer, true, "collector; null for nobody"}.orNull()},
        Perm::ClientAssign, {"clients", "tasks", "system_logs"}, [&s](const Call& c) -> Outcome {
            const json& ids = c.p["ids"];
            if (ids.empty() || ids.size() > 1000)
                return Error::validation("ids", "out_of_range", "name 1 to 1000 clients");
            const auto to = optInt(c.p, "user_id");
            db::Transaction tx(s.ctx.db);
            for (std::size_t k = 0; k < ids.size(); ++k) {
                auto done = s.clients.assign(c.actor, ids[k].get<std::int64_t>(), to);
                if (!done.ok()) {
                    Error e = done.error();
                    if (e.field.empty() || e.field == "id")
                        e.field = "ids[" + std::to_string(k) + "]";
                    return e;
                }
            }
            tx.commit();
            return json{{"assigned", ids.size()}, {"user_id", to ? json(*to) : json()}};
        }});
    r.add({"client.get", "One client by id.", {idParam()}, Perm::ClientRead, {},
        [&s](const Call& c) { return asJson(s.clients.get(c.actor, integer(c.p, "id"))); }});
    r.add({"client.summary", "A client's balance: open, overdue, credit, per currency.", {idParam(), asOfParam()},
        Perm::ClientRead, {}, [&s](const Call& c) {
            return map(s.clients.summary(c.actor, integer(c.p, "id"), str(c.p, "as_of")),
                [](const service::ClientSummary& sum) {
                    json balances = json::array();
                    for (const auto& b : sum.balances)
                        balances.push_back(
                            {{"currency", b.currency}, {"open_cents", b.openCents}, {"overdue_cents", b.overdueCents},
                                {"credit_cents", b.creditCents}, {"balance_cents", b.balanceCents},
                                {"open_invoices", b.openInvoices}, {"overdue_invoices", b.overdueInvoices},
                                {"oldest_due_date", nullOr(b.oldestDueDate)}, {"max_days_overdue", b.maxDaysOverdue}});
                    return json{{"client", model::toJson(sum.client)}, {"as_of", sum.asOf}, {"balances", balances}};
                });
        }});
    r.add({"client.list",
        "A page of clients: search on name and code (case- and accent-insensitive), filters, sort, total.",
        {{"search", PT::String, false, "text contained in the code or name"},
            {"sort", PT::String, false,
                "name (default) | code | email | created_at | updated_at | open | overdue | oldest_due"},
            {"desc", PT::Boolean, false, "descending order"}, offsetParam(), limitParam(),
            ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: the unassigned ones"}
                .orNull(),
            {"status", PT::String, false, "active | archived"}, {"segment", PT::String, false, ""},
            {"tag", PT::String, false, ""},
            {"stage", PT::String, false, "amiable | relance | mise_en_demeure | contentieux"},
            {"risk_level", PT::String, false, "low | medium | high"},
            {"bucket", PT::String, false,
                "not_due | 1_30 | 31_60 | 61_90 | over_90: by the client's oldest invoice still owed, as of as_of"},
            {"held", PT::Boolean, false, "only clients with a hold in force or an invoice in dispute"}, asOfParam()},
        Perm::ClientRead, {}, [&s](const Call& c) -> Outcome {
            model::ClientQuery q;
            q.search = str(c.p, "search");
            const std::string sort = str(c.p, "sort", "name");
            static const std::pair<const char*, model::ClientSort> kSorts[]
                = {{"name", model::ClientSort::Name}, {"code", model::ClientSort::Code},
                    {"email", model::ClientSort::Email}, {"created_at", model::ClientSort::CreatedAt},
                    {"updated_at", model::ClientSort::UpdatedAt}, {"open", model::ClientSort::OpenAmount},
                    {"overdue", model::ClientSort::OverdueAmount}, {"oldest_due", model::ClientSort::OldestDue}};
            const auto known = lookup(sort, kSorts);
            if (!known)
                return Error::validation("sort", "unknown_value",
                    "sort must be one of name, code, email, created_at, updated_at, open, overdue, oldest_due");
            q.sort = *known;
            q.desc = boolean(c.p, "desc");
            q.offset = integer(c.p, "offset", 0);
            q.limit = integer(c.p, "limit", 50);
            q.collector = idFilter(c.p, "collector_id");
            q.status = str(c.p, "status");
            q.segment = str(c.p, "segment");
            q.tag = str(c.p, "tag");
            q.stage = str(c.p, "stage");
            q.risk = str(c.p, "risk_level");
            q.bucket = str(c.p, "bucket");
            q.held = boolean(c.p, "held");
            q.asOf = str(c.p, "as_of");
            return pageJson(s.clients.list(c.actor, q));
        }});
    r.add({"client.delete", "Delete a client that has no history (else archive it).", {idParam()}, Perm::ClientDelete,
        {"clients", "client_stats", "system_logs"}, [&s](const Call& c) {
            return map(s.clients.remove(c.actor, integer(c.p, "id")), [&](const Unit&) {
                return json{{"deleted", c.p["id"]}};
            });
        }});
}

} // namespace crm::api::commands
