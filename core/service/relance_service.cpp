#include "core/service/relance_service.hpp"

#include "core/relance/render.hpp"
#include "core/service/audit.hpp"
#include "core/service/client_service.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace crm::service {

namespace {

std::optional<Error> checkPlaceholders(const char* field, const std::string& s)
{
    if (auto e = relance::checkPlaceholders(s))
        return Error::validation(field, e->reason, std::string(field) + ": " + e->message());
    return std::nullopt;
}

// The template channel a step's channel needs (empty: a template is optional).
std::string templateChannelFor(const std::string& stepChannel)
{
    if (stepChannel == "email" || stepChannel == "sms" || stepChannel == "letter")
        return stepChannel;
    if (stepChannel == "formal_notice")
        return "letter";
    return "";
}

std::string withoutSpaces(const std::string& s)
{
    std::string out;
    for (char c : s)
        if (c != ' ')
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

// --- templates ---------------------------------------------------------------

std::optional<Error> RelanceService::applyTemplate(const TemplateFields& f, model::RelanceTemplate& t)
{
    if (f.code) {
        if (auto e = checkText("code", text::trim(*f.code), limit::kKey, false, 1))
            return e;
        t.code = text::trim(*f.code);
    }
    if (f.name) {
        if (auto e = checkText("name", text::trim(*f.name), limit::kName, false, 1))
            return e;
        t.name = text::trim(*f.name);
    }
    if (f.channel) {
        if (!oneOf(*f.channel, {"email", "sms", "letter", "call"}))
            return Error::validation("channel", "unknown_value", "channel is email, sms, letter or call");
        t.channel = *f.channel;
    }
    if (f.language) {
        if (!oneOf(*f.language, {"fr", "en"}))
            return Error::validation("language", "unknown_value", "language is fr or en");
        t.language = *f.language;
    }
    if (f.subject) {
        if (auto e = checkText("subject", *f.subject, limit::kSubject, false, 0))
            return e;
        if (auto e = checkPlaceholders("subject", *f.subject))
            return e;
        t.subject = *f.subject;
    }
    if (f.body) {
        if (auto e = checkText("body", *f.body, limit::kBody, true, 1))
            return e;
        if (auto e = checkPlaceholders("body", *f.body))
            return e;
        t.body = *f.body;
    }
    if (t.channel == "sms" && text::codePointCount(t.body) > 480)
        return Error::validation("body", "too_long", "an SMS template is at most 480 characters (3 messages)");
    return std::nullopt;
}

Result<model::RelanceTemplate> RelanceService::createTemplate(const Actor& actor, const TemplateFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    for (auto [present, field] : {std::pair{f.code.has_value(), "code"}, {f.name.has_value(), "name"},
             {f.channel.has_value(), "channel"}, {f.body.has_value(), "body"}})
        if (!present)
            return Error::validation(field, "required", std::string(field) + " is required");
    db::Transaction tx(m_ctx.db);
    model::RelanceTemplate t;
    if (auto e = applyTemplate(f, t))
        return *e;
    if (m_templates.findId(t.code, t.language))
        return Error::validation(
            "code", "duplicate", "a template '" + t.code + "' in language " + t.language + " already exists");
    t.createdAt = t.updatedAt = m_ctx.clock();
    t.id = m_templates.insert(t);
    audit(m_ctx, actor.userId, "relance_template.create", "relance_templates", t.id, nullptr, model::toJson(t));
    tx.commit();
    return t;
}

Result<model::RelanceTemplate> RelanceService::updateTemplate(
    const Actor& actor, std::int64_t id, const TemplateFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto existing = m_templates.get(id);
    if (!existing)
        return Error::notFound("template " + std::to_string(id) + " does not exist");
    auto t = *existing;
    if (auto e = applyTemplate(f, t))
        return *e;
    if (auto other = m_templates.findId(t.code, t.language); other && *other != id)
        return Error::validation(
            "code", "duplicate", "a template '" + t.code + "' in language " + t.language + " already exists");
    if (text::foldForSearch(t.code) != text::foldForSearch(existing->code)
        && m_templates.countWithCode(existing->code) == 1 && m_templates.stepsUsing(existing->code) > 0)
        return Error::conflict("in_use", "steps use the code '" + existing->code + "'", "code");
    t.updatedAt = m_ctx.clock();
    m_templates.update(t);
    audit(m_ctx, actor.userId, "relance_template.update", "relance_templates", id, model::toJson(*existing),
        model::toJson(t));
    tx.commit();
    return t;
}

Result<Unit> RelanceService::deleteTemplate(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto t = m_templates.get(id);
    if (!t)
        return Error::notFound("template " + std::to_string(id) + " does not exist");
    if (m_templates.countWithCode(t->code) == 1 && m_templates.stepsUsing(t->code) > 0)
        return Error::conflict("in_use", "a step uses this template");
    m_templates.remove(id);
    audit(m_ctx, actor.userId, "relance_template.delete", "relance_templates", id, model::toJson(*t), nullptr);
    tx.commit();
    return Unit{};
}

Result<model::RelanceTemplate> RelanceService::draftTemplate(const Actor& actor, const TemplateFields& f)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    for (auto [present, field] : {std::pair{f.channel.has_value(), "channel"}, {f.body.has_value(), "body"}})
        if (!present)
            return Error::validation(field, "required", std::string(field) + " is required");
    model::RelanceTemplate t;
    if (auto e = applyTemplate(f, t))
        return *e;
    return t;
}

Result<std::vector<model::RelanceTemplate>> RelanceService::listTemplates(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return m_templates.list();
}

// --- scenarios ---------------------------------------------------------------

Result<model::Scenario> RelanceService::createScenario(const Actor& actor, const ScenarioFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    if (!f.name)
        return Error::validation("name", "required", "name is required");
    db::Transaction tx(m_ctx.db);
    model::Scenario s;
    s.name = text::trim(*f.name);
    if (auto e = checkText("name", s.name, limit::kName, false, 1))
        return *e;
    if (m_scenarios.findIdByName(s.name))
        return Error::validation("name", "duplicate", "a scenario named '" + s.name + "' already exists");
    if (f.segment && *f.segment) {
        s.segment = text::trim(**f.segment);
        if (auto e = checkText("segment", s.segment, limit::kSegment, false))
            return *e;
        if (!s.segment.empty() && m_scenarios.findIdBySegment(s.segment))
            return Error::validation("segment", "duplicate", "segment '" + s.segment + "' already has a scenario");
    }
    s.businessDays = f.businessDays.value_or(false);
    s.perInvoice = f.perInvoice.value_or(false);
    s.isDefault = f.isDefault.value_or(false);
    if (s.isDefault)
        m_scenarios.clearDefault();
    s.createdAt = s.updatedAt = m_ctx.clock();
    s.id = m_scenarios.insert(s);
    audit(m_ctx, actor.userId, "scenario.create", "relance_scenarios", s.id, nullptr, model::toJson(s));
    tx.commit();
    return s;
}

Result<model::Scenario> RelanceService::updateScenario(const Actor& actor, std::int64_t id, const ScenarioFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto existing = m_scenarios.get(id);
    if (!existing)
        return Error::notFound("scenario " + std::to_string(id) + " does not exist");
    model::Scenario s = *existing;
    if (f.name) {
        s.name = text::trim(*f.name);
        if (auto e = checkText("name", s.name, limit::kName, false, 1))
            return *e;
        if (auto other = m_scenarios.findIdByName(s.name); other && *other != id)
            return Error::validation("name", "duplicate", "a scenario named '" + s.name + "' already exists");
    }
    if (f.segment) {
        s.segment = *f.segment ? text::trim(**f.segment) : "";
        if (auto e = checkText("segment", s.segment, limit::kSegment, false))
            return *e;
        if (auto other = s.segment.empty() ? std::nullopt : m_scenarios.findIdBySegment(s.segment);
            other && *other != id)
            return Error::validation("segment", "duplicate", "segment '" + s.segment + "' already has a scenario");
    }
    if (f.businessDays)
        s.businessDays = *f.businessDays;
    if (f.perInvoice)
        s.perInvoice = *f.perInvoice;
    if (f.isDefault) {
        if (!*f.isDefault && existing->isDefault)
            return Error::conflict("default_required", "make another scenario the default instead", "is_default");
        if (*f.isDefault && !existing->isDefault)
            m_scenarios.clearDefault();
        s.isDefault = *f.isDefault;
    }
    s.updatedAt = m_ctx.clock();
    m_scenarios.update(s);
    audit(m_ctx, actor.userId, "scenario.update", "relance_scenarios", id, model::toJson(*existing), model::toJson(s));
    tx.commit();
    return s;
}

Result<Unit> RelanceService::deleteScenario(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto s = m_scenarios.get(id);
    if (!s)
        return Error::notFound("scenario " + std::to_string(id) + " does not exist");
    if (s->isDefault)
        return Error::conflict("is_default", "the default scenario cannot be deleted");
    for (const auto& st : m_scenarios.steps(id))
        if (m_scenarios.stepHasHistory(st.id))
            return Error::conflict("in_use", "steps of this scenario have been executed: keep it for the record");
    m_scenarios.remove(id);
    audit(m_ctx, actor.userId, "scenario.delete", "relance_scenarios", id, model::toJson(*s), nullptr);
    tx.commit();
    return Unit{};
}

Result<std::vector<ScenarioWithSteps>> RelanceService::listScenarios(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    std::vector<ScenarioWithSteps> out;
    for (auto& s : m_scenarios.list())
        out.push_back({s, m_scenarios.steps(s.id)});
    return out;
}

// --- steps -------------------------------------------------------------------

std::optional<Error> RelanceService::applyStep(const StepFields& f, model::Step& s)
{
    if (f.scenarioId) {
        if (!m_scenarios.get(*f.scenarioId))
            return Error::validation(
                "scenario_id", "unknown_scenario", "scenario " + std::to_string(*f.scenarioId) + " does not exist");
        s.scenarioId = *f.scenarioId;
    }
    if (f.name) {
        if (auto e = checkText("name", text::trim(*f.name), limit::kName, false, 1))
            return e;
        s.name = text::trim(*f.name);
    }
    if (f.offsetDays) {
        if (*f.offsetDays < -60 || *f.offsetDays > 730)
            return Error::validation("offset_days", "out_of_range", "offset_days is -60 to 730");
        s.offsetDays = *f.offsetDays;
    }
    if (f.channel) {
        if (!oneOf(*f.channel, {"email", "sms", "letter", "call", "formal_notice", "litigation"}))
            return Error::validation(
                "channel", "unknown_value", "channel is email, sms, letter, call, formal_notice or litigation");
        s.channel = *f.channel;
    }
    if (f.mode) {
        if (!oneOf(*f.mode, {"auto", "confirm"}))
            return Error::validation("mode", "unknown_value", "mode is auto or confirm");
        s.mode = *f.mode;
    }
    if (f.minAmountCents) {
        if (*f.minAmountCents < 0)
            return Error::validation("min_amount_cents", "out_of_range", "min_amount_cents cannot be negative");
        s.minAmountCents = *f.minAmountCents;
    }
    if (f.minDaysSincePrevious) {
        if (*f.minDaysSincePrevious < 0 || *f.minDaysSincePrevious > 365)
            return Error::validation("min_days_since_previous", "out_of_range", "min_days_since_previous is 0 to 365");
        s.minDaysSincePrevious = *f.minDaysSincePrevious;
    }
    if (f.segment) {
        if (auto e = checkText("segment", text::trim(*f.segment), limit::kSegment, false))
            return e;
        s.segment = text::trim(*f.segment);
    }
    if (f.risk) {
        if (!oneOf(*f.risk, {"", "low", "medium", "high"}))
            return Error::validation("risk", "unknown_value", "risk is empty (any), low, medium or high");
        s.risk = *f.risk;
    }
    if (f.stage) {
        const std::string stage = f.stage->value_or("");
        if (!stage.empty() && !oneOf(stage, {"amiable", "relance", "mise_en_demeure", "contentieux"}))
            return Error::validation(
                "stage", "unknown_value", "stage is amiable, relance, mise_en_demeure or contentieux");
        s.stage = stage;
    }
    if (f.active)
        s.active = *f.active;
    if (f.templateCode)
        s.templateCode = text::trim(f.templateCode->value_or(""));
    const std::string want = templateChannelFor(s.channel);
    if (s.templateCode.empty()) {
        if (!want.empty())
            return Error::validation("template_code", "required", "this step sends a message: choose its template");
    } else {
        const auto t = m_templates.find(s.templateCode, "fr");
        if (!t)
            return Error::validation(
                "template_code", "unknown_template", "no template has the code '" + s.templateCode + "'");
        if (!want.empty() && t->channel != want)
            return Error::validation("template_code", "wrong_channel", "this step needs a " + want + " template");
    }
    return std::nullopt;
}

Result<model::Step> RelanceService::prepareStep(std::int64_t id, const StepFields& f)
{
    model::Step s;
    if (id == 0) {
        for (auto [present, field] : {std::pair{f.scenarioId.has_value(), "scenario_id"}, {f.name.has_value(), "name"},
                 {f.offsetDays.has_value(), "offset_days"}, {f.channel.has_value(), "channel"}})
            if (!present)
                return Error::validation(field, "required", std::string(field) + " is required");
    } else {
        auto existing = m_scenarios.getStep(id);
        if (!existing)
            return Error::notFound("step " + std::to_string(id) + " does not exist");
        s = *existing;
    }
    if (auto e = applyStep(f, s))
        return *e;
    if (auto other = m_scenarios.findStep(s.scenarioId, s.offsetDays, s.channel); other && *other != id)
        return Error::validation("offset_days", "duplicate", "the scenario already has a step on that day and channel");
    return s;
}

Result<model::Step> RelanceService::createStep(const Actor& actor, const StepFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto prepared = prepareStep(0, f);
    if (!prepared.ok())
        return prepared.error();
    model::Step s = std::move(prepared.value());
    s.createdAt = s.updatedAt = m_ctx.clock();
    s.id = m_scenarios.insertStep(s);
    audit(m_ctx, actor.userId, "step.create", "relance_steps", s.id, nullptr, model::toJson(s));
    tx.commit();
    return s;
}

Result<model::Step> RelanceService::updateStep(const Actor& actor, std::int64_t id, const StepFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    const auto existing = m_scenarios.getStep(id);
    auto prepared = prepareStep(id, f);
    if (!prepared.ok())
        return prepared.error();
    model::Step s = std::move(prepared.value());
    s.updatedAt = m_ctx.clock();
    m_scenarios.updateStep(s);
    audit(m_ctx, actor.userId, "step.update", "relance_steps", id, model::toJson(*existing), model::toJson(s));
    tx.commit();
    return s;
}

Result<model::Step> RelanceService::draftStep(const Actor& actor, std::int64_t id, const StepFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::ReadTransaction snapshot(m_ctx.db);
    return prepareStep(id, f);
}

Result<Unit> RelanceService::deleteStep(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto s = m_scenarios.getStep(id);
    if (!s)
        return Error::notFound("step " + std::to_string(id) + " does not exist");
    if (m_scenarios.stepHasHistory(id))
        return Error::conflict("in_use", "this step has been executed: deactivate it instead (active: false)");
    m_scenarios.removeStep(id);
    audit(m_ctx, actor.userId, "step.delete", "relance_steps", id, model::toJson(*s), nullptr);
    tx.commit();
    return Unit{};
}

// --- company settings and rates ---------------------------------------------

std::vector<std::string> missingForLetters(const model::CompanySettings& s)
{
    std::vector<std::string> out;
    for (const auto& [value, field] : {std::pair{&s.legalName, "legal_name"}, {&s.address, "address"},
             {&s.siret, "siret"}, {&s.iban, "iban"}, {&s.bic, "bic"}, {&s.signatory, "signatory"}})
        if (text::trim(*value).empty())
            out.push_back(field);
    return out;
}

Result<model::CompanySettings> RelanceService::settings(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return m_settings.company();
}

Result<model::CompanySettings> RelanceService::updateSettings(const Actor& actor, const CompanyFields& f)
{
    if (auto e = require(actor, Perm::SettingsManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    const model::CompanySettings before = m_settings.company();
    model::CompanySettings s = before;
    struct Text {
        const std::optional<std::string>& value;
        const char* field;
        std::size_t max;
        std::string& target;
        bool multiline;
    };
    for (const Text& t : {Text{f.legalName, "legal_name", limit::kName, s.legalName, false},
             Text{f.address, "address", limit::kAddress, s.address, true},
             Text{f.phone, "phone", limit::kPhone, s.phone, false},
             Text{f.signatory, "signatory", limit::kSignatory, s.signatory, true},
             Text{f.email, "email", limit::kEmail, s.email, false}}) {
        if (!t.value)
            continue;
        const std::string v = text::trim(*t.value);
        if (auto e = checkText(t.field, v, t.max, t.multiline))
            return *e;
        t.target = v;
    }
    if (f.email && !s.email.empty() && !isValidEmail(s.email))
        return Error::validation("email", "invalid_email", "email is not a valid address");
    if (f.siret) {
        const std::string v = withoutSpaces(*f.siret);
        if (!v.empty() && (v.size() != 14 || !isValidSiret(v)))
            return Error::validation("siret", "invalid_siret", "siret must be 14 digits with a valid check digit");
        s.siret = v;
    }
    if (f.vatNumber) {
        const std::string v = withoutSpaces(*f.vatNumber);
        if (v.size() > 20 || (!v.empty() && (v.size() < 4 || !std::isalpha(static_cast<unsigned char>(v[0])))))
            return Error::validation(
                "vat_number", "invalid_vat", "a VAT number is a country code and up to 18 characters");
        s.vatNumber = v;
    }
    if (f.iban) {
        const std::string v = withoutSpaces(*f.iban);
        if (!v.empty() && !isValidIban(v))
            return Error::validation("iban", "invalid_iban", "the IBAN's check digits are wrong");
        s.iban = v;
    }
    if (f.bic) {
        const std::string v = withoutSpaces(*f.bic);
        const bool shape = (v.size() == 8 || v.size() == 11)
            && std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (!v.empty() && !shape)
            return Error::validation("bic", "invalid_bic", "a BIC is 8 or 11 letters and digits");
        s.bic = v;
    }
    if (f.defaultCurrency) {
        if (!isCurrencyCode(*f.defaultCurrency))
            return Error::validation(
                "default_currency", "invalid_currency", "default_currency is an ISO 4217 code such as EUR");
        s.defaultCurrency = *f.defaultCurrency;
    }
    if (f.bankAutoScore) {
        if (*f.bankAutoScore < 50 || *f.bankAutoScore > 101)
            return Error::validation("bank_auto_score", "out_of_range",
                "bank_auto_score is a score from 50 to 100, or 101 to never apply a match by itself");
        s.bankAutoScore = static_cast<int>(*f.bankAutoScore);
    }
    if (f.bankStaleDays) {
        if (*f.bankStaleDays < 1 || *f.bankStaleDays > 30)
            return Error::validation("bank_stale_days", "out_of_range", "bank_stale_days is 1 to 30 business days");
        s.bankStaleDays = static_cast<int>(*f.bankStaleDays);
    }
    s.updatedAt = m_ctx.clock();
    m_settings.saveCompany(s);
    audit(m_ctx, actor.userId, "settings.update", "company_settings", 1, model::toJson(before), model::toJson(s));
    tx.commit();
    return s;
}

Result<std::vector<model::EcbRate>> RelanceService::rates(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return m_settings.rates();
}

Result<model::EcbRate> RelanceService::setRate(
    const Actor& actor, std::int64_t year, std::int64_t half, std::int64_t rateBp)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    if (year < 2000 || year > 2100)
        return Error::validation("year", "out_of_range", "year is 2000 to 2100");
    if (half != 1 && half != 2)
        return Error::validation("half", "unknown_value", "half is 1 (rate on 1 January) or 2 (on 1 July)");
    if (rateBp < -1000 || rateBp > 2000)
        return Error::validation("rate_bp", "out_of_range", "rate_bp is -1000 to 2000 basis points");
    db::Transaction tx(m_ctx.db);
    model::EcbRate r{static_cast<int>(year), static_cast<int>(half), static_cast<int>(rateBp), m_ctx.clock()};
    m_settings.setRate(r);
    audit(m_ctx, actor.userId, "rate.set", "ecb_rates", year * 10 + half, nullptr, model::toJson(r));
    tx.commit();
    return r;
}

} // namespace crm::service
