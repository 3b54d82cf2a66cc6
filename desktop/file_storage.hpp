// FileStorage: the storage.* requests for a database that is a file on disk (the desktop
// window) — what web/worker.js answers in the browser for its OPFS file, with the same
// methods, parameters and replies, so the Storage screen is one screen:
//
//   storage.info                 {persisted, where: "disk", usage, quota, schema, bytes, rows, settings, backups, file}
//   storage.backups              {backups: [{name, kind, bytes, at}], settings}, newest first
//   storage.backup               a backup now (kind manual): {name, bytes}
//   storage.restore {name}       the database replaced by that backup (ours kept first)
//   storage.delete_backup {name}
//   storage.settings {every_days, keep}
//   storage.download             a copy in the Downloads folder: {name, bytes, path}
//   storage.upload [{path}]      a chosen file (the chooser when no path) checked, then ours
//                                replaced by it (ours kept as a before-import backup)
//   storage.persist              {persisted: true} (a file on disk stays)
//
// Backups are `<db>.backups/<kind>-<YYYY-MM-DDTHH-MM-SSZ>.sqlite` (VACUUM INTO copies);
// settings.json there. All but storage.info need `database.admin`; storage.upload also
// works on a database without users yet. Not part of crm_app: it links the core, as the
// composition roots do.
#pragma once

#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/util/clock.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace crm::app {

class FileStorage {
public:
    // `choose` asks the user for a file to upload ("" when they give up); `downloads` is
    // the folder a download goes to.
    FileStorage(db::Database& db, api::Dispatcher& api, std::string dbPath, Clock clock,
        std::function<std::string()> choose, std::filesystem::path downloads);

    // The reply envelope {id, result | error} of one storage.* request; `changed` gets the
    // tables a replacement rewrote (all of them).
    api::json handle(const api::json& request, std::vector<std::string>& changed);
    // The automatic backup, when the last is older than the settings say (at start, then
    // hourly), and the automatic ones past the last N removed. True when the list changed.
    bool autoBackup();

private:
    struct Settings {
        int everyDays = 1;
        int keep = 7;
    };
    api::json run(const std::string& op, const api::json& request, std::vector<std::string>& changed);
    void requireAdmin(const api::json& request, bool orWithoutUsers);
    Settings settings() const;
    api::json list() const;
    api::json makeBackup(const std::string& kind);
    api::json replaceWith(const std::string& path, const std::string& keepKind, std::vector<std::string>& changed);
    std::filesystem::path directory() const;

    db::Database& m_db;
    api::Dispatcher& m_api;
    std::string m_path;
    Clock m_clock;
    std::function<std::string()> m_choose;
    std::filesystem::path m_downloads;
};

} // namespace crm::app
