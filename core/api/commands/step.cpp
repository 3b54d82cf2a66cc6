// Commands: step.* — a scenario's steps: when, how, on which conditions.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

std::vector<ParamSpec> stepSpecs(bool required)
{
    return {{"scenario_id", PT::Integer, required, ""}, {"name", PT::String, required, ""},
        {"offset_days", PT::Integer, required, "days from the due date, -60 to 730"},
        {"channel", PT::String, required, "email | sms | letter | call | formal_notice | litigation"},
        ParamSpec{"template_code", PT::String, false, "the template (by code); null for calls and litigation"}.orNull(),
        {"mode", PT::String, false, "auto | confirm"},
        {"min_amount_cents", PT::Integer, false, "the client's overdue total must reach it"},
        {"min_days_since_previous", PT::Integer, false, "0 to 365"},
        {"segment", PT::String, false, "only clients of this segment; empty: any"},
        {"risk", PT::String, false, "only clients of this risk: low | medium | high; empty: any"},
        ParamSpec{"stage", PT::String, false, "amiable | relance | mise_en_demeure | contentieux; null: none"}.orNull(),
        {"active", PT::Boolean, false, ""}};
}

service::StepFields stepFields(const json& p)
{
    service::StepFields f;
    f.scenarioId = optInt(p, "scenario_id");
    f.name = optStr(p, "name");
    f.channel = optStr(p, "channel");
    f.mode = optStr(p, "mode");
    f.segment = optStr(p, "segment");
    f.risk = optStr(p, "risk");
    f.offsetDays = optInt(p, "offset_days");
    f.minAmountCents = optInt(p, "min_amount_cents");
    f.minDaysSincePrevious = optInt(p, "min_days_since_previous");
    f.templateCode = nullableStr(p, "template_code");
    f.stage = nullableStr(p, "stage");
    f.active = optBool(p, "active");
    return f;
}

void addSteps(Registry& r, Services& s)
{
    const std::vector<std::string> stWrites = {"relance_steps", "system_logs"};
    r.add({"step.create", "A step of a scenario: when, how, on which conditions.", stepSpecs(true), Perm::RelanceManage,
        stWrites, [&s](const Call& c) { return asJson(s.relances.createStep(c.actor, stepFields(c.p))); }});
    r.add({"step.update", "Change a step.", concat({idParam()}, stepSpecs(false)), Perm::RelanceManage, stWrites,
        [&s](const Call& c) { return asJson(s.relances.updateStep(c.actor, integer(c.p, "id"), stepFields(c.p))); }});
    r.add({"step.delete", "Delete a step that never ran (else deactivate it).", {idParam()}, Perm::RelanceManage,
        stWrites,
        [&s](const Call& c) { return deleted(s.relances.deleteStep(c.actor, integer(c.p, "id")), c.p["id"]); }});
}

} // namespace crm::api::commands
