#include "web/opfs_files.hpp"

#include "core/db/backup.hpp"
#include "core/db/database.hpp"

#include <sqlite3.h>

#include <algorithm>

// Implemented in web/library_opfs.js: copies and writes through the open handles, sizes
// crossing as double. A negative answer: -2 the browser's quota refused it, -1 another
// failure (logged there), -3 no open handle of that name.
extern "C" {
int crm_files_has(const char* key);
double crm_files_copy(const char* from, const char* to);
double crm_files_write(const char* key, const char* bytes, double n);
double crm_files_export(const char* from);
}

namespace crm::web {

namespace {

// The handles' failures as SQLite's, so the envelope says disk_full or io_error.
double checked(double n, const std::string& what)
{
    if (n == -2)
        throw db::DbError(SQLITE_FULL,
            "the browser refused to store more (its quota for this site is reached) while " + what
                + ": free space, or delete old backups");
    if (n < 0)
        throw db::DbError(SQLITE_IOERR, "could not " + what + " in the browser's storage");
    return n;
}

} // namespace

void OpfsFiles::prepare(const nlohmann::json& state)
{
    m_state = state.is_object() ? state : nlohmann::json::object();
    m_wanted = nullptr;
    m_removed.clear();
}

service::StorageFiles::Space OpfsFiles::space()
{
    Space s;
    s.where = "browser";
    s.file = m_db;
    s.usage = m_state.value("usage", std::uint64_t{0});
    s.quota = m_state.value("quota", std::uint64_t{0});
    s.persisted = m_state.value("persisted", false);
    return s;
}

std::vector<service::DirectoryFile> OpfsFiles::list()
{
    std::vector<service::DirectoryFile> out;
    if (m_state.contains("files") && m_state["files"].is_array())
        for (const auto& f : m_state["files"])
            if (std::find(m_removed.begin(), m_removed.end(), f.value("name", "")) == m_removed.end())
                out.push_back({f.value("name", ""), f.value("bytes", std::uint64_t{0})});
    return out;
}

std::optional<std::string> OpfsFiles::read(const std::string& name)
{
    if (m_state.contains("texts") && m_state["texts"].is_object() && m_state["texts"].contains(name)
        && m_state["texts"][name].is_string())
        return m_state["texts"][name].get<std::string>();
    return std::nullopt;
}

void OpfsFiles::write(const std::string& name, const std::string& text)
{
    checked(crm_files_write(key(name).c_str(), text.data(), static_cast<double>(text.size())), "writing " + name);
    m_state["texts"][name] = text;
}

void OpfsFiles::remove(const std::string& name)
{
    m_removed.push_back(name);
}

std::uint64_t OpfsFiles::copyDatabase(db::Database& db, const std::string& name)
{
    // A read first: a journal a crash left is rolled back, and the file is whole (between
    // two commands no transaction is open).
    (void)db.schemaVersion();
    return static_cast<std::uint64_t>(checked(crm_files_copy(m_db.c_str(), key(name).c_str()), "copying the database"));
}

service::FileSource OpfsFiles::backup(const std::string& name)
{
    checked(crm_files_copy(key(name).c_str(), incomingName().c_str()), "reading the backup " + name);
    return {incomingName(), "opfs"};
}

Result<std::optional<service::FileSource>> OpfsFiles::incoming(const std::string& path)
{
    if (!path.empty())
        return Error::validation("path", "unsupported",
            "a path names a file of the native programs; in the browser the file's bytes come with the request");
    const auto given = m_state.value("incoming", nlohmann::json::object());
    if (!given.is_object() || !given.value("given", false))
        return Error::validation("file", "required", "storage.import takes the bytes of a database file");
    if (!given.value("sqlite", false))
        return Error::validation("file", "not_sqlite", db::kNotSqlite);
    return std::optional<service::FileSource>{service::FileSource{incomingName(), "opfs"}};
}

std::string OpfsFiles::exportDatabase(db::Database& db, const std::string& name, std::uint64_t& bytes)
{
    (void)db.schemaVersion(); // as copyDatabase: the file whole
    bytes = static_cast<std::uint64_t>(checked(crm_files_export(m_db.c_str()), "reading the database for " + name));
    return {};
}

bool OpfsFiles::ready(const std::vector<std::string>& open, const std::vector<std::string>& create)
{
    nlohmann::json missingOpen = nlohmann::json::array(), missingCreate = nlohmann::json::array();
    for (const auto& name : open)
        if (!crm_files_has(key(name).c_str()))
            missingOpen.push_back(name);
    for (const auto& name : create)
        if (!crm_files_has(key(name).c_str()))
            missingCreate.push_back(name);
    if (missingOpen.empty() && missingCreate.empty())
        return true;
    m_wanted = {{"open", missingOpen}, {"create", missingCreate}};
    return false;
}

} // namespace crm::web
