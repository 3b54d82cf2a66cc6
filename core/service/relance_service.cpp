#include "core/service/relance_service.hpp"

#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace crm::service {

namespace {

std::optional<Error> checkPlaceholders(const char* field, const std::string& s)
{
    static const char* kKnown[] = {"client.name", "client.code", "invoice.number", "invoice.amount", "invoice.due_date",
        "invoice.open", "days_overdue", "user.name", "user.signature"};
    for (std::size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1)) {
        const auto end = s.find('}', i);
        if (end == std::string::npos)
            return Error::validation(field, "unclosed_placeholder", "a { is never closed");
        const std::string name = s.substr(i + 1, end - i - 1);
        if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return name == k; }))
            return Error::validation(field, "unknown_placeholder", "unknown placeholder {" + name + "}");
    }
    return std::nullopt;
}

} // namespace

std::optional<Error> RelanceService::applyTemplate(const TemplateFields& f, model::RelanceTemplate& t)
{
    if (f.code) {
        if (auto e = checkText("code", text::trim(*f.code), 64, false, 1))
            return e;
        t.code = text::trim(*f.code);
    }
    if (f.name) {
        if (auto e = checkText("name", text::trim(*f.name), 200, false, 1))
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
        if (auto e = checkText("subject", *f.subject, 200, false, 0))
            return e;
        if (auto e = checkPlaceholders("subject", *f.subject))
            return e;
        t.subject = *f.subject;
    }
    if (f.body) {
        if (auto e = checkText("body", *f.body, 20000, true, 1))
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
    if (m_templates.findIdByCode(t.code))
        return Error::validation("code", "duplicate", "a template with code '" + t.code + "' already exists");
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
    if (auto other = m_templates.findIdByCode(t.code); other && *other != id)
        return Error::validation("code", "duplicate", "a template with code '" + t.code + "' already exists");
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
    if (m_templates.usedByRule(id))
        return Error{ErrorCode::Conflict, "a rule uses this template", {}, "in_use"};
    m_templates.remove(id);
    audit(m_ctx, actor.userId, "relance_template.delete", "relance_templates", id, model::toJson(*t), nullptr);
    tx.commit();
    return Unit{};
}

Result<std::vector<model::RelanceTemplate>> RelanceService::listTemplates(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return m_templates.list();
}

std::optional<Error> RelanceService::applyRule(const RuleFields& f, model::RelanceRule& r)
{
    if (f.name) {
        if (auto e = checkText("name", text::trim(*f.name), 200, false, 1))
            return e;
        r.name = text::trim(*f.name);
    }
    if (f.step) {
        if (!oneOf(*f.step, {"friendly_email", "sms", "call", "formal_notice", "litigation"}))
            return Error::validation(
                "step", "unknown_value", "step is friendly_email, sms, call, formal_notice or litigation");
        r.step = *f.step;
    }
    if (f.daysAfterDue) {
        if (*f.daysAfterDue < -60 || *f.daysAfterDue > 730)
            return Error::validation("days_after_due", "out_of_range", "days_after_due is -60 to 730");
        r.daysAfterDue = *f.daysAfterDue;
    }
    if (f.minAmountCents) {
        if (*f.minAmountCents < 0)
            return Error::validation("min_amount_cents", "out_of_range", "min_amount_cents cannot be negative");
        r.minAmountCents = *f.minAmountCents;
    }
    if (f.active)
        r.active = *f.active;
    if (f.templateId) {
        const std::int64_t id = f.templateId->value_or(0);
        if (id > 0 && !m_templates.get(id))
            return Error::validation(
                "template_id", "unknown_template", "template " + std::to_string(id) + " does not exist");
        r.templateId = id;
    }
    // A step that sends something needs a template of the matching channel.
    if (r.step == "friendly_email" || r.step == "sms" || r.step == "formal_notice") {
        if (r.templateId == 0)
            return Error::validation("template_id", "required", "this step sends a message: choose its template");
        const std::string want = r.step == "sms" ? "sms" : r.step == "friendly_email" ? "email" : "letter";
        const auto t = m_templates.get(r.templateId);
        if (t && t->channel != want && !(r.step == "formal_notice" && t->channel == "email"))
            return Error::validation("template_id", "wrong_channel", "this step needs a " + want + " template");
    }
    return std::nullopt;
}

Result<model::RelanceRule> RelanceService::createRule(const Actor& actor, const RuleFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    for (auto [present, field] : {std::pair{f.name.has_value(), "name"}, {f.step.has_value(), "step"},
             {f.daysAfterDue.has_value(), "days_after_due"}})
        if (!present)
            return Error::validation(field, "required", std::string(field) + " is required");
    db::Transaction tx(m_ctx.db);
    model::RelanceRule r;
    if (auto e = applyRule(f, r))
        return *e;
    r.createdAt = r.updatedAt = m_ctx.clock();
    r.id = m_rules.insert(r);
    audit(m_ctx, actor.userId, "relance_rule.create", "relance_rules", r.id, nullptr, model::toJson(r));
    tx.commit();
    return r;
}

Result<model::RelanceRule> RelanceService::updateRule(const Actor& actor, std::int64_t id, const RuleFields& f)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto existing = m_rules.get(id);
    if (!existing)
        return Error::notFound("rule " + std::to_string(id) + " does not exist");
    auto r = *existing;
    if (auto e = applyRule(f, r))
        return *e;
    r.updatedAt = m_ctx.clock();
    m_rules.update(r);
    audit(m_ctx, actor.userId, "relance_rule.update", "relance_rules", id, model::toJson(*existing), model::toJson(r));
    tx.commit();
    return r;
}

Result<Unit> RelanceService::deleteRule(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::RelanceManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto r = m_rules.get(id);
    if (!r)
        return Error::notFound("rule " + std::to_string(id) + " does not exist");
    m_rules.remove(id);
    audit(m_ctx, actor.userId, "relance_rule.delete", "relance_rules", id, model::toJson(*r), nullptr);
    tx.commit();
    return Unit{};
}

Result<std::vector<model::RelanceRule>> RelanceService::listRules(const Actor& actor)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    return m_rules.list();
}

} // namespace crm::service
