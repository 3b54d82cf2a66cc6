// ViewData: the database's data in and out — download a JSON snapshot, and replace the
// database by one (a file picked by the user), with the list of problems when it is
// refused. Route: "data". Needs database.admin (snapshot.export / snapshot.import).
#pragma once

#include "app/view.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewData final : public View {
public:
    const char* id() const override { return "data"; }
    const char* titleKey() const override { return "nav.data"; }
    const char* capability() const override { return "database.admin"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    void drawExport(ViewContext& ctx);
    void drawImport(ViewContext& ctx);

    bool m_exporting = false;
    std::string m_fileName, m_fileText; // the snapshot picked for import
    std::int64_t m_importing = 0;       // request id of snapshot.import while it runs
    json m_problems = json::array();    // of the last refused import
    std::string m_outcome;              // what the last import did
};

} // namespace crm::app
