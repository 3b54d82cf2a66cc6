// ViewAuth: the first-start screen (create the administrator account) and the sign-in
// screen. Sends auth.setup then auth.login, or auth.login; the session itself is kept
// by the transport (web/page.js, or the desktop's in-process transport).
#pragma once

#include "app/store.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewAuth {
public:
    explicit ViewAuth(Store& store) : m_store(store) { }
    void drawSetup();
    void drawLogin();

private:
    bool field(const char* labelKey, const char* id, const char* name, char* buf, std::size_t size, bool password);
    void login();

    Store& m_store;
    char m_email[256] = {};
    char m_password[256] = {};
    char m_confirm[256] = {};
    char m_firstName[128] = {};
    char m_lastName[128] = {};
    bool m_busy = false;
    std::int64_t m_demo = 0; // demo.portfolio's request while it loads
    widgets::FieldError m_error;
};

} // namespace crm::app
