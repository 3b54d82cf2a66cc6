// Commands: snapshot.export / snapshot.import — the whole database as JSON, and back.
#include "core/snapshot/snapshot.hpp"
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addSnapshots(Registry& r, Services& s)
{
    std::vector<std::string> all = snapshot::tableNames();
    r.add({"snapshot.export",
        "The whole database as a JSON snapshot (schema/snapshot/README.md), as text: export, import, export gives "
        "the same bytes.",
        {}, Perm::DatabaseAdmin, {}, all, [&s](const Call& c) {
            return map(s.snapshots.exportText(c.actor), [](const std::string& text) {
                return json{{"content", text}, {"size_bytes", text.size()}};
            });
        }});
    std::vector<std::string> writes = all;
    writes.insert(writes.end(), {"sessions"});
    r.add({"snapshot.import",
        "Replace the database by a JSON snapshot, all or nothing; refused with the list of problems (JSON paths) in "
        "`details`. A database holding data needs replace: true (else: conflict not_empty, with what it holds). "
        "Every session ends: sign in again.",
        {ParamSpec{"content", PT::String, true, "the snapshot's text"}.maxLen(std::size_t{1} << 31),
            {"replace", PT::Boolean, false, "replace what the database holds (default false)"}},
        Perm::DatabaseAdmin, writes, {}, [&s](const Call& c) {
            return map(s.snapshots.importText(c.actor, str(c.p, "content"), boolean(c.p, "replace")),
                [](const snapshot::ImportReport& rep) {
                    return json{{"imported", true}, {"rows", rep.rows}, {"replaced", rep.replaced}};
                });
        }});
}

} // namespace crm::api::commands
