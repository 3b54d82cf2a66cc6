#include "core/service/storage_service.hpp"

#include "core/db/backup.hpp"
#include "core/service/permissions.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

namespace crm::service {

namespace {

const char* const kSettingsFile = "settings.json";

bool isKind(const std::string& kind)
{
    return std::find(std::begin(StorageService::kKinds), std::end(StorageService::kKinds), kind)
        != std::end(StorageService::kKinds);
}

bool digits(const std::string& s, std::size_t at, std::size_t n)
{
    for (std::size_t i = at; i < at + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// "manual-2026-12-01T09-05-00Z.sqlite" -> {kind manual, at 2026-12-01T09:05:00Z}; any other
// name of the directory is not a backup.
std::optional<Backup> parseName(const std::string& name, std::uint64_t bytes)
{
    const std::string suffix = "-0000-00-00T00-00-00Z.sqlite";
    if (name.size() <= suffix.size())
        return std::nullopt;
    const std::size_t at = name.size() - suffix.size() + 1; // the stamp's first digit
    const std::string stamp = name.substr(at, 20);
    if (!digits(stamp, 0, 4) || stamp[4] != '-' || !digits(stamp, 5, 2) || stamp[7] != '-' || !digits(stamp, 8, 2)
        || stamp[10] != 'T' || !digits(stamp, 11, 2) || stamp[13] != '-' || !digits(stamp, 14, 2) || stamp[16] != '-'
        || !digits(stamp, 17, 2) || stamp[19] != 'Z' || name.compare(at + 20, std::string::npos, ".sqlite") != 0
        || name[at - 1] != '-')
        return std::nullopt;
    const std::string kind = name.substr(0, at - 1);
    if (!isKind(kind))
        return std::nullopt;
    std::string instant = stamp;
    instant[13] = ':';
    instant[16] = ':';
    return Backup{name, kind, instant, bytes};
}

Error notReady()
{
    return Error::storage("not_ready", "the backup files are being opened: ask again");
}

} // namespace

std::optional<Error> StorageService::refused(const Actor& actor, Perm perm) const
{
    if (auto e = require(actor, perm))
        return e;
    return unavailable();
}

std::optional<Error> StorageService::unavailable() const
{
    if (!m_files)
        return Error::storage("unavailable", "this database is kept in memory, not in a file: it has no backups");
    return std::nullopt;
}

std::optional<Error> StorageService::unknown(const std::string& name)
{
    const auto all = listed();
    if (std::none_of(all.begin(), all.end(), [&](const Backup& b) { return b.name == name; }))
        return Error::notFound("no backup named '" + name + "'", "name");
    return std::nullopt;
}

std::vector<Backup> StorageService::listed()
{
    std::vector<Backup> out;
    for (const auto& f : m_files->list())
        if (auto b = parseName(f.name, f.bytes))
            out.push_back(std::move(*b));
    std::sort(out.begin(), out.end(),
        [](const Backup& a, const Backup& b) { return a.at != b.at ? a.at > b.at : a.name > b.name; });
    return out;
}

BackupSchedule StorageService::readSchedule()
{
    BackupSchedule s;
    const auto text = m_files->read(kSettingsFile);
    if (!text)
        return s;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object())
        return s;
    const auto whole = [&j](const char* key, int low, int high, int& into) {
        if (j.contains(key) && j[key].is_number_integer() && j[key].get<std::int64_t>() >= low
            && j[key].get<std::int64_t>() <= high)
            into = j[key].get<int>();
    };
    whole("every_days", 0, kMaxEveryDays, s.everyDays);
    whole("keep", 1, kMaxKeep, s.keep);
    return s;
}

std::string StorageService::newName(const std::string& kind)
{
    std::vector<std::string> taken;
    for (const auto& f : m_files->list())
        taken.push_back(f.name);
    for (std::string instant = m_ctx.clock();; instant = timeutil::addSeconds(instant, 1)) {
        std::string stamp = instant.substr(0, 19) + "Z";
        std::replace(stamp.begin(), stamp.end(), ':', '-');
        std::string name = kind + "-" + stamp + ".sqlite";
        if (std::find(taken.begin(), taken.end(), name) == taken.end())
            return name;
    }
}

Result<StorageInfo> StorageService::info(const Actor& actor)
{
    if (auto e = refused(actor, Perm::Self))
        return *e;
    StorageInfo out;
    out.space = m_files->space();
    out.space.databaseBytes = db::fileBytes(m_ctx.db);
    out.schema = m_ctx.db.schemaVersion();
    out.rows = db::rowCounts(m_ctx.db);
    out.schedule = readSchedule();
    out.backups = listed().size();
    return out;
}

Result<bool> StorageService::persisted(const Actor& actor)
{
    if (auto e = refused(actor, Perm::Self))
        return *e;
    return m_files->space().persisted;
}

Result<std::vector<Backup>> StorageService::backups(const Actor& actor)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    return listed();
}

Result<BackupSchedule> StorageService::schedule(const Actor& actor)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    return readSchedule();
}

Result<Backup> StorageService::backupNow(const Actor& actor)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    const std::string name = newName("manual");
    if (!m_files->ready({}, {name}))
        return notReady();
    const std::uint64_t bytes = m_files->copyDatabase(m_ctx.db, name);
    return *parseName(name, bytes);
}

Result<std::string> StorageService::remove(const Actor& actor, const std::string& name)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    if (auto e = unknown(name))
        return *e;
    m_files->remove(name);
    return name;
}

Result<BackupSchedule> StorageService::setSchedule(const Actor& actor, std::int64_t everyDays, std::int64_t keep)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    if (everyDays < 0 || everyDays > kMaxEveryDays)
        return Error::validation("every_days", "out_of_range",
            "every_days must be a whole number of days from 0 (never) to " + std::to_string(kMaxEveryDays));
    if (keep < 1 || keep > kMaxKeep)
        return Error::validation(
            "keep", "out_of_range", "keep must be from 1 to " + std::to_string(kMaxKeep) + " backups");
    if (!m_files->ready({}, {kSettingsFile}))
        return notReady();
    const BackupSchedule s{static_cast<int>(everyDays), static_cast<int>(keep)};
    m_files->write(kSettingsFile, nlohmann::json{{"every_days", s.everyDays}, {"keep", s.keep}}.dump());
    return s;
}

Result<Replaced> StorageService::replaceWith(const FileSource& source, const std::string& keepName)
{
    const auto check = db::checkFile(source.path, source.vfs);
    if (!check.ok) {
        if (check.reason == "not_found")
            return Error::notFound(check.message, "name");
        return Error::validation("file", check.reason, check.message);
    }
    m_files->copyDatabase(m_ctx.db, keepName);
    db::replaceFrom(m_ctx.db, source.path, source.vfs);
    m_replaced = true;
    return Replaced{m_ctx.db.schemaVersion(), db::rowCounts(m_ctx.db), keepName};
}

Result<Replaced> StorageService::restore(const Actor& actor, const std::string& name)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    if (auto e = unknown(name))
        return *e;
    const std::string kept = newName("before-restore");
    if (!m_files->ready({name}, {kept}))
        return notReady();
    return replaceWith(m_files->backup(name), kept);
}

Result<Replaced> StorageService::import(const Actor* actor, const std::string& path)
{
    if (actor)
        if (auto e = require(*actor, Perm::DatabaseAdmin))
            return *e;
    if (auto e = unavailable())
        return *e;
    const std::string kept = newName("before-import");
    if (!m_files->ready({}, {kept}))
        return notReady();
    auto source = m_files->incoming(path);
    if (!source.ok())
        return source.error();
    if (!source.value())
        return Error::cancelled("no file was chosen");
    return replaceWith(*source.value(), kept);
}

Result<Exported> StorageService::exportCopy(const Actor& actor)
{
    if (auto e = refused(actor, Perm::DatabaseAdmin))
        return *e;
    Exported out;
    out.name = "crm-recouvrement-" + m_ctx.today() + ".sqlite";
    out.path = m_files->exportDatabase(m_ctx.db, out.name, out.bytes);
    if (!out.path.empty())
        out.name = out.path.substr(out.path.find_last_of('/') + 1); // a numbered name when that one was taken
    return out;
}

Result<bool> StorageService::autoBackup()
{
    if (auto e = unavailable())
        return *e;
    const BackupSchedule s = readSchedule();
    if (s.everyDays <= 0)
        return false;
    std::vector<Backup> autos;
    for (auto& b : listed())
        if (b.kind == "auto")
            autos.push_back(std::move(b));
    bool changed = false;
    // An hour's slack: yesterday's backup made at 9:05 is old enough at 9:00 today.
    if (autos.empty() || timeutil::addSeconds(autos.front().at, s.everyDays * 86400LL - 3600) <= m_ctx.clock()) {
        const std::string name = newName("auto");
        if (!m_files->ready({}, {name}))
            return notReady();
        m_files->copyDatabase(m_ctx.db, name);
        autos.insert(autos.begin(), Backup{name, "auto", {}, 0});
        changed = true;
    }
    for (std::size_t i = static_cast<std::size_t>(s.keep); i < autos.size(); ++i) {
        m_files->remove(autos[i].name);
        changed = true;
    }
    return changed;
}

} // namespace crm::service
