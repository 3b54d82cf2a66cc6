// The widgets' pure helpers (drawing is checked by the screens' tests, tests/app/view_*_test.cpp).
#include "app/widgets/widgets.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;

TEST_CASE("widgets: the collector filter's choice becomes the list's collector_id (null: the unassigned)")
{
    json all = {{"search", ""}};
    crm::app::widgets::setCollectorFilter(all, -1); // the whole team: no filter
    CHECK_FALSE(all.contains("collector_id"));
    json unassigned = json::object();
    crm::app::widgets::setCollectorFilter(unassigned, 0); // never 0: no id is below 1
    REQUIRE(unassigned.contains("collector_id"));
    CHECK(unassigned["collector_id"].is_null());
    json one = json::object();
    crm::app::widgets::setCollectorFilter(one, 7);
    CHECK(one["collector_id"] == 7);
}
