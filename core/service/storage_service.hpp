// StorageService: the database as a whole file — its backups (made, listed, restored,
// deleted, the last N automatic ones kept), the automatic backup's schedule, a copy handed
// to the user (export) and a file brought in to replace ours (import). The policy lives
// here once; the few file operations under it are the host's (StorageFiles):
//   DiskFiles (core/service/disk_files.hpp)  the file system: the desktop window, the CLI
//   OpfsFiles (web/opfs_files.cpp)           the browser's Origin Private File System
//
// Backups are the files `<kind>-<YYYY-MM-DDTHH-MM-SSZ>.sqlite` of the database's backup
// directory (`<db>.backups`), kinds auto | manual | before-restore | before-import; the
// schedule is settings.json there ({every_days: 0..365, 0 never; keep: 1..100}).
// Every operation but info needs `database.admin`; an import also works on a database
// without users yet (bringing one's data to a new machine). A file replaces ours only
// once db::checkFile accepted it, and only after a copy of ours was kept as a backup.
#pragma once

#include "core/service/context.hpp"
#include "core/service/permissions.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct Actor;

struct DirectoryFile {
    std::string name;
    std::uint64_t bytes = 0;
};

// A database file SQLite can open: its path and, outside the disk, its VFS ("opfs").
struct FileSource {
    std::string path;
    std::string vfs;
};

// The host's file operations, on the database's backup directory and its file.
class StorageFiles {
public:
    struct Space {
        std::string where;       // "disk" | "browser"
        std::string file;        // the database's file, as the user knows it
        std::uint64_t usage = 0; // bytes used by the database and its backups (the site, in a browser)
        std::uint64_t quota = 0; // bytes it may use in all
        bool persisted = true;   // the browser promised not to evict it (a disk always keeps it)
        std::uint64_t databaseBytes = 0;
    };
    virtual ~StorageFiles() = default;
    virtual Space space() = 0;
    // The files of the backup directory (any name: the service picks out its own).
    virtual std::vector<DirectoryFile> list() = 0;
    // A small file of the directory (settings.json): its text, nullopt when there is none.
    virtual std::optional<std::string> read(const std::string& name) = 0;
    virtual void write(const std::string& name, const std::string& text) = 0;
    virtual void remove(const std::string& name) = 0;
    // A consistent copy of the open database as the file `name` of the directory; its size.
    virtual std::uint64_t copyDatabase(db::Database& db, const std::string& name) = 0;
    // The backup `name` as a file SQLite opens (the browser copies it to its incoming file).
    virtual FileSource backup(const std::string& name) = 0;
    // A file brought from outside: `path` when given (natively), else the one the user
    // chooses (the desktop's chooser) or the bytes the page sent (the browser); nullopt
    // when there is none (the chooser was closed). Refusal: a validation Error.
    virtual Result<std::optional<FileSource>> incoming(const std::string& path) = 0;
    // A copy of the database handed to the user as `name`: written to the Downloads folder
    // (desktop: its path) or held for the page to save (browser: ""); its size in `bytes`.
    virtual std::string exportDatabase(db::Database& db, const std::string& name, std::uint64_t& bytes) = 0;
    // Whether the backups `open` (to read) and `create` (to write) can be used now. A host
    // that opens files asynchronously (the browser) answers false, opens them, and runs the
    // command again (see web/opfs_files.cpp): a command asks before it changes anything.
    virtual bool ready(const std::vector<std::string>& open, const std::vector<std::string>& create)
    {
        (void)open;
        (void)create;
        return true;
    }
};

struct Backup {
    std::string name;
    std::string kind;
    std::string at; // YYYY-MM-DDTHH:MM:SSZ
    std::uint64_t bytes = 0;
};

struct BackupSchedule {
    int everyDays = 1; // 0: never
    int keep = 7;      // automatic backups kept
};

struct StorageInfo {
    StorageFiles::Space space;
    int schema = 0;
    std::map<std::string, std::int64_t> rows;
    BackupSchedule schedule;
    std::size_t backups = 0;
};

struct Replaced {
    int schema = 0;
    std::map<std::string, std::int64_t> rows;
    std::string kept; // the backup of what was replaced
};

struct Exported {
    std::string name;
    std::string path; // natively, where it was written
    std::uint64_t bytes = 0;
};

class StorageService {
public:
    explicit StorageService(Context& ctx) : m_ctx(ctx) { }
    // The host's files; none (an in-memory database, a test): every call answers
    // storage/unavailable.
    void setFiles(StorageFiles* files) { m_files = files; }

    Result<StorageInfo> info(const Actor& actor);
    // Whether the browser promised to keep the files (a disk always does).
    Result<bool> persisted(const Actor& actor);
    Result<std::vector<Backup>> backups(const Actor& actor);
    Result<BackupSchedule> schedule(const Actor& actor);
    Result<Backup> backupNow(const Actor& actor);
    Result<std::string> remove(const Actor& actor, const std::string& name);
    Result<BackupSchedule> setSchedule(const Actor& actor, std::int64_t everyDays, std::int64_t keep);
    Result<Replaced> restore(const Actor& actor, const std::string& name);
    // `actor` null: no one signed in, which the caller allows while the database has no users.
    Result<Replaced> import(const Actor* actor, const std::string& path);
    Result<Exported> exportCopy(const Actor& actor);
    // The automatic backup when the last is older than the schedule says (an hour's
    // slack), and the automatic ones past the last `keep` removed: true when the list
    // changed. Hosts call it at start and hourly; failures are the caller's to report.
    Result<bool> autoBackup();

    // True once after a restore or an import replaced the database (the dispatcher then
    // announces every table as changed).
    bool takeReplaced()
    {
        const bool r = m_replaced;
        m_replaced = false;
        return r;
    }

    static constexpr const char* kKinds[] = {"auto", "manual", "before-restore", "before-import"};
    static constexpr int kMaxEveryDays = 365;
    static constexpr int kMaxKeep = 100;

private:
    // The actor lacks `perm`, or there are no files (unavailable()).
    std::optional<Error> refused(const Actor& actor, Perm perm) const;
    std::optional<Error> unavailable() const;
    std::vector<Backup> listed();
    // not_found (field name) unless `name` is one of the backups.
    std::optional<Error> unknown(const std::string& name);
    BackupSchedule readSchedule();
    // A name not yet taken for a backup of `kind` made now.
    std::string newName(const std::string& kind);
    Result<Replaced> replaceWith(const FileSource& source, const std::string& keepName);

    Context& m_ctx;
    StorageFiles* m_files = nullptr;
    bool m_replaced = false;
};

} // namespace crm::service
