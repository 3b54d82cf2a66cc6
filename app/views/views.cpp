// The registry of screens: every View reachable once signed in, in the order of the
// navigation bar. A new screen is one class in app/views/ and one line here.
#include "app/view.hpp"
#include "app/views/view_bank.hpp"
#include "app/views/view_client.hpp"
#include "app/views/view_clients.hpp"
#include "app/views/view_dashboard.hpp"
#include "app/views/view_data.hpp"
#include "app/views/view_invoices.hpp"
#include "app/views/view_log.hpp"
#include "app/views/view_relance_setup.hpp"
#include "app/views/view_relances.hpp"
#include "app/views/view_reports.hpp"
#include "app/views/view_settings.hpp"
#include "app/views/view_storage.hpp"
#include "app/views/view_team.hpp"
#include "app/views/view_today.hpp"

namespace crm::app {

std::vector<std::unique_ptr<View>> makeViews()
{
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<ViewDashboard>()); // managers' home
    views.push_back(std::make_unique<ViewToday>());     // agents' home
    views.push_back(std::make_unique<ViewClients>());
    views.push_back(std::make_unique<ViewInvoices>());
    views.push_back(std::make_unique<ViewRelances>());
    views.push_back(std::make_unique<ViewBank>());
    views.push_back(std::make_unique<ViewReports>());
    views.push_back(std::make_unique<ViewRelanceSetup>());
    views.push_back(std::make_unique<ViewData>());
    views.push_back(std::make_unique<ViewTeam>());
    views.push_back(std::make_unique<ViewLog>());
    views.push_back(std::make_unique<ViewStorage>());
    views.push_back(std::make_unique<ViewSettings>());
    views.push_back(std::make_unique<ViewClient>()); // pages reached from the lists
    views.push_back(std::make_unique<ViewInvoice>());
    return views;
}

} // namespace crm::app
