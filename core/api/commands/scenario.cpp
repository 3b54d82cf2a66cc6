// Commands: scenario.* — the relance scenarios (a segment's, or the default one).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

std::vector<ParamSpec> scenarioSpecs(bool required)
{
    return {{"name", PT::String, required, ""},
        ParamSpec{"segment", PT::String, false, "the client segment it is for; null: none"}.orNull(),
        {"is_default", PT::Boolean, false, "the scenario of clients without one"},
        {"business_days", PT::Boolean, false, "offsets count French business days"},
        {"per_invoice", PT::Boolean, false, "one message per invoice instead of per client"}};
}

service::ScenarioFields scenarioFields(const json& p)
{
    return {optStr(p, "name"), nullableStr(p, "segment"), optBool(p, "is_default"), optBool(p, "business_days"),
        optBool(p, "per_invoice")};
}

} // namespace

void addScenarios(Registry& r, Services& s)
{
    const std::vector<std::string> scWrites = {"relance_scenarios", "system_logs"};
    r.add({"scenario.create", "A relance scenario (its steps are added with step.create).", scenarioSpecs(true),
        Perm::RelanceManage, scWrites,
        [&s](const Call& c) { return asJson(s.relances.createScenario(c.actor, scenarioFields(c.p))); }});
    r.add({"scenario.update", "Rename, re-target or make a scenario the default.",
        concat({idParam()}, scenarioSpecs(false)), Perm::RelanceManage, scWrites, [&s](const Call& c) {
            return asJson(s.relances.updateScenario(c.actor, integer(c.p, "id"), scenarioFields(c.p)));
        }});
    r.add({"scenario.delete", "Delete a scenario that is not the default and never ran.", {idParam()},
        Perm::RelanceManage, {"relance_scenarios", "relance_steps", "clients", "system_logs"},
        [&s](const Call& c) { return deleted(s.relances.deleteScenario(c.actor, integer(c.p, "id")), c.p["id"]); }});
    r.add({"scenario.list", "Every scenario with its steps (default first).", {}, Perm::RelanceRead, {},
        [&s](const Call& c) {
            return map(s.relances.listScenarios(c.actor), [](const std::vector<service::ScenarioWithSteps>& all) {
                json rows = json::array();
                for (const auto& sc : all) {
                    json j = model::toJson(sc.scenario);
                    j["steps"] = json::array();
                    for (const auto& st : sc.steps)
                        j["steps"].push_back(model::toJson(st));
                    rows.push_back(std::move(j));
                }
                return json{{"rows", rows}};
            });
        }});
}

} // namespace crm::api::commands
