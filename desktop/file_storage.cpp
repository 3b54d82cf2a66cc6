#include "desktop/file_storage.hpp"

#include "core/api/encode.hpp"
#include "core/db/backup.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

namespace crm::app {

namespace fs = std::filesystem;
using api::json;

namespace {

const char* const kKinds[] = {"auto", "manual", "before-restore", "before-import"};

// Thrown inside run() and turned into the error envelope.
struct Refusal {
    const char* code;
    std::string reason;
    std::string message;
};

// 2026-12-01T09:05:00Z -> 2026-12-01T09-05-00Z (a file name's form) and back.
std::string stampOf(const std::string& instant)
{
    std::string s = instant.substr(0, 19) + "Z";
    std::replace(s.begin(), s.end(), ':', '-');
    return s;
}
std::string instantOf(const std::string& stamp)
{
    std::string s = stamp;
    s[13] = ':';
    s[16] = ':';
    return s;
}

// Seconds from `from` to `to` (instants YYYY-MM-DDTHH:MM:SSZ).
long long secondsBetween(const std::string& from, const std::string& to)
{
    const auto clock = [](const std::string& t) {
        return std::stoll(t.substr(11, 2)) * 3600 + std::stoll(t.substr(14, 2)) * 60 + std::stoll(t.substr(17, 2));
    };
    return timeutil::daysBetween(timeutil::dateOf(from), timeutil::dateOf(to)) * 86400LL + clock(to) - clock(from);
}

} // namespace

FileStorage::FileStorage(db::Database& db, api::Dispatcher& api, std::string dbPath, Clock clock,
    std::function<std::string()> choose, fs::path downloads)
    : m_db(db),
      m_api(api),
      m_path(std::move(dbPath)),
      m_clock(std::move(clock)),
      m_choose(std::move(choose)),
      m_downloads(std::move(downloads))
{
}

fs::path FileStorage::directory() const
{
    fs::path dir = m_path + ".backups";
    fs::create_directories(dir);
    return dir;
}

json FileStorage::handle(const json& request, std::vector<std::string>& changed)
{
    const json id = request.contains("id") ? request["id"] : json(nullptr);
    const std::string method = request.value("method", "");
    try {
        if (m_path.empty() || m_path == ":memory:")
            throw Refusal{"storage", "unavailable", "this database is kept in memory, not in a file"};
        return {{"id", id}, {"result", run(method.substr(std::string("storage.").size()), request, changed)}};
    } catch (const Refusal& r) {
        return {{"id", id}, {"error", api::errorObject(r.code, r.message, {}, r.reason)}};
    } catch (const db::DbError& e) {
        return {{"id", id}, {"error", api::errorObject("storage", e.what(), {}, e.isStorage() ? e.reason() : "io")}};
    } catch (const std::exception& e) {
        return {{"id", id}, {"error", api::errorObject("storage", e.what(), {}, "io")}};
    }
}

void FileStorage::requireAdmin(const json& request, bool orWithoutUsers)
{
    if (orWithoutUsers && m_api.call("auth.status", json::object()).value("needs_setup", false))
        return;
    const api::Reply me = m_api.handle(
        {{"id", 0}, {"method", "auth.me"}, {"params", json::object()}, {"session", request.value("session", "")}});
    if (me.body.contains("error")) {
        const json& e = me.body["error"];
        throw Refusal{"unauthenticated", e.value("reason", "unauthenticated"), e.value("message", "")};
    }
    const json& caps = me.body["result"]["capabilities"];
    if (std::find(caps.begin(), caps.end(), "database.admin") == caps.end())
        throw Refusal{"forbidden", "forbidden", "only an administrator manages the database file and its backups"};
}

FileStorage::Settings FileStorage::settings() const
{
    Settings s;
    std::ifstream in(directory() / "settings.json");
    const json j = json::parse(in, nullptr, false);
    if (j.is_object()) {
        if (j.contains("every_days") && j["every_days"].is_number_integer())
            s.everyDays = j["every_days"].get<int>();
        if (j.contains("keep") && j["keep"].is_number_integer())
            s.keep = j["keep"].get<int>();
    }
    return s;
}

json FileStorage::list() const
{
    static const std::regex kName(R"(^([a-z-]+)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)\.sqlite$)");
    std::vector<json> rows;
    for (const auto& entry : fs::directory_iterator(directory())) {
        std::smatch m;
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || !std::regex_match(name, m, kName)
            || std::find(std::begin(kKinds), std::end(kKinds), m[1].str()) == std::end(kKinds))
            continue;
        rows.push_back(
            {{"name", name}, {"kind", m[1].str()}, {"bytes", entry.file_size()}, {"at", instantOf(m[2].str())}});
    }
    std::sort(rows.begin(), rows.end(),
        [](const json& a, const json& b) { return a["at"] != b["at"] ? a["at"] > b["at"] : a["name"] > b["name"]; });
    return rows;
}

json FileStorage::makeBackup(const std::string& kind)
{
    const fs::path dir = directory();
    // A name not yet taken: the next second's when two are made within one.
    std::string instant = m_clock();
    fs::path target = dir / (kind + "-" + stampOf(instant) + ".sqlite");
    while (fs::exists(target)) {
        instant = timeutil::addSeconds(instant, 1);
        target = dir / (kind + "-" + stampOf(instant) + ".sqlite");
    }
    db::copyTo(m_db, target.string());
    return {{"name", target.filename().string()}, {"bytes", fs::file_size(target)}};
}

bool FileStorage::autoBackup()
{
    if (m_path.empty() || m_path == ":memory:")
        return false;
    bool changed = false;
    try {
        const Settings s = settings();
        if (s.everyDays <= 0)
            return false;
        std::vector<json> autos;
        for (const auto& b : list())
            if (b["kind"] == "auto")
                autos.push_back(b);
        // An hour's slack: yesterday's backup made at 9:05 is old enough at 9:00 today.
        if (autos.empty()
            || secondsBetween(autos.front()["at"].get<std::string>(), m_clock()) >= s.everyDays * 86400LL - 3600) {
            makeBackup("auto");
            autos.insert(autos.begin(), json());
            changed = true;
        }
        for (std::size_t i = static_cast<std::size_t>(std::max(s.keep, 1)); i < autos.size(); ++i)
            changed = fs::remove(directory() / autos[i]["name"].get<std::string>()) || changed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm: automatic backup failed: %s\n", e.what());
    }
    return changed;
}

json FileStorage::replaceWith(const std::string& path, const std::string& keepKind, std::vector<std::string>& changed)
{
    const auto check = db::checkFile(path);
    if (!check.ok)
        throw Refusal{check.reason == "not_found" ? "not_found" : "validation", check.reason, check.message};
    const json kept = makeBackup(keepKind);
    db::replaceFrom(m_db, path);
    for (auto& name : db::tableNames(m_db))
        changed.push_back(std::move(name));
    return {{"replaced", true}, {"schema_version", m_db.schemaVersion()}, {"rows", db::rowCounts(m_db)},
        {"kept", kept["name"]}};
}

json FileStorage::run(const std::string& op, const json& request, std::vector<std::string>& changed)
{
    const json params
        = request.contains("params") && request["params"].is_object() ? request["params"] : json::object();
    if (op == "upload")
        requireAdmin(request, true);
    else if (op != "info" && op != "persist")
        requireAdmin(request, false);
    const auto named = [&]() {
        const std::string name = params.value("name", "");
        for (const auto& b : list())
            if (b["name"] == name)
                return (directory() / name).string();
        throw Refusal{"not_found", "not_found", "no backup named '" + name + "'"};
    };
    if (op == "info") {
        const json backups = list();
        std::uintmax_t usage = fs::file_size(m_path);
        for (const auto& b : backups)
            usage += b["bytes"].get<std::uintmax_t>();
        const auto space = fs::space(fs::absolute(m_path).parent_path());
        const Settings s = settings();
        return {{"persisted", true}, {"where", "disk"}, {"usage", usage}, {"quota", usage + space.available},
            {"schema", m_db.schemaVersion()}, {"bytes", fs::file_size(m_path)}, {"rows", db::rowCounts(m_db)},
            {"settings", {{"every_days", s.everyDays}, {"keep", s.keep}}}, {"backups", backups.size()},
            {"file", m_path}};
    }
    if (op == "persist")
        return {{"persisted", true}};
    if (op == "backups") {
        const Settings s = settings();
        return {{"backups", list()}, {"settings", {{"every_days", s.everyDays}, {"keep", s.keep}}}};
    }
    if (op == "backup")
        return makeBackup("manual");
    if (op == "delete_backup") {
        const std::string path = named();
        fs::remove(path);
        return {{"deleted", fs::path(path).filename().string()}};
    }
    if (op == "restore")
        return replaceWith(named(), "before-restore", changed);
    if (op == "settings") {
        const json every = params.value("every_days", json()), keep = params.value("keep", json());
        if (!every.is_number_integer() || every.get<int>() < 0 || every.get<int>() > 365)
            throw Refusal{
                "validation", "out_of_range", "every_days must be a whole number of days from 0 (never) to 365"};
        if (!keep.is_number_integer() || keep.get<int>() < 1 || keep.get<int>() > 100)
            throw Refusal{"validation", "out_of_range", "keep must be from 1 to 100 backups"};
        const json out = {{"every_days", every}, {"keep", keep}};
        std::ofstream(directory() / "settings.json") << out.dump();
        return out;
    }
    if (op == "download") {
        const std::string day = m_clock().substr(0, 10);
        fs::path target = m_downloads / ("crm-recouvrement-" + day + ".sqlite");
        for (int n = 2; fs::exists(target); ++n)
            target = m_downloads / ("crm-recouvrement-" + day + " (" + std::to_string(n) + ").sqlite");
        db::copyTo(m_db, target.string());
        return {{"name", target.filename().string()}, {"bytes", fs::file_size(target)}, {"path", target.string()}};
    }
    if (op == "upload") {
        const std::string path = params.contains("path") ? params.value("path", "") : (m_choose ? m_choose() : "");
        if (path.empty())
            throw Refusal{"cancelled", "cancelled", "no file was chosen"};
        return replaceWith(path, "before-import", changed);
    }
    throw Refusal{"not_found", "unknown_method", "no method 'storage." + op + "'"};
}

} // namespace crm::app
