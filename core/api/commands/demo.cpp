// Commands: demo.* — the demo clients, and generated test data at scale.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/db/embedded.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

// demo.generate as a Job: a few thousand rows per slice.
class GenerationJob : public Job {
public:
    explicit GenerationJob(std::unique_ptr<seed::Generation> g) : m_generation(std::move(g))
    {
        total = m_generation->total();
    }
    std::optional<Outcome> step() override
    {
        const bool finished = m_generation->step(kSlice);
        done = m_generation->done();
        if (!finished)
            return std::nullopt;
        return Outcome(m_generation->counts());
    }

private:
    static constexpr std::int64_t kSlice = 4000;
    std::unique_ptr<seed::Generation> m_generation;
};

} // namespace

void addDemo(Registry& r, Services& s)
{
    Command portfolio{"demo.portfolio",
        "Load the demo portfolio (seeds/demo-portfolio.json: a French SME's receivables — about 200 clients, 3 000 "
        "invoices over 18 months, payments, credit notes, disputes, promises, communications, documents) into a "
        "database nobody has set up yet, its dates moved so that its latest invoice is issued today, through the "
        "snapshot import. Returns the demo administrator's e-mail and password. Long.",
        {}, std::nullopt, snapshot::tableNames(), nullptr};
    portfolio.start = [&s](const Call&) -> Result<std::unique_ptr<Job>> {
        auto imp = s.demo.startPortfolio();
        if (!imp.ok())
            return imp.error();
        return snapshotImportJob(std::move(imp.value()), [](const snapshot::ImportReport& rep) {
            return json{{"rows", rep.rows}, {"email", service::kDemoEmail}, {"password", service::kDemoPassword}};
        });
    };
    r.add(std::move(portfolio));
    r.add({"demo.load", "Load the demo clients of seeds/demo.json (only into a database without clients).", {},
        Perm::ClientCreate, {"clients", "system_logs"}, [&s](const Call& c) -> Outcome {
            const json seed = json::parse(embedded::demoSeed(), nullptr, false);
            if (seed.is_discarded() || !seed.contains("clients") || !seed["clients"].is_array())
                return Error::internal("the embedded demo seed is malformed");
            std::vector<service::ClientFields> rows;
            for (const auto& row : seed["clients"])
                rows.push_back(clientFields(row));
            return map(s.demo.loadDemo(c.actor, rows), [](std::int64_t n) { return json{{"clients", n}}; });
        }});
    Command generate{"demo.generate",
        "Generate a test portfolio (French-looking clients, collectors, invoices over three years, payments) into an "
        "empty portfolio; long: reports progress and can be cancelled (nothing is then written).",
        {{"clients", PT::Integer, true, "1 to 1 000 000"}, {"invoices", PT::Integer, true, "0 to 10 000 000"},
            {"seed", PT::Integer, false, "same seed, same data (default 1)"}},
        Perm::DatabaseAdmin,
        {"users", "profiles", "clients", "invoices", "payments", "payment_allocations", "client_stats", "system_logs"},
        nullptr};
    generate.start = [&s](const Call& c) -> Result<std::unique_ptr<Job>> {
        auto g = s.demo.startGeneration(c.actor, integer(c.p, "clients"), integer(c.p, "invoices"),
            static_cast<std::uint64_t>(integer(c.p, "seed", 1)));
        if (!g.ok())
            return g.error();
        return std::unique_ptr<Job>(std::make_unique<GenerationJob>(std::move(g.value())));
    };
    r.add(std::move(generate));
}

} // namespace crm::api::commands
