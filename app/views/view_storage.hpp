// ViewStorage: "Stockage" (settings) — where the data lives and how safe it is: the
// database file (schema version, size, rows), whether the browser keeps it under storage
// pressure (and asking it to), the space used and left, the backups (automatic ones every
// N days keeping the last N; made now; restored — what is replaced is kept as a backup;
// deleted), and the database file itself (download a copy; replace it by a chosen file,
// checked first). The storage.* commands are the core's (core/api/commands/storage.cpp), over
// the browser's OPFS (web/opfs_files.cpp) or the disk (core/service/disk_files.cpp); the page
// adds the download and the file chooser. Route: "storage". Needs database.admin.
#pragma once

#include "app/view.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewStorage final : public View {
public:
    const char* id() const override { return "storage"; }
    const char* titleKey() const override { return "nav.storage"; }
    const char* capability() const override { return "database.admin"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    void drawFile(ViewContext& ctx, const json& info);
    void drawSpace(ViewContext& ctx, const json& info);
    void drawBackups(ViewContext& ctx);
    void drawTransfer(ViewContext& ctx);
    // Sends a storage request; on success shows `done` (a format with %s: the reply's
    // `field`) and refreshes the screen; on failure says why.
    void act(ViewContext& ctx, const char* method, const json& params, const char* done, const char* field);

    std::int64_t m_running = 0;        // the storage request in flight
    std::string m_outcome;             // what the last action did
    bool m_failed = false;             // ... or why it failed
    int m_everyDays = -1, m_keep = -1; // the settings being edited (-1: not loaded)
    std::string m_target;              // the backup a confirmation is about
};

} // namespace crm::app
