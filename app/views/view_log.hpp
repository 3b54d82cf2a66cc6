// ViewLog (« Journal »): the system log — who changed what, when — newest first, paged,
// filtered by user, kind of record (entity), action and period. A line chosen shows its
// change field by field (what was before, what is after; the fields that changed first)
// and opens the record it is about (a client, an invoice). Route: "log". Needs log.read
// (administrators and managers: an agent typing its address is told it is not theirs).
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <string>
#include <vector>

namespace crm::app {

// One field of a log line's change: its value before and after as text ("" when
// absent), and whether it changed.
struct FieldChange {
    std::string field, before, after;
    bool changed = false;
};
// The fields of `before` and `after` (JSON objects, or null for a creation / deletion),
// the changed ones first, each group in name order. A nested value reads as its JSON.
std::vector<FieldChange> fieldChanges(const json& before, const json& after);

class ViewLog final : public View {
public:
    const char* id() const override { return "log"; }
    const char* titleKey() const override { return "nav.log"; }
    const char* capability() const override { return "log.read"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    json filters() const;
    void drawFilters(ViewContext& ctx);
    void drawChange(ViewContext& ctx);

    std::int64_t m_user = -1; // -1: anyone
    int m_entity = 0;
    char m_action[64] = {}, m_from[32] = {}, m_to[32] = {};
    json m_selected; // the line chosen (null: none)
    widgets::PagedTable m_table{"##log-list", "log.list",
        {{"log.at", nullptr, 1.2f}, {"log.user", nullptr, 1.4f}, {"log.action", nullptr, 1.3f},
            {"log.entity", nullptr, 1.2f}, {"log.summary", nullptr, 2.6f}},
        100};
};

} // namespace crm::app
