// OpfsFiles: the StorageFiles of the browser (core/service/storage_service.hpp) — the
// database's backups in the Origin Private File System directory "<db>.backups", beside
// the database file that web/opfs_vfs.c serves to SQLite.
//
// OPFS opens files and lists directories asynchronously; a command runs synchronously.
// So the worker (web/worker.js) gathers, before each storage.* command, what the command
// may read — the directory's files and sizes, settings.json, the space the browser grants,
// whether a file came with the request — and gives it here (prepare). Files are copied and
// written through sync access handles the worker opened (Module.opfsHandles, the same map
// the VFS reads, web/library_opfs.js): a command whose handles are not open yet asks for
// them (ready() answers false, the command fails with storage/not_ready before it changes
// anything), and the worker opens them and runs it again. Removals are the worker's, once
// the command has answered (removed()); an exported copy's bytes wait in
// Module.crmExported for the worker to send with the reply.
#pragma once

#include "core/service/storage_service.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace crm::web {

class OpfsFiles final : public service::StorageFiles {
public:
    explicit OpfsFiles(std::string dbName) : m_db(std::move(dbName)) { }

    // What the worker gathered: {files: [{name, bytes}], texts: {name: text}, usage, quota,
    // persisted, incoming: {given, sqlite}}. Clears what the last command asked for.
    void prepare(const nlohmann::json& state);
    // The handles the last command wanted and did not have ({open: [...], create: [...]}),
    // null when it had them all; the backups it removed (for the worker to delete).
    nlohmann::json wanted() const { return m_wanted; }
    const std::vector<std::string>& removed() const { return m_removed; }
    // Where a backup's handle sits in Module.opfsHandles.
    std::string key(const std::string& name) const { return m_db + ".backups/" + name; }
    std::string incomingName() const { return m_db + "-incoming"; }

    Space space() override;
    std::vector<service::DirectoryFile> list() override;
    std::optional<std::string> read(const std::string& name) override;
    void write(const std::string& name, const std::string& text) override;
    void remove(const std::string& name) override;
    std::uint64_t copyDatabase(db::Database& db, const std::string& name) override;
    service::FileSource backup(const std::string& name) override;
    Result<std::optional<service::FileSource>> incoming(const std::string& path) override;
    std::string exportDatabase(db::Database& db, const std::string& name, std::uint64_t& bytes) override;
    bool ready(const std::vector<std::string>& open, const std::vector<std::string>& create) override;

private:
    std::string m_db;
    nlohmann::json m_state = nlohmann::json::object();
    nlohmann::json m_wanted;
    std::vector<std::string> m_removed;
};

} // namespace crm::web
