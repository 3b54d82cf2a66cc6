// crm_ui: the interface module on the page's main thread. It never touches SQLite:
// it talks to the database worker through window.crmBridge (web/page.js).
#include "app/platform_web.hpp"

int main()
{
    return crm::app::runWeb(CRM_FONT_PATH);
}
