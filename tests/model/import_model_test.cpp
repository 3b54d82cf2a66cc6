// ImportModel: the mapping of a CSV file's columns remembered per file shape, the last one
// kept.
#include "core/model/import_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("ImportModel: a mapping remembered per file shape, the last one kept")
{
    auto db = test::memoryDb();
    model::ImportModel m(*db);
    CHECK_FALSE(m.mapping("clients:code;nom"));
    m.remember("clients:code;nom", "clients", R"({"code":"code","name":"nom"})", "2026-11-24T09:00:00Z");
    m.remember("clients:code;nom", "clients", R"({"code":"code","name":"nom","email":"mail"})", "2026-11-25T09:00:00Z");
    CHECK(m.mapping("clients:code;nom") == R"({"code":"code","name":"nom","email":"mail"})");
    CHECK_FALSE(m.mapping("clients:code"));
}
