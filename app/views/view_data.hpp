// ViewData: "Import / export" — clients, invoices and payments from a CSV file or a FEC
// (pick a file, see how it is read and mapped, a verdict per row, then import), and for
// administrators the whole database as a JSON snapshot (download; replace the database by
// one, with the list of problems when it is refused). Route: "data". Needs invoice.write
// (import.preview / import.apply); the snapshot part needs database.admin.
#pragma once

#include "app/view.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace crm::app {

class ViewData final : public View {
public:
    const char* id() const override { return "data"; }
    const char* titleKey() const override { return "nav.data"; }
    const char* capability() const override { return "invoice.write"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    void drawExport(ViewContext& ctx);
    void drawImport(ViewContext& ctx);
    void drawFileImport(ViewContext& ctx);
    void drawSettings(ViewContext& ctx);
    void drawMapping(ViewContext& ctx);
    void drawVerdicts();
    json importParams() const;
    void preview(Store& store);
    void listRows(); // m_shown from m_preview's rows and m_errorsOnly

    bool m_exporting = false;
    std::string m_fileName, m_fileText; // the snapshot picked for import
    std::int64_t m_importing = 0;       // request id of snapshot.import while it runs
    json m_problems = json::array();    // of the last refused import
    std::string m_outcome;              // what the last import did

    // CSV / FEC import
    int m_format = 1;                  // index of kFormats: clients, invoices, payments, fec
    std::string m_csvName, m_csvBytes; // the file picked
    json m_mapping;                    // null: the core's (remembered or guessed); else field -> header
    int m_encoding = 0, m_separator = 0, m_decimal = 0, m_dateFormat = 0; // 0: detected
    std::int64_t m_previewing = 0, m_applying = 0;                        // request ids while they run
    json m_preview;                                                       // import.preview's result
    std::string m_previewError;                                           // why the file could not be read
    std::vector<std::size_t> m_shown; // rows of m_preview listed (all, or the errors only)
    bool m_errorsOnly = false, m_skipErrors = false;
    std::string m_report; // what the last import.apply did
};

} // namespace crm::app
