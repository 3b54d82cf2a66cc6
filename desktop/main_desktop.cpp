// crm-desktop: the native window. The core runs in-process behind the same command
// API the browser worker serves; the interface still only exchanges JSON text with it.
//
//   crm-desktop [--db PATH] [--user EMAIL] [--lang fr|en] [--frames N]
//
// --user signs in at start with the password in CRM_PASSWORD (otherwise the window
// asks, as it does without --user).
// Default database: $XDG_DATA_HOME/crm-recouvrement/crm.db (~/.local/share/...).
#include "app/i18n.hpp"
#include "app/platform_desktop.hpp"
#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/service/disk_files.hpp"
#include "core/util/clock.hpp"
#include "desktop/inprocess_transport.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

std::string defaultDbPath()
{
    namespace fs = std::filesystem;
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".local" / "share";
    else
        base = ".";
    base /= "crm-recouvrement";
    std::error_code ec;
    fs::create_directories(base, ec);
    return (base / "crm.db").string();
}

} // namespace

int main(int argc, char** argv)
{
    std::string dbPath;
    std::string user;
    crm::app::DesktopOptions options;
    options.fontPath = CRM_FONT_PATH;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--db" && i + 1 < argc)
            dbPath = argv[++i];
        else if (a == "--user" && i + 1 < argc)
            user = argv[++i];
        else if (a == "--frames" && i + 1 < argc)
            options.frames = std::atoi(argv[++i]);
        else if (a == "--route" && i + 1 < argc)
            options.route = argv[++i];
        else if (a == "--lang" && i + 1 < argc)
            crm::app::setLanguage(std::string(argv[++i]) == "en" ? crm::app::Language::En : crm::app::Language::Fr);
        else {
            std::fprintf(stderr,
                "usage: crm-desktop [--db PATH] [--user EMAIL] [--route '#/relances'] [--lang fr|en] [--frames N]\n");
            return 2;
        }
    }
    if (dbPath.empty())
        dbPath = defaultDbPath();
    try {
        auto db = crm::db::Database::open(dbPath);
        crm::api::Dispatcher api(*db, crm::systemClock());
        crm::app::InProcessTransport transport(api);
        // Backups next to the file (PATH.backups/), one a day by default, checked hourly.
        crm::service::DiskFiles files(
            dbPath,
            [] {
                std::string path;
                crm::app::choosePath(path);
                return path;
            },
            crm::app::downloadsFolder());
        api.setStorageFiles(&files);
        const auto backup = [&api] {
            const auto made = api.autoBackup();
            if (!made.ok())
                std::fprintf(stderr, "crm-desktop: automatic backup failed: %s\n", made.error().message.c_str());
            return made.ok() && made.value();
        };
        backup();
        options.everyHour = [&backup, &transport] {
            if (backup())
                transport.announceChanged({"backups"}); // a Storage screen on show lists it
        };
        transport.announceReady();
        if (!user.empty() && std::getenv("CRM_PASSWORD")) {
            const auto login = api.call("auth.login", {{"email", user}, {"password", std::getenv("CRM_PASSWORD")}});
            if (login.contains("token"))
                transport.adopt(login["token"].get<std::string>());
            else
                std::fprintf(stderr, "crm-desktop: could not sign in as %s: %s\n", user.c_str(),
                    login.value("message", "").c_str());
        }
        return crm::app::runDesktop(transport, options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm-desktop: %s\n", e.what());
        return 1;
    }
}
