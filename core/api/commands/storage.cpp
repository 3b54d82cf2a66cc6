// Commands: storage.* — the database as a whole file, its backups and the space it takes
// (service/storage_service.hpp), over the host's files: the disk on the desktop and in the
// CLI, the Origin Private File System in the browser.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/db/backup.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

json scheduleJson(const service::BackupSchedule& s)
{
    return {{"every_days", s.everyDays}, {"keep", s.keep}};
}

json backupJson(const service::Backup& b)
{
    return {{"name", b.name}, {"kind", b.kind}, {"bytes", b.bytes}, {"at", b.at}};
}

json replacedJson(const service::Replaced& r)
{
    return {{"replaced", true}, {"schema_version", r.schema}, {"rows", r.rows}, {"kept", r.kept}};
}

} // namespace

void addStorage(Registry& r, Services& s)
{
    // A replacement rewrites every table (announced as changed by the dispatcher).
    const std::vector<std::string> everything = db::tableNames(s.ctx.db);
    r.add({"storage.info",
        "Where the database lives and what it holds: {persisted, where: disk|browser, usage, quota (bytes), "
        "schema, bytes, rows, settings, backups (how many), file}.",
        {}, Perm::Self, {}, [&s](const Call& c) {
            return map(s.storage.info(c.actor), [](const service::StorageInfo& i) {
                return json{{"persisted", i.space.persisted}, {"where", i.space.where}, {"usage", i.space.usage},
                    {"quota", i.space.quota}, {"schema", i.schema}, {"bytes", i.space.databaseBytes}, {"rows", i.rows},
                    {"settings", scheduleJson(i.schedule)}, {"backups", i.backups}, {"file", i.space.file}};
            });
        }});
    r.add({"storage.persist",
        "Whether the browser promised to keep the database under storage pressure (the page asks it first); a "
        "file on disk always stays: {persisted}.",
        {}, Perm::Self, {}, [&s](const Call& c) {
            return map(s.storage.persisted(c.actor), [](bool persisted) { return json{{"persisted", persisted}}; });
        }});
    r.add({"storage.backups",
        "The backups, newest first ({name, kind: auto|manual|before-restore|before-import, bytes, at}), and the "
        "automatic backups' settings.",
        {}, Perm::DatabaseAdmin, {}, [&s](const Call& c) -> Outcome {
            auto list = s.storage.backups(c.actor);
            if (!list.ok())
                return list.error();
            json rows = json::array();
            for (const auto& b : list.value())
                rows.push_back(backupJson(b));
            return map(s.storage.schedule(c.actor), [&rows](const service::BackupSchedule& sc) {
                return json{{"backups", rows}, {"settings", scheduleJson(sc)}};
            });
        }});
    r.add({"storage.backup", "A backup now (kind manual): {name, kind, bytes, at}.", {}, Perm::DatabaseAdmin, {},
        [&s](const Call& c) { return map(s.storage.backupNow(c.actor), backupJson); }});
    r.add({"storage.delete_backup", "Delete one backup: {deleted: name}.",
        {{"name", PT::String, true, "a backup's name, as storage.backups lists it"}}, Perm::DatabaseAdmin, {},
        [&s](const Call& c) {
            return map(s.storage.remove(c.actor, str(c.p, "name")), [](const std::string& name) {
                return json{{"deleted", name}};
            });
        }});
    r.add({"storage.settings", "The automatic backups: one every N days (0: never), the last `keep` kept.",
        {{"every_days", PT::Integer, true, "0 (never) to 365"}, {"keep", PT::Integer, true, "1 to 100"}},
        Perm::DatabaseAdmin, {}, [&s](const Call& c) {
            return map(
                s.storage.setSchedule(c.actor, integer(c.p, "every_days", 0), integer(c.p, "keep", 0)), scheduleJson);
        }});
    r.add({"storage.restore",
        "Replace the database by one of its backups, once checked (what it holds now is kept first as a "
        "before-restore backup): {replaced, schema_version, rows, kept}.",
        {{"name", PT::String, true, "a backup's name"}}, Perm::DatabaseAdmin, everything,
        [&s](const Call& c) { return map(s.storage.restore(c.actor, str(c.p, "name")), replacedJson); }});
    r.add({"storage.export",
        "A consistent copy of the database file handed to the user: in the browser the page saves the bytes that "
        "come with the reply; on the desktop it is written to the Downloads folder. {name, bytes, path?}.",
        {}, Perm::DatabaseAdmin, {}, [&s](const Call& c) {
            return map(s.storage.exportCopy(c.actor), [](const service::Exported& e) {
                json out = {{"name", e.name}, {"bytes", e.bytes}};
                if (!e.path.empty())
                    out["path"] = e.path;
                return out;
            });
        }});
    // Public: a database without users yet takes a file without a session (bringing one's
    // data to a new machine); otherwise an administrator's session.
    r.add({"storage.import",
        "Replace the database by a database file, checked first (SQLite, integrity, exactly the tables of its "
        "schema version; an older one is migrated), what it holds now kept as a before-import backup. The file: "
        "`path` natively, the one the user chooses on the desktop, the bytes sent with the request in the browser. "
        "Needs an administrator, or a database without users.",
        {{"path", PT::String, false, "a database file (natively)"},
            {"name", PT::String, false, "the chosen file's name (shown only)"}},
        std::nullopt, everything, [&s](const Call& c) -> Outcome {
            std::optional<service::Actor> who;
            if (!s.auth.needsSetup()) {
                auto actor = s.auth.authenticate(c.session);
                if (!actor.ok())
                    return actor.error();
                who = actor.value();
            }
            return map(s.storage.import(who ? &*who : nullptr, str(c.p, "path")), replacedJson);
        }});
}

} // namespace crm::api::commands
