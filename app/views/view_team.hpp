// ViewTeam (« Équipe »): the users — name, role, active, locked, last sign-in, the clients
// they follow — for administrators to manage (create with a temporary password shown once,
// change the role, deactivate, unlock, reset the password) and for managers to read; and
// the move of a whole portfolio from one collector to another (client.move_portfolio,
// with progress). Route: "team". Needs client.assign (managers and administrators).
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewTeam final : public View {
public:
    const char* id() const override { return "team"; }
    const char* titleKey() const override { return "nav.team"; }
    const char* capability() const override { return "client.assign"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    void drawUsers(ViewContext& ctx, const json& users);
    void drawCreateForm(ViewContext& ctx);
    void drawMoveForm(ViewContext& ctx);
    void drawTemporary();
    // A user command; its error as a toast, `then` on success.
    void act(ViewContext& ctx, const char* method, const json& params, const char* doneKey);

    struct CreateForm {
        char email[128] = {}, firstName[64] = {}, lastName[64] = {};
        int role = 0; // agent, manager, admin
        widgets::FieldError error;
        bool done = false, saving = false;
    } m_create;
    struct MoveForm {
        std::int64_t from = -1, to = -1; // -1: not chosen; 0: the unassigned clients / nobody
        std::int64_t running = 0;        // the request id while it runs
        widgets::FieldError error;
        bool done = false;
    } m_move;
    std::string m_temporaryFor, m_temporary; // a password made, shown once
};

} // namespace crm::app
