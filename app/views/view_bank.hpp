// ViewBank: "Rapprochement" — bank statements in and their lines matched. Import a file
// (CFONB 120, CAMT.053, OFX) with progress and cancel; each import's match rate; the
// lines, newest first, filtered by state (to do by default) and searched; the selected
// line's proposals with their score and reasons in words; confirm the best (Enter) or
// another, choose other invoices, split across clients or leave as credit (a dialog of
// parts), ignore (I) with a note, reopen an ignored line (R); ↑/↓ choose the line, as on
// Today. Route: "bank". Needs invoice.read (an agent sees their clients' lines only);
// importing needs invoice.write. Reads bank.status, bank.imports, bank.lines, client.list,
// invoice.list; writes with bank.import, bank.confirm, bank.ignore, bank.reopen.
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace crm::app {

class ViewBank final : public View {
public:
    const char* id() const override { return "bank"; }
    const char* titleKey() const override { return "nav.bank"; }
    const char* capability() const override { return "invoice.read"; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    struct Part {
        std::int64_t clientId = 0;
        std::string clientName;
        char search[96] = {};
        char amount[32] = {};
        std::set<std::int64_t> invoices; // chosen; none: left as credit
    };

    void drawHeader(ViewContext& ctx);
    void drawLines(ViewContext& ctx, const json& rows);
    void drawDetail(ViewContext& ctx, const json& line);
    void drawPartsDialog(ViewContext& ctx);
    void drawAliasesDialog(ViewContext& ctx);
    void openParts(const json& line, std::int64_t clientId, const std::string& clientName, bool credit);
    void drawPart(ViewContext& ctx, Part& part, std::size_t index);
    void act(ViewContext& ctx, const char* method, json params);

    int m_state = 0; // index of the state filter
    char m_search[128] = {};
    std::int64_t m_page = 0;
    int m_selected = 0;
    std::int64_t m_importing = 0; // request id of bank.import while it runs
    std::string m_report;         // what the last import did
    char m_note[256] = {};
    bool m_askIgnore = false, m_ignoreSent = false;
    // The parts dialog.
    json m_partsLine;
    std::vector<Part> m_parts;
    bool m_openParts = false, m_partsDone = false;
    bool m_openAliases = false;
    widgets::FieldError m_partsError;
};

} // namespace crm::app
