// The storage.* commands on a database file (StorageService over DiskFiles, as the desktop
// and the CLI run them): backups made, listed, restored and pruned; a file brought in checked
// before it replaces ours; the roles; nothing changed on a refusal; a host whose files are
// not ready yet (the browser) asked again before anything changes.
#include "core/db/backup.hpp"
#include "core/service/disk_files.hpp"
#include "desktop/inprocess_transport.hpp"
#include "tests/fixtures.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using crm::api::json;

namespace {

struct Desk {
    fs::path dir;
    std::string path;
    std::unique_ptr<crm::db::Database> db;
    crm::test::MovableClock time;
    std::unique_ptr<crm::api::Dispatcher> api;
    std::string chosen; // what the file chooser answers
    std::unique_ptr<crm::service::DiskFiles> files;
    std::string admin, agent;

    Desk()
    {
        dir = fs::temp_directory_path() / ("crm-file-storage-" + std::to_string(std::rand()));
        fs::remove_all(dir);
        fs::create_directories(dir / "Downloads");
        path = (dir / "crm.db").string();
        db = crm::db::Database::open(path);
        api = std::make_unique<crm::api::Dispatcher>(*db, time.clock(), crm::test::fastAuth());
        files = std::make_unique<crm::service::DiskFiles>(
            path, [this] { return chosen; }, dir / "Downloads");
        api->setStorageFiles(files.get());
        REQUIRE(
            api->call("auth.setup", {{"email", "admin@test.fr"}, {"password", crm::test::kPassword}}).contains("id"));
        admin = login("admin@test.fr");
        REQUIRE(api->call("user.create",
                       {{"email", "agent@test.fr"}, {"password", crm::test::kPassword}, {"role", "agent"}}, admin)
                    .contains("id"));
        agent = login("agent@test.fr");
    }
    ~Desk()
    {
        api.reset();
        db.reset();
        fs::remove_all(dir);
    }
    std::string login(const std::string& email)
    {
        return api->call("auth.login", {{"email", email}, {"password", crm::test::kPassword}})["token"];
    }
    json call(const std::string& method, const json& params = json::object(), const std::string& session = "")
    {
        return api->handle({{"id", 9}, {"method", "storage." + method}, {"params", params}, {"session", session}}).body;
    }
    void addClient(const std::string& code)
    {
        REQUIRE(api->call("client.create", {{"code", code}, {"name", "Client " + code}}, admin).contains("id"));
    }
    std::int64_t clients() { return crm::test::rowCount(*db, "clients"); }
    std::vector<std::string> kinds()
    {
        std::vector<std::string> out;
        const json list = call("backups", {}, admin);
        INFO(list.dump());
        REQUIRE(list.contains("result"));
        for (const auto& b : list["result"]["backups"])
            out.push_back(b["kind"]);
        return out;
    }
};

} // namespace

TEST_CASE("storage: a backup is a checked copy, and restoring it keeps what it replaces")
{
    Desk d;
    d.addClient("C1");
    const json made = d.call("backup", {}, d.admin);
    REQUIRE(made.contains("result"));
    const std::string name = made["result"]["name"];
    CHECK(name == "manual-2026-11-24T09-00-00Z.sqlite");
    CHECK(crm::db::checkFile((fs::path(d.path + ".backups") / name).string()).ok);
    // Two within one second get their own names.
    CHECK(d.call("backup", {}, d.admin)["result"]["name"] == "manual-2026-11-24T09-00-01Z.sqlite");

    d.addClient("C2");
    CHECK(d.clients() == 2);
    const auto r
        = d.api->handle({{"id", 1}, {"method", "storage.restore"}, {"params", {{"name", name}}}, {"session", d.admin}});
    const json& restored = r.body;
    const auto& changed = r.changed;
    REQUIRE(restored.contains("result"));
    CHECK(restored["result"]["rows"]["clients"] == 1);
    CHECK(d.clients() == 1);
    CHECK(std::find(changed.begin(), changed.end(), "clients") != changed.end());
    const std::string kept = restored["result"]["kept"];
    CHECK(kept.rfind("before-restore-", 0) == 0);
    // What was replaced can itself be restored: the two clients come back.
    d.admin = d.login("admin@test.fr"); // the restored file has no record of the session
    REQUIRE(d.call("restore", {{"name", kept}}, d.admin).contains("result"));
    CHECK(d.clients() == 2);
    // Sessions are the file's: the one opened after that copy was made is gone with it.
    CHECK(d.call("backups", {}, d.admin)["error"]["code"] == "unauthenticated");
    d.admin = d.login("admin@test.fr");

    CHECK(d.call("restore", {{"name", "nope.sqlite"}}, d.admin)["error"]["code"] == "not_found");
    CHECK(d.call("delete_backup", {{"name", name}}, d.admin)["result"]["deleted"] == name);
    CHECK(!fs::exists(fs::path(d.path + ".backups") / name));
}

TEST_CASE("storage: only an administrator manages the file")
{
    Desk d;
    CHECK(d.call("backup")["error"]["code"] == "unauthenticated");
    CHECK(d.call("backup", {}, d.agent)["error"]["code"] == "forbidden");
    CHECK(d.call("import", {{"path", d.path}}, d.agent)["error"]["code"] == "forbidden");
    CHECK(d.call("import", {{"path", d.path}})["error"]["code"] == "unauthenticated");
    CHECK(d.call("export", {}, d.agent)["error"]["code"] == "forbidden");
    CHECK(d.call("backups", {}, d.agent)["error"]["code"] == "forbidden");
    CHECK(d.call("info", {}, d.agent)["result"]["rows"]["users"] == 2);
    CHECK(d.kinds().empty());
}

TEST_CASE("storage: automatic backups follow the settings and keep the last N")
{
    Desk d;
    CHECK(d.call("settings", {{"every_days", 1}, {"keep", 0}}, d.admin)["error"]["reason"] == "out_of_range");
    CHECK(d.call("settings", {{"every_days", -1}, {"keep", 3}}, d.admin)["error"]["code"] == "validation");
    CHECK(d.call("settings", {{"every_days", "1"}, {"keep", 3}}, d.admin)["error"]["code"] == "validation");
    REQUIRE(d.call("settings", {{"every_days", 1}, {"keep", 2}}, d.admin).contains("result"));
    CHECK(d.api->autoBackup().value());
    CHECK_FALSE(d.api->autoBackup().value()); // the same day: nothing new
    CHECK(d.kinds() == std::vector<std::string>{"auto"});
    d.time.advance(23 * 3600); // within the hour's slack of a day
    CHECK(d.api->autoBackup().value());
    d.time.advance(24 * 3600);
    CHECK(d.api->autoBackup().value());
    d.admin = d.login("admin@test.fr"); // two days on: a new session
    d.call("backup", {}, d.admin);
    CHECK(d.kinds() == std::vector<std::string>{"manual", "auto", "auto"}); // the oldest auto pruned, manual kept
    const json list = d.call("backups", {}, d.admin)["result"];
    CHECK(list["settings"]["keep"] == 2);
    CHECK(list["backups"][1]["at"] == "2026-11-26T08:00:00Z");
    CHECK(list["backups"][1]["bytes"].get<std::int64_t>() > 4096);
    REQUIRE(d.call("settings", {{"every_days", 0}, {"keep", 2}}, d.admin).contains("result"));
    d.time.advance(10 * 86400);
    CHECK_FALSE(d.api->autoBackup().value()); // switched off
    d.admin = d.login("admin@test.fr");
    CHECK(d.kinds().size() == 3);
}

TEST_CASE("storage: an uploaded file is checked before it replaces ours, and nothing changes on a refusal")
{
    Desk d;
    d.addClient("C1");
    const fs::path text = d.dir / "notes.sqlite";
    std::ofstream(text) << "not a database at all, but long enough to have a header";
    d.chosen = text.string();
    const json refused = d.call("import", {}, d.admin);
    CHECK(refused["error"]["code"] == "validation");
    CHECK(refused["error"]["reason"] == "not_sqlite");
    CHECK(d.kinds().empty()); // nothing kept, nothing replaced
    CHECK(d.clients() == 1);

    d.chosen.clear();
    CHECK(d.call("import", {}, d.admin)["error"]["code"] == "cancelled");

    // A download is a whole database Debian's sqlite3 could open: upload it back later.
    const json down = d.call("export", {}, d.admin);
    REQUIRE(down.contains("result"));
    CHECK(down["result"]["name"] == "crm-recouvrement-2026-11-24.sqlite");
    CHECK(crm::db::checkFile(down["result"]["path"]).ok);
    CHECK(d.call("export", {}, d.admin)["result"]["name"] == "crm-recouvrement-2026-11-24 (2).sqlite");
    d.addClient("C2");
    d.chosen = down["result"]["path"];
    const json up = d.call("import", {}, d.admin);
    REQUIRE(up.contains("result"));
    CHECK(up["result"]["replaced"] == true);
    CHECK(d.clients() == 1);
    CHECK(d.kinds() == std::vector<std::string>{"before-import"});
}

TEST_CASE("storage: described like every command, refused without a file, through the desktop's transport")
{
    Desk d;
    const json methods = d.api->describe()["methods"];
    int described = 0;
    for (const auto& m : methods)
        if (m["method"].get<std::string>().rfind("storage.", 0) == 0) {
            ++described;
            if (m["method"] == "storage.backup")
                CHECK(m["roles"] == json::array({"admin"}));
            if (m["method"] == "storage.settings")
                CHECK(m["params"].size() == 2);
        }
    CHECK(described == 9);

    crm::app::InProcessTransport transport(*d.api);
    transport.adopt(d.admin);
    transport.send(json{{"id", 4}, {"method", "storage.info"}, {"params", json::object()}}.dump());
    std::vector<std::string> inbox;
    transport.poll(inbox);
    const json reply = json::parse(inbox.back());
    CHECK(reply["id"] == 4);
    CHECK(reply["result"]["persisted"] == true);
    CHECK(reply["result"]["where"] == "disk");
    CHECK(reply["result"]["schema"].get<int>() > 1);
    CHECK(reply["result"]["file"] == d.path);
    CHECK(reply["result"]["bytes"].get<std::int64_t>() == static_cast<std::int64_t>(fs::file_size(d.path)));

    auto memory = crm::db::Database::open(":memory:");
    crm::api::Dispatcher api(*memory, d.time.clock(), crm::test::fastAuth());
    REQUIRE(api.call("auth.setup", {{"email", "a@test.fr"}, {"password", crm::test::kPassword}}).contains("id"));
    const std::string admin
        = api.call("auth.login", {{"email", "a@test.fr"}, {"password", crm::test::kPassword}})["token"];
    CHECK(api.call("storage.backup", json::object(), admin)["reason"] == "unavailable");
    CHECK(api.autoBackup().error().reason == "unavailable");
}

namespace {

// A host that opens files asynchronously, as the browser's worker does: files are ready
// only once asked for and then opened.
struct LateFiles final : crm::service::StorageFiles {
    crm::service::DiskFiles disk;
    std::vector<std::string> opened, asked;
    explicit LateFiles(const std::string& path) : disk(path, nullptr, fs::temp_directory_path()) { }
    Space space() override { return disk.space(); }
    std::vector<crm::service::DirectoryFile> list() override { return disk.list(); }
    std::optional<std::string> read(const std::string& n) override { return disk.read(n); }
    void write(const std::string& n, const std::string& t) override { disk.write(n, t); }
    void remove(const std::string& n) override { disk.remove(n); }
    std::uint64_t copyDatabase(crm::db::Database& db, const std::string& n) override
    {
        REQUIRE(std::find(opened.begin(), opened.end(), n) != opened.end());
        return disk.copyDatabase(db, n);
    }
    crm::service::FileSource backup(const std::string& n) override
    {
        REQUIRE(std::find(opened.begin(), opened.end(), n) != opened.end());
        return disk.backup(n);
    }
    crm::Result<std::optional<crm::service::FileSource>> incoming(const std::string& p) override
    {
        return disk.incoming(p);
    }
    std::string exportDatabase(crm::db::Database& db, const std::string& n, std::uint64_t& b) override
    {
        return disk.exportDatabase(db, n, b);
    }
    bool ready(const std::vector<std::string>& open, const std::vector<std::string>& create) override
    {
        bool all = true;
        for (const auto* names : {&open, &create})
            for (const auto& n : *names)
                if (std::find(opened.begin(), opened.end(), n) == opened.end()) {
                    asked.push_back(n);
                    all = false;
                }
        return all;
    }
    void openAsked()
    {
        opened.insert(opened.end(), asked.begin(), asked.end());
        asked.clear();
    }
};

} // namespace

TEST_CASE("storage: a host whose files are not ready is asked again, and nothing changed meanwhile")
{
    Desk d;
    LateFiles late(d.path);
    d.api->setStorageFiles(&late);
    d.addClient("C1");
    json first = d.call("backup", {}, d.admin);
    CHECK(first["error"]["reason"] == "not_ready");
    CHECK(late.asked == std::vector<std::string>{"manual-2026-11-24T09-00-00Z.sqlite"});
    CHECK(late.list().empty()); // nothing written before the files were there
    late.openAsked();
    const json made = d.call("backup", {}, d.admin);
    REQUIRE(made.contains("result"));
    CHECK(made["result"]["name"] == "manual-2026-11-24T09-00-00Z.sqlite");

    d.addClient("C2");
    CHECK(d.call("restore", {{"name", made["result"]["name"]}}, d.admin)["error"]["reason"] == "not_ready");
    CHECK(d.clients() == 2); // not replaced while the files were being opened
    CHECK(late.asked == std::vector<std::string>{"before-restore-2026-11-24T09-00-00Z.sqlite"}); // ours, kept first
    late.openAsked();
    CHECK(d.call("restore", {{"name", made["result"]["name"]}}, d.admin)["result"]["replaced"] == true);
    CHECK(d.clients() == 1);
}
