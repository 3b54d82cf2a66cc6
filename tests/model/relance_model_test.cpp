// RelanceTemplateModel and ScenarioModel: a template found in the language asked, else in
// French, else in any; the steps and clients that use a template or a scenario (what may
// not be deleted); scenarios listed default first, found by name and segment, one default
// at a time; a scenario's steps in offset order, found by offset and channel.
#include "core/model/relance_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

namespace {

model::RelanceTemplate tpl(const std::string& code, const std::string& language, const std::string& body)
{
    model::RelanceTemplate t;
    t.code = code;
    t.name = code + " " + language;
    t.channel = "email";
    t.language = language;
    t.subject = "Relance";
    t.body = body;
    t.createdAt = t.updatedAt = "2026-11-24T09:00:00Z";
    return t;
}

} // namespace

TEST_CASE("relance models: templates by language, scenarios default first, steps by offset, what uses them")
{
    auto db = test::memoryDb();
    model::RelanceTemplateModel templates(*db);
    model::ScenarioModel scenarios(*db);
    const auto seededTemplates = templates.list().size();
    const auto seededScenarios = scenarios.list().size();

    templates.insert(tpl("ZZ-TEST", "fr", "Bonjour"));
    templates.insert(tpl("ZZ-TEST", "en", "Hello"));
    templates.insert(tpl("ZZ-EN", "en", "Only in English"));
    CHECK(templates.find("ZZ-TEST", "en")->body == "Hello");
    CHECK(templates.find("ZZ-TEST", "es")->body == "Bonjour");       // French when the language is missing
    CHECK(templates.find("ZZ-EN", "fr")->body == "Only in English"); // else any language
    CHECK_FALSE(templates.find("ZZ-NONE", "fr"));
    CHECK(templates.countWithCode("ZZ-TEST") == 2);
    CHECK(templates.list().size() == seededTemplates + 3);

    model::Scenario s;
    s.name = "ZZ Grands comptes";
    s.segment = "zz-grands-comptes";
    s.createdAt = s.updatedAt = "2026-11-24T09:00:00Z";
    const auto sid = scenarios.insert(s);
    CHECK(scenarios.findIdByName("ZZ Grands comptes") == sid);
    CHECK(scenarios.findIdBySegment("zz-grands-comptes") == sid);
    CHECK(scenarios.list().size() == seededScenarios + 1);
    scenarios.clearDefault();
    auto made = *scenarios.get(sid);
    made.isDefault = true;
    scenarios.update(made);
    const auto listed = scenarios.list();
    CHECK(listed.front().id == sid); // the default first
    CHECK(std::count_if(listed.begin(), listed.end(), [](const model::Scenario& x) { return x.isDefault; }) == 1);

    auto step = [&](std::int64_t offset, const std::string& channel) {
        model::Step st;
        st.scenarioId = sid;
        st.name = channel + " J" + std::to_string(offset);
        st.offsetDays = offset;
        st.channel = channel;
        st.templateCode = "ZZ-TEST";
        st.createdAt = st.updatedAt = "2026-11-24T09:00:00Z";
        return scenarios.insertStep(st);
    };
    const auto late = step(30, "letter");
    const auto early = step(-3, "email");
    step(7, "sms");
    const auto steps = scenarios.steps(sid);
    REQUIRE(steps.size() == 3);
    CHECK(steps.front().id == early);
    CHECK(steps.back().id == late);
    CHECK(scenarios.findStep(sid, 7, "sms"));
    CHECK_FALSE(scenarios.findStep(sid, 7, "email"));
    CHECK(templates.stepsUsing("ZZ-TEST") == 3);
    CHECK_FALSE(scenarios.stepHasHistory(late));
    CHECK(scenarios.clientsUsing(sid) == 0);
    scenarios.removeStep(late);
    CHECK(scenarios.steps(sid).size() == 2);
    CHECK(templates.stepsUsing("ZZ-TEST") == 2);
}
