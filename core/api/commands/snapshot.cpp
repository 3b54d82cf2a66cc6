// Commands: snapshot.export / snapshot.import — the whole database as JSON, and back.
#include "core/snapshot/snapshot.hpp"
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

// A snapshot import as a Job: a few thousand rows per slice.
class ImportJob : public Job {
public:
    ImportJob(std::unique_ptr<snapshot::Importer> imp, std::function<json(const snapshot::ImportReport&)> result)
        : m_imp(std::move(imp)),
          m_result(std::move(result))
    {
        total = m_imp->total();
    }
    std::optional<Outcome> step() override
    {
        const bool finished = m_imp->step(kSlice);
        done = m_imp->done();
        if (!finished)
            return std::nullopt;
        return map(service::SnapshotService::outcome(m_imp->report()), m_result);
    }

private:
    static constexpr std::int64_t kSlice = 5000;
    std::unique_ptr<snapshot::Importer> m_imp;
    std::function<json(const snapshot::ImportReport&)> m_result;
};

} // namespace

std::unique_ptr<Job> snapshotImportJob(
    std::unique_ptr<snapshot::Importer> imp, std::function<json(const snapshot::ImportReport&)> result)
{
    return std::make_unique<ImportJob>(std::move(imp), std::move(result));
}

void addSnapshots(Registry& r, Services& s)
{
    std::vector<std::string> all = snapshot::tableNames();
    r.add({"snapshot.export",
        "The whole database as a JSON snapshot (schema/snapshot/README.md), as text: export, import, export gives "
        "the same bytes.",
        {}, Perm::DatabaseAdmin, {}, [&s](const Call& c) {
            return map(s.snapshots.exportText(c.actor), [](const std::string& text) {
                return json{{"content", text}, {"size_bytes", text.size()}};
            });
        }});
    std::vector<std::string> writes = all;
    writes.insert(writes.end(), {"sessions"});
    Command import{"snapshot.import",
        "Replace the database by a JSON snapshot, all or nothing; refused with the list of problems (JSON paths) in "
        "`details`. A database holding data needs replace: true (else: conflict not_empty, with what it holds). "
        "Every session ends: sign in again. Long: reports progress (rows) and can be cancelled.",
        {ParamSpec{"content", PT::String, true, "the snapshot's text"}.maxLen(std::size_t{1} << 31),
            {"replace", PT::Boolean, false, "replace what the database holds (default false)"}},
        Perm::DatabaseAdmin, writes, nullptr};
    import.start = [&s](const Call& c)
                       ->Result<std::unique_ptr<Job>> {
                           auto imp = s.snapshots.startImport(c.actor, str(c.p, "content"), boolean(c.p, "replace"));
    if (!imp.ok())
        return imp.error();
    return snapshotImportJob(std::move(imp.value()), [](const snapshot::ImportReport& rep) {
        return json{{"imported", true}, {"rows", rep.rows}, {"replaced", rep.replaced}};
    });
};
r.add(std::move(import));
} // namespace crm::api::commands

} // namespace crm::api::commands
