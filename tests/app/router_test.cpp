// The router: addresses, history, redirects.
#include "app/view.hpp"

#include <doctest/doctest.h>

using namespace crm::app;

TEST_CASE("router: a route is an address and back again")
{
    const Route r{"clients", {{"client_id", 42}, {"tab", "invoices"}}};
    CHECK(Router::toPath(r) == "#/clients?client_id=42&tab=invoices");
    CHECK(Router::fromPath(Router::toPath(r)) == std::optional<Route>(r));
    CHECK(Router::fromPath("#/clients") == std::optional<Route>(Route{"clients", json::object()}));
    CHECK_FALSE(Router::fromPath("").has_value());
    CHECK_FALSE(Router::fromPath("#/").has_value());
    CHECK_FALSE(Router::fromPath("#/cli<ents").has_value());
    CHECK(Router::fromPath("#/clients?client_id=99999999999999999999")->params["client_id"] == "99999999999999999999");
}

TEST_CASE("router: history, back, forward, redirects")
{
    Router router;
    std::vector<std::pair<std::string, bool>> seen;
    router.onNavigate = [&](const Route& r, bool pushed) { seen.push_back({Router::toPath(r), pushed}); };
    router.replace({"clients", json::object()}); // the first screen: a redirect
    CHECK_FALSE(router.canBack());
    router.navigate({"clients", {{"client_id", 1}}});
    router.navigate({"clients", {{"client_id", 1}}}); // already there: nothing
    router.navigate({"clients", {{"client_id", 2}}});
    CHECK(router.back());
    CHECK(router.current().params["client_id"] == 1);
    CHECK(router.canForward());
    router.navigate({"clients", {{"new", 1}}}); // drops the forward history
    CHECK_FALSE(router.canForward());
    CHECK(router.back());
    CHECK(router.back());
    CHECK_FALSE(router.back());
    CHECK(router.current().view == "clients");
    CHECK(router.forward());
    CHECK(seen.size() == 8);
    CHECK(seen[0] == std::pair<std::string, bool>{"#/clients", false});
    CHECK(seen[1] == std::pair<std::string, bool>{"#/clients?client_id=1", true});
}
