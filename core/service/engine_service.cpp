// EngineService: the relance engine behind the commands (engine_service.hpp). Sections
// (search for [SECTION]): the texts of a reminder · executing a plan · the plan · execution
// and the actions executed · a reminder written by hand · tasks.
#include "core/service/engine_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/communication_model.hpp"
#include "core/model/hold_model.hpp"
#include "core/model/relance_model.hpp"
#include "core/model/settings_model.hpp"
#include "core/model/user_model.hpp"
#include "core/relance/letter_pdf.hpp"
#include "core/relance/render.hpp"
#include "core/service/audit.hpp"
#include "core/service/bank_service.hpp"
#include "core/service/communication_service.hpp"
#include "core/service/hold_service.hpp"
#include "core/service/permissions.hpp"
#include "core/service/relance_service.hpp"
#include "core/service/validation.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace crm::service {

namespace {

relance::StepDef stepDef(const model::Step& st)
{
    relance::StepDef sd;
    sd.id = st.id;
    sd.name = st.name;
    sd.offsetDays = static_cast<long>(st.offsetDays);
    sd.channel = st.channel;
    sd.templateCode = st.templateCode;
    sd.mode = st.mode;
    sd.minAmountCents = st.minAmountCents;
    sd.minDaysSincePrevious = static_cast<long>(st.minDaysSincePrevious);
    sd.segment = st.segment;
    sd.risk = st.risk;
    sd.stage = st.stage;
    sd.active = st.active;
    return sd;
}

relance::ScenarioDef scenarioDef(const model::Scenario& s, const std::vector<model::Step>& steps)
{
    relance::ScenarioDef d;
    d.id = s.id;
    d.name = s.name;
    d.isDefault = s.isDefault;
    d.segment = s.segment;
    d.businessDays = s.businessDays;
    d.perInvoice = s.perInvoice;
    for (const auto& st : steps)
        if (st.scenarioId == s.id)
            d.steps.push_back(stepDef(st));
    return d;
}

// A step being edited, put in place of its saved form (or added: a new step, id
// kDraftStepId, which nothing has been done for). The saved step's id stays, and with
// it what was done for it: a draft never plans a step twice for an invoice.
constexpr std::int64_t kDraftStepId = -1;

void applyDraft(std::vector<relance::ScenarioDef>& scenarios, const model::Step& draft)
{
    relance::StepDef def = stepDef(draft);
    if (draft.id == 0)
        def.id = kDraftStepId;
    for (auto& sc : scenarios)
        std::erase_if(sc.steps, [&](const relance::StepDef& st) { return st.id == def.id; });
    for (auto& sc : scenarios)
        if (sc.id == draft.scenarioId) {
            const auto at = std::find_if(sc.steps.begin(), sc.steps.end(),
                [&](const relance::StepDef& st) { return st.offsetDays > def.offsetDays; });
            sc.steps.insert(at, std::move(def));
            return;
        }
}

std::string percentEncode(const std::string& s)
{
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '@')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string fileSafe(const std::string& s)
{
    std::string out;
    for (unsigned char c : s)
        out += std::isalnum(c) || c == '-' ? static_cast<char>(c) : '_';
    return out;
}

// [SECTION] the texts of a reminder: headers, placeholders (Composer)

// An RFC 5322 header value in UTF-8 (RFC 2047 encoded-word when not plain ASCII).
std::string headerValue(const std::string& s)
{
    const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return ascii ? s : "=?UTF-8?B?" + crypto::base64Encode(s) + "?=";
}

const char* channelOfCommunication(const std::string& stepChannel)
{
    if (stepChannel == "email" || stepChannel == "sms" || stepChannel == "letter")
        return stepChannel == "email" ? "email" : stepChannel == "sms" ? "sms" : "letter";
    if (stepChannel == "formal_notice")
        return "letter";
    return "note";
}

// What a reminder says: the values of its placeholders for a client and an action, the
// templates and collectors it names (read once), the company on the letterhead. Shared
// by executions and by a reminder composed by hand (compose).
class Composer {
public:
    explicit Composer(Context& ctx)
        : m_run(ctx.db),
          m_users(ctx.db),
          m_templates(ctx.db),
          m_company(model::SettingsModel(ctx.db).company())
    {
    }

    relance::RenderData renderData(
        const relance::Action& a, const model::Client& c, const model::User* collector, const std::string& asOf)
    {
        relance::RenderData d;
        d.language = c.language;
        d.currency = a.currency;
        d.today = asOf;
        d.values = {{"client.name", c.name}, {"client.code", c.code},
            {"client.contact",
                c.contactName.empty() ? (c.language == "en" ? "Sir or Madam" : "Madame, Monsieur") : c.contactName},
            {"client.address", c.address}, {"client.email", c.email}, {"client.phone", c.phone},
            {"company.name", m_company.legalName}, {"company.address", m_company.address},
            {"company.siret", m_company.siret}, {"company.vat", m_company.vatNumber},
            {"company.phone", m_company.phone}, {"company.email", m_company.email}, {"company.iban", m_company.iban},
            {"company.bic", m_company.bic}, {"payment.reference", paymentReference(c, asOf)}};
        if (collector) {
            const auto& p = collector->profile;
            std::string name = p.firstName + (p.firstName.empty() || p.lastName.empty() ? "" : " ") + p.lastName;
            d.values["collector.name"] = name.empty() ? collector->email : name;
            d.values["collector.signature"] = p.signature;
            d.values["collector.phone"] = p.phone.empty() ? m_company.phone : p.phone;
            d.values["collector.email"] = collector->email;
        } else {
            d.values["collector.name"] = m_company.legalName;
            d.values["collector.phone"] = m_company.phone;
            d.values["collector.email"] = m_company.email;
        }
        for (const auto& ai : a.invoices) {
            const auto facts = m_run.invoiceFacts(ai.invoiceId);
            d.invoices.push_back({facts.number, ai.dueDate, ai.amountCents, ai.openCents, ai.daysOverdue,
                ai.interestCents, ai.feeCents});
        }
        return d;
    }

    // Templates and collectors, read once per execution.
    const model::RelanceTemplate* findTemplate(const std::string& code, const std::string& language)
    {
        const std::string key = code + "\n" + language;
        auto it = m_templateCache.find(key);
        if (it == m_templateCache.end())
            it = m_templateCache.emplace(key, m_templates.find(code, language)).first;
        return it->second ? &*it->second : nullptr;
    }
    const model::User* user(std::int64_t id)
    {
        auto it = m_userCache.find(id);
        if (it == m_userCache.end())
            it = m_userCache.emplace(id, m_users.get(id)).first;
        return it->second ? &*it->second : nullptr;
    }

    // A letter or a formal notice: the letterhead, the recipient, the body (the template's,
    // rendered with the table's marker), the invoices in `data`.
    relance::LetterInput letter(const model::Client& client, bool formalNotice, const std::string& subject,
        const std::string& bodyTemplate, const relance::RenderData& data, const std::string& asOf) const
    {
        relance::LetterInput in;
        in.formalNotice = formalNotice;
        in.consumer = client.customerType == "consumer";
        in.contractCharges = client.contractCharges;
        in.language = client.language;
        in.companyName = m_company.legalName;
        in.companyAddress = m_company.address;
        in.siret = m_company.siret;
        in.vatNumber = m_company.vatNumber;
        in.companyPhone = m_company.phone;
        in.companyEmail = m_company.email;
        in.iban = m_company.iban;
        in.bic = m_company.bic;
        in.signatory = m_company.signatory;
        in.clientName = client.name;
        in.clientContact = client.contactName;
        in.clientAddress = client.address;
        in.date = asOf;
        in.subject = subject;
        in.body = relance::render(bodyTemplate, data, relance::kTableMarker);
        in.paymentReference = paymentReference(client, asOf);
        in.data = data;
        return in;
    }

    static std::string paymentReference(const model::Client& c, const std::string& asOf)
    {
        return c.code + "-" + asOf.substr(0, 7);
    }
    const model::CompanySettings& company() const { return m_company; }

private:
    model::RelanceRunModel m_run;
    model::UserModel m_users;
    model::RelanceTemplateModel m_templates;
    model::CompanySettings m_company;
    std::map<std::string, std::optional<model::RelanceTemplate>> m_templateCache;
    std::map<std::int64_t, std::optional<model::User>> m_userCache;
};

// [SECTION] executing a plan (ExecutionImpl)

class ExecutionImpl : public Execution {
public:
    ExecutionImpl(Context& ctx, const Actor& actor, std::string asOf, relance::Plan plan,
        std::vector<relance::Action> selected, std::vector<std::string> skipped)
        : m_ctx(ctx),
          m_actor(actor),
          m_asOf(std::move(asOf)),
          m_plan(std::move(plan)),
          m_selected(std::move(selected)),
          m_skipped(std::move(skipped)),
          m_tx(std::make_unique<db::Transaction>(ctx.db)),
          m_run(ctx.db),
          m_clients(ctx.db),
          m_composer(ctx),
          m_comms(ctx.db),
          m_docs(ctx.db),
          m_holds(ctx.db)
    {
        m_now = ctx.clock();
    }

    std::int64_t done() const override { return static_cast<std::int64_t>(m_next); }
    std::int64_t total() const override { return static_cast<std::int64_t>(m_selected.size()); }
    nlohmann::json result() const override
    {
        return {{"as_of", m_asOf}, {"executed", m_executed.size()}, {"action_ids", m_executed}, {"skipped", m_skipped},
            {"failed", m_failed}, {"broken_holds_logged", m_brokenLogged}, {"documents", m_documents},
            {"tasks", m_tasks}};
    }

    bool step(std::int64_t budget) override
    {
        if (!m_brokenDone) {
            logBrokenHolds();
            m_brokenDone = true;
        }
        for (std::int64_t n = 0; n < budget && m_next < m_selected.size(); ++n)
            execute(m_selected[m_next++]);
        if (m_next < m_selected.size())
            return false;
        m_tx->commit();
        return true;
    }

private:
    void logBrokenHolds()
    {
        for (const auto& b : m_plan.broken) {
            auto h = m_holds.get(b.holdId);
            if (!h || !h->brokenLoggedAt.empty())
                continue;
            m_holds.markBrokenLogged(b.holdId, m_now);
            audit(m_ctx, m_actor.userId, "hold.broken", "holds", b.holdId, nullptr,
                {{"kind", b.kind}, {"client_id", b.clientId}, {"missed_cents", b.missedCents}, {"as_of", m_asOf}});
            ++m_brokenLogged;
        }
    }

    void execute(const relance::Action& a)
    {
        const auto client = m_clients.get(a.clientId);
        if (!client) {
            m_failed.push_back({{"key", a.key}, {"reason", "not_found"}});
            return;
        }
        const model::User* collector = client->assignedTo > 0 ? m_composer.user(client->assignedTo) : nullptr;
        const relance::RenderData data = m_composer.renderData(a, *client, collector, m_asOf);
        const model::RelanceTemplate* tpl
            = a.templateCode.empty() ? nullptr : m_composer.findTemplate(a.templateCode, client->language);
        const bool needsTemplate
            = a.channel == "email" || a.channel == "sms" || a.channel == "letter" || a.channel == "formal_notice";
        if (needsTemplate && !tpl) {
            m_failed.push_back({{"key", a.key}, {"reason", "unknown_template"}, {"template_code", a.templateCode}});
            return;
        }
        const bool isLetter = a.channel == "letter" || a.channel == "formal_notice";
        // Never twice: an invoice done at this step meanwhile (another tab, another run) is left out.
        std::vector<std::int64_t> invoiceIds;
        for (const auto& ai : a.invoices)
            if (!m_run.isDone(ai.invoiceId, a.stepId))
                invoiceIds.push_back(ai.invoiceId);
        if (invoiceIds.empty()) {
            m_skipped.push_back(a.key);
            return;
        }

        model::ActionRow row;
        row.planKey = a.key;
        row.asOf = m_asOf;
        row.clientId = a.clientId;
        row.stepId = a.stepId;
        row.stepName = a.stepName;
        row.channel = a.channel;
        row.currency = a.currency;
        row.openCents = a.openCents;
        row.interestCents = a.interestCents;
        row.feeCents = a.feeCents;
        if (tpl) {
            row.subject = relance::render(tpl->subject, data);
            row.body = relance::render(tpl->body, data);
        } else if (a.channel == "call") {
            row.subject = a.stepName;
            row.body = (client->language == "en" ? "Call about " : "Appeler au sujet de ")
                + std::to_string(a.invoices.size()) + (client->language == "en" ? " invoice(s)" : " facture(s)");
        } else {
            row.subject = a.stepName;
            row.body = (client->language == "en" ? "Hand the file over to litigation.\n\n"
                                                 : "Transmettre le dossier au contentieux.\n\n")
                + relance::invoiceTable(data);
        }
        row.recipient = a.channel == "email"            ? client->email
            : a.channel == "sms" || a.channel == "call" ? client->phone
                                                        : client->address;
        row.status = a.channel == "call" || a.channel == "litigation" ? "task" : "to_send";
        row.createdBy = m_actor.userId;
        row.createdAt = m_now;
        row.id = m_run.insertAction(row);

        for (auto invoiceId : invoiceIds)
            m_run.markDone(invoiceId, a.stepId, row.id, m_asOf);

        std::int64_t communicationId = 0, documentId = 0;
        if (a.channel != "call") {
            model::Communication c;
            c.clientId = a.clientId;
            c.userId = m_actor.userId;
            c.channel = channelOfCommunication(a.channel);
            c.direction = "out";
            c.occurredAt = m_now;
            c.subject = row.subject.substr(0, 200);
            c.body = row.body.substr(0, 20000);
            c.invoiceIds = invoiceIds;
            c.createdAt = m_now;
            communicationId = m_comms.insert(c);
        }
        if (isLetter) {
            const relance::LetterInput in
                = m_composer.letter(*client, a.channel == "formal_notice", row.subject, tpl->body, data, m_asOf);
            const std::string pdf = relance::letterPdf(in);
            model::Document d;
            d.clientId = a.clientId;
            d.name = std::string(in.formalNotice ? "Mise-en-demeure-" : "Relance-") + fileSafe(client->code) + "-"
                + m_asOf + ".pdf";
            d.mimeType = "application/pdf";
            d.sizeBytes = static_cast<std::int64_t>(pdf.size());
            d.sha256 = crypto::sha256Hex(pdf);
            d.uploadedBy = m_actor.userId;
            d.createdAt = m_now;
            documentId = m_docs.insert(d, pdf);
            m_documents.push_back(documentId);
        }
        m_run.setActionLinks(row.id, communicationId, documentId);
        if (a.channel == "call" || a.channel == "litigation") {
            model::TaskRow t;
            t.clientId = a.clientId;
            t.userId = client->assignedTo;
            t.kind = a.channel == "call" ? "call" : "litigation";
            t.title = (a.channel == "call" ? (client->language == "en" ? "Call " : "Appeler ")
                                           : (client->language == "en" ? "Litigation: " : "Contentieux : "))
                + client->name;
            t.dueOn = m_asOf;
            t.actionId = row.id;
            t.createdAt = m_now;
            m_tasks.push_back(m_run.insertTask(t));
        }
        if (!a.stage.empty())
            m_run.advanceStage(a.clientId, a.stage);
        audit(m_ctx, m_actor.userId, "relance.execute", "relance_actions", row.id, nullptr,
            {{"key", a.key}, {"client_id", a.clientId}, {"step_id", a.stepId}, {"step", a.stepName},
                {"channel", a.channel}, {"invoice_ids", invoiceIds}, {"open_cents", a.openCents},
                {"interest_cents", a.interestCents ? nlohmann::json(*a.interestCents) : nlohmann::json()},
                {"fee_cents", a.feeCents}, {"as_of", m_asOf}, {"reason", a.reason.text()}});
        m_executed.push_back(row.id);
    }

    Context& m_ctx;
    Actor m_actor;
    std::string m_asOf, m_now;
    relance::Plan m_plan;
    std::vector<relance::Action> m_selected;
    std::vector<std::string> m_skipped;
    std::unique_ptr<db::Transaction> m_tx;
    model::RelanceRunModel m_run;
    model::ClientModel m_clients;
    Composer m_composer;
    model::CommunicationModel m_comms;
    model::DocumentModel m_docs;
    model::HoldModel m_holds;
    std::size_t m_next = 0;
    bool m_brokenDone = false;
    std::vector<std::int64_t> m_executed, m_documents, m_tasks;
    nlohmann::json m_failed = nlohmann::json::array();
    int m_brokenLogged = 0;
};

} // namespace

// [SECTION] the plan: what the engine is given, and its answer

relance::Portfolio EngineService::load(const PlanQuery& q)
{
    relance::Portfolio p;
    model::ScenarioModel scenarios(m_ctx.db);
    const auto steps = scenarios.steps(0);
    for (const auto& s : scenarios.list())
        p.scenarios.push_back(scenarioDef(s, steps));
    if (q.draftStep)
        applyDraft(p.scenarios, *q.draftStep);
    long earliest = 0; // the most negative offset: invoices due up to that many days ahead count
    for (const auto& sc : p.scenarios)
        for (const auto& st : sc.steps)
            earliest = std::min(earliest, st.offsetDays);

    const model::EngineScope scope{q.clientId, q.collectorId};
    for (const auto& c : m_run.clients(scope)) {
        relance::ClientInfo info;
        info.id = c.id;
        info.segment = c.segment;
        info.risk = c.risk;
        info.scenarioId = c.scenarioId;
        info.collectorId = c.collectorId;
        info.postalAddress = relance::isPostalAddress(c.address);
        info.terms.consumer = c.customerType == "consumer";
        info.terms.consumerCharges = c.contractCharges;
        if (c.contractRateBp)
            info.terms.contractRateBp = static_cast<int>(*c.contractRateBp);
        p.clients.emplace(c.id, info);
    }
    // A business-days scenario may reach further ahead than its calendar offset: a margin.
    const std::string dueBy = timeutil::addDays(q.asOf, -earliest * 2 + 10);
    auto wanted = [&](std::int64_t clientId) { return q.onlyClients.empty() || q.onlyClients.count(clientId) > 0; };
    m_run.openInvoices(scope, q.asOf, dueBy, [&](const model::EngineInvoice& i) {
        if (!wanted(i.clientId))
            return;
        p.invoices.push_back(
            {i.id, i.clientId, i.dueDate, i.amountCents, i.openCents, i.currency, i.disputed, i.hasSettlements});
    });
    m_run.done(scope, [&](const model::EngineDone& d) {
        if (wanted(d.clientId))
            p.done[d.invoiceId].push_back({d.stepId, d.on});
    });

    model::HoldModel holds(m_ctx.db);
    HoldService holdService(m_ctx);
    // Every hold of the clients in scope: the same client filter as the invoices' (an id
    // above 0 or none), so no filter value can leave an invoice without its holds.
    for (const auto& h : holds.list(scope.clientId > 0 ? scope.clientId : 0, true))
        if (p.clients.count(h.clientId) && wanted(h.clientId))
            p.holds.push_back(holdService.forEngine(h));
    for (const auto& r : model::SettingsModel(m_ctx.db).rates())
        p.rates.set(r.year, r.half, r.rateBp);
    p.letterMissing = missingForLetters(model::SettingsModel(m_ctx.db).company());
    p.settlementsOf = [this](std::int64_t invoiceId) {
        std::vector<relance::Settlement> out;
        for (auto& [date, cents] : m_run.settlements(invoiceId))
            out.push_back({date, cents});
        return out;
    };
    return p;
}

std::optional<Error> EngineService::checkQuery(const Actor& actor, PlanQuery& q, bool forExecution)
{
    if (auto e = require(actor, forExecution ? Perm::RelanceExecute : Perm::RelanceRead))
        return e;
    if (q.asOf.empty())
        q.asOf = m_ctx.today();
    if (!timeutil::isValidDate(q.asOf))
        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
    if (forExecution && q.asOf > m_ctx.today())
        return Error::validation("as_of", "in_future", "a plan cannot be executed for a day after today");
    if (q.clientId < 0) // 0 is every client; below names none (and must not skip holds)
        return Error::validation("client_id", "invalid_id", "client_id must be an id (1 or more)");
    if (q.clientId > 0)
        if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, q.clientId))
            return e;
    if (auto e = ownPortfolio(actor, q.collectorId)) // an agent plans their own clients only
        return e;
    return std::nullopt;
}

Result<PlanView> EngineService::plan(const Actor& actor, PlanQuery q, PlanPage page)
{
    if (auto e = checkQuery(actor, q, false))
        return *e;
    for (auto [value, field] : {std::pair{page.offset, "offset"}, {page.limit, "limit"},
             {page.withheldOffset, "withheld_offset"}, {page.withheldLimit, "withheld_limit"}})
        if (value < 0)
            return Error::validation(field, "out_of_range", std::string(field) + " must not be negative");
    if (!page.mode.empty() && page.mode != "auto" && page.mode != "confirm")
        return Error::validation("mode", "unknown_value", "mode is auto or confirm");
    db::ReadTransaction snapshot(m_ctx.db); // one view for the state and the names (and no lock per look-up)
    PlanView v;
    v.plan = relance::plan(load(q), q.asOf);
    // The day's totals, each invoice counted once (an SMS and a call may name the same one).
    std::set<std::int64_t> allClients, allInvoices;
    std::map<std::int64_t, std::pair<std::set<std::int64_t>, std::set<std::int64_t>>> stepSeen; // clients, invoices
    std::map<std::int64_t, std::size_t> stepAt;
    for (const auto& a : v.plan.actions) {
        auto [at, fresh] = stepAt.emplace(a.stepId, v.totals.bySteps.size());
        if (fresh)
            v.totals.bySteps.push_back(
                {a.stepId, a.scenarioId, a.reason.offsetDays, a.stepName, a.channel, a.mode, 0, 0, 0, 0, 0, 0});
        StepTotal& t = v.totals.bySteps[at->second];
        auto& [clients, invoices] = stepSeen[a.stepId];
        ++t.actions;
        clients.insert(a.clientId);
        for (const auto& i : a.invoices)
            if (invoices.insert(i.invoiceId).second && a.currency == "EUR") {
                t.openCents += i.openCents;
                t.interestCents += i.interestCents.value_or(0);
                t.feeCents += i.feeCents;
            }
    }
    for (auto& t : v.totals.bySteps) {
        t.clients = static_cast<std::int64_t>(stepSeen[t.stepId].first.size());
        t.invoices = static_cast<std::int64_t>(stepSeen[t.stepId].second.size());
    }
    std::sort(v.totals.bySteps.begin(), v.totals.bySteps.end(), [](const StepTotal& x, const StepTotal& y) {
        return std::tie(x.scenarioId, x.offsetDays, x.step) < std::tie(y.scenarioId, y.offsetDays, y.step);
    });
    for (const auto& w : v.plan.withheld) {
        ++v.totals.withheldFor[w.reason];
        if (w.reason == "no_rate")
            v.totals.missingRates.insert(w.missingRates.begin(), w.missingRates.end());
    }
    if (const auto rate = v.totals.withheldFor.find("no_rate"); rate != v.totals.withheldFor.end())
        v.totals.withheldForRate = rate->second;
    for (const auto& a : v.plan.actions) {
        allClients.insert(a.clientId);
        v.totals.confirm += a.mode == "confirm" ? 1 : 0;
        v.totals.missingRates.insert(a.reason.missingRates.begin(), a.reason.missingRates.end());
        for (const auto& i : a.invoices)
            if (allInvoices.insert(i.invoiceId).second && a.currency == "EUR") {
                v.totals.openCents += i.openCents;
                v.totals.interestCents += i.interestCents.value_or(0);
                v.totals.feeCents += i.feeCents;
            }
    }
    v.totals.actions = static_cast<std::int64_t>(v.plan.actions.size());
    v.totals.withheld = static_cast<std::int64_t>(v.plan.withheld.size());
    v.totals.clients = static_cast<std::int64_t>(allClients.size());
    v.totals.invoices = static_cast<std::int64_t>(allInvoices.size());
    auto cut = [](auto& list, std::int64_t offset, std::int64_t limit) {
        const auto n = static_cast<std::int64_t>(list.size());
        const auto from = std::min(offset, n);
        const auto to = limit > 0 ? std::min(n, from + limit) : n;
        list.erase(list.begin() + to, list.end());
        list.erase(list.begin(), list.begin() + from);
    };
    if (!page.mode.empty())
        std::erase_if(v.plan.actions, [&](const relance::Action& a) { return a.mode != page.mode; });
    cut(v.plan.actions, page.offset, page.limit);
    cut(v.plan.withheld, page.withheldOffset, page.withheldLimit);
    std::set<std::int64_t> clients, invoices;
    for (const auto& a : v.plan.actions) {
        clients.insert(a.clientId);
        for (const auto& i : a.invoices)
            invoices.insert(i.invoiceId);
    }
    for (const auto& w : v.plan.withheld) {
        clients.insert(w.clientId);
        invoices.insert(w.invoiceId);
    }
    v.clientNames = m_run.clientNames({clients.begin(), clients.end()});
    v.invoiceNumbers = m_run.invoiceNumbers({invoices.begin(), invoices.end()});
    return v;
}

// [SECTION] execution, and the actions executed: listed, delivered, marked sent

Result<std::unique_ptr<Execution>> EngineService::startExecution(
    const Actor& actor, PlanQuery q, std::vector<std::string> keys, bool all)
{
    if (auto e = checkQuery(actor, q, true))
        return *e;
    if (!all && keys.empty())
        return Error::validation("keys", "required", "name the actions to execute, or \"all\"");
    if (all) {
        // No reminder for what the bank may already have received: stale bank data waits for
        // a confirmation naming its age.
        const BankStatus bank = bankStatus(m_ctx);
        if (bank.stale && q.bankAgeConfirmed.value_or(-1) < bank.ageBusinessDays) {
            Error e = Error::conflict("stale_bank",
                "the latest bank statement closes on " + bank.latestDate + ", " + std::to_string(bank.ageBusinessDays)
                    + " business days ago (more than " + std::to_string(bank.staleDays)
                    + "): import the latest statements first, or confirm with bank_age_confirmed: "
                    + std::to_string(bank.ageBusinessDays),
                "bank_age_confirmed");
            e.details
                = nlohmann::json::array({{{"latest_date", bank.latestDate}, {"age_business_days", bank.ageBusinessDays},
                                            {"stale_days", bank.staleDays}}})
                      .dump();
            return e;
        }
    }
    // Keys name their client ("c42-s7"): only those clients need planning again.
    if (!all)
        for (const auto& k : keys)
            if (k.size() > 1 && k[0] == 'c')
                q.onlyClients.insert(std::strtoll(k.c_str() + 1, nullptr, 10));
    relance::Plan plan = relance::plan(load(q), q.asOf);
    std::vector<relance::Action> selected;
    std::vector<std::string> skipped;
    std::set<std::string> wanted(keys.begin(), keys.end());
    for (auto& a : plan.actions) {
        if (all ? a.mode == "auto" : wanted.count(a.key) > 0) {
            wanted.erase(a.key);
            selected.push_back(a);
        }
    }
    for (const auto& k : wanted)
        skipped.push_back(k); // no longer in the plan: paid, held or done since it was shown
    return std::unique_ptr<Execution>(std::make_unique<ExecutionImpl>(
        m_ctx, actor, q.asOf, std::move(plan), std::move(selected), std::move(skipped)));
}

Result<std::vector<model::ActionRow>> EngineService::actions(
    const Actor& actor, model::ActionQuery q, std::int64_t& total)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    if (q.clientId > 0)
        if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, q.clientId))
            return *e;
    if (auto e = ownPortfolio(actor, q.collectorId))
        return *e;
    if (!q.status.empty() && !oneOf(q.status, {"to_send", "sent", "task"}))
        return Error::validation("status", "unknown_value", "status is to_send, sent or task");
    if (q.limit < 1 || q.limit > 1000)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and 1000");
    return m_run.actions(q, total);
}

Result<model::ActionRow> EngineService::markSent(const Actor& actor, std::int64_t id)
{
    db::Transaction tx(m_ctx.db);
    auto a = m_run.action(id);
    if (!a)
        return Error::notFound("action " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::RelanceExecute, a->clientId))
        return *e;
    if (a->status == "task")
        return Error::conflict("is_task", "a call or a hand-over is done from its task (task.done)");
    if (a->status != "sent") {
        const std::string now = m_ctx.clock();
        m_run.setActionSent(id, now);
        audit(m_ctx, actor.userId, "relance.sent", "relance_actions", id, {{"status", a->status}},
            {{"status", "sent"}, {"sent_at", now}});
        a->status = "sent";
        a->sentAt = now;
    }
    tx.commit();
    return *a;
}

Result<Delivery> EngineService::deliver(const Actor& actor, std::int64_t id, const std::string& format)
{
    if (!oneOf(format, {"link", "file"}))
        return Error::validation("format", "unknown_value", "format is link or file");
    auto a = m_run.action(id);
    if (!a)
        return Error::notFound("action " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::RelanceExecute, a->clientId))
        return *e;
    Delivery d;
    if (format == "link") {
        d.kind = "link";
        if (a->channel == "email")
            d.url = "mailto:" + percentEncode(a->recipient) + "?subject=" + percentEncode(a->subject)
                + "&body=" + percentEncode(a->body);
        else if (a->channel == "sms")
            d.url = "sms:" + percentEncode(a->recipient) + "?body=" + percentEncode(a->body);
        else if (a->channel == "call")
            d.url = "tel:" + percentEncode(a->recipient);
        else
            return Error::validation("format", "no_link", "a " + a->channel + " has no link: download its file");
        return d;
    }
    d.kind = "file";
    const std::string base = fileSafe(a->clientName.substr(0, 40)) + "-" + a->asOf;
    if (a->documentId > 0) {
        model::DocumentModel docs(m_ctx.db);
        const auto doc = docs.get(a->documentId);
        const auto content = docs.content(a->documentId);
        if (!doc || !content)
            return Error::notFound("the letter of action " + std::to_string(id) + " was deleted", "id");
        d.name = doc->name;
        d.mimeType = doc->mimeType;
        d.content = *content;
    } else if (a->channel == "email") {
        const auto company = model::SettingsModel(m_ctx.db).company();
        d.name = "Relance-" + base + ".eml";
        d.mimeType = "message/rfc822";
        d.content = "To: " + a->recipient + "\r\n" + (company.email.empty() ? "" : "From: " + company.email + "\r\n")
            + "Subject: " + headerValue(a->subject) + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\nX-Unsent: 1\r\n\r\n";
        for (char c : a->body) {
            if (c == '\n')
                d.content += "\r\n";
            else
                d.content += c;
        }
        d.content += "\r\n";
    } else {
        d.name = "Relance-" + base + ".txt";
        d.mimeType = "text/plain; charset=utf-8";
        d.content = a->subject + "\n\n" + a->body + "\n";
    }
    if (a->status == "to_send") {
        db::Transaction tx(m_ctx.db);
        const std::string now = m_ctx.clock();
        m_run.setActionSent(id, now);
        audit(m_ctx, actor.userId, "relance.sent", "relance_actions", id, {{"status", a->status}},
            {{"status", "sent"}, {"sent_at", now}, {"by", "download"}});
        tx.commit();
    }
    return d;
}

// [SECTION] a reminder written by hand: composed, sent now

Result<Composed> EngineService::compose(
    const Actor& actor, std::int64_t clientId, const std::string& templateCode, std::string asOf)
{
    return composeWith(actor, clientId, &templateCode, nullptr, std::move(asOf), {});
}

Result<Composed> EngineService::preview(const Actor& actor, std::int64_t clientId, const model::RelanceTemplate& draft,
    std::string asOf, const PreviewOptions& options)
{
    return composeWith(actor, clientId, nullptr, &draft, std::move(asOf), options);
}

Result<Composed> EngineService::composeWith(const Actor& actor, std::int64_t clientId, const std::string* templateCode,
    const model::RelanceTemplate* draft, std::string asOf, const PreviewOptions& options)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, clientId))
        return *e;
    if (asOf.empty())
        asOf = m_ctx.today();
    if (!timeutil::isValidDate(asOf))
        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
    const auto client = model::ClientModel(m_ctx.db).get(clientId);
    if (!client)
        return Error::notFound("client " + std::to_string(clientId) + " does not exist", "client_id");
    Composer composer(m_ctx);
    const model::RelanceTemplate* tpl = draft ? draft : composer.findTemplate(*templateCode, client->language);
    if (!tpl)
        return Error::validation("template_code", "unknown_template",
            "no template '" + *templateCode + "' in the client's language (" + client->language + ")");
    PlanQuery q;
    q.asOf = asOf;
    q.clientId = clientId;
    q.onlyClients = {clientId};
    auto action = relance::overdueAction(load(q), clientId, asOf);
    if (!action)
        return Error::conflict("nothing_overdue", "the client owes nothing past due", "client_id");
    Composed out;
    out.templateCode = tpl->code;
    out.channel = tpl->channel;
    out.language = client->language;
    out.action = std::move(*action);
    out.action.channel = tpl->channel;
    out.action.templateCode = tpl->code;
    const model::User* collector = client->assignedTo > 0 ? composer.user(client->assignedTo) : nullptr;
    const relance::RenderData data = composer.renderData(out.action, *client, collector, asOf);
    out.subject = relance::render(tpl->subject, data);
    out.body = relance::render(tpl->body, data);
    out.recipient = tpl->channel == "sms" ? client->phone : client->email;
    if (tpl->channel == "email" && !out.recipient.empty())
        out.url = "mailto:" + percentEncode(out.recipient) + "?subject=" + percentEncode(out.subject)
            + "&body=" + percentEncode(out.body);
    else if (tpl->channel == "sms" && !out.recipient.empty())
        out.url = "sms:" + percentEncode(out.recipient) + "?body=" + percentEncode(out.body);
    if (options.pdf && tpl->channel == "letter")
        out.pdf
            = relance::letterPdf(composer.letter(*client, options.formalNotice, out.subject, tpl->body, data, asOf));
    std::vector<std::int64_t> ids;
    for (const auto& i : out.action.invoices)
        ids.push_back(i.invoiceId);
    out.invoiceNumbers = m_run.invoiceNumbers(ids);
    return out;
}

Result<Composed> EngineService::sendNow(const Actor& actor, std::int64_t clientId, const std::string& templateCode)
{
    if (auto e = require(actor, Perm::RelanceExecute))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto composed = compose(actor, clientId, templateCode);
    if (!composed.ok())
        return composed.error();
    Composed& c = composed.value();
    if (c.channel != "email" && c.channel != "sms")
        return Error::validation("template_code", "wrong_channel",
            "only e-mail and SMS templates are sent from here (letters go through the plan)");
    if (c.recipient.empty())
        return Error::validation("client_id", "no_recipient",
            c.channel == "sms" ? "the client has no phone number" : "the client has no e-mail address");
    const std::string now = m_ctx.clock();
    model::Communication comm;
    comm.clientId = clientId;
    comm.userId = actor.userId;
    comm.channel = c.channel;
    comm.direction = "out";
    comm.occurredAt = now;
    comm.subject = c.subject.substr(0, 200);
    comm.body = c.body.substr(0, 20000);
    for (const auto& i : c.action.invoices)
        comm.invoiceIds.push_back(i.invoiceId);
    comm.createdAt = now;
    c.communicationId = model::CommunicationModel(m_ctx.db).insert(comm);
    audit(m_ctx, actor.userId, "relance.send_now", "communications", c.communicationId, nullptr,
        {{"client_id", clientId}, {"template_code", c.templateCode}, {"channel", c.channel},
            {"invoices", comm.invoiceIds.size()}});
    tx.commit();
    return composed;
}

// [SECTION] tasks: calls to make, files to hand over

Result<std::vector<model::TaskRow>> EngineService::tasks(
    const Actor& actor, std::optional<std::int64_t> userId, std::int64_t clientId, bool open)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    if (clientId > 0)
        if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, clientId))
            return *e;
    if (auto e = ownPortfolio(actor, userId))
        return *e;
    // An agent's are the tasks of the clients assigned to them now.
    return m_run.tasks(userId, clientId, open, scopedToOwnClients(actor.role) ? actor.userId : 0);
}

Result<model::TaskRow> EngineService::completeTask(const Actor& actor, std::int64_t id, const TaskDone& in)
{
    db::Transaction tx(m_ctx.db);
    auto t = m_run.task(id);
    if (!t)
        return Error::notFound("task " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::RelanceExecute, t->clientId))
        return *e;
    if (!t->doneAt.empty())
        return Error::conflict("already_done", "this task was done on " + t->doneAt);
    std::vector<std::int64_t> invoiceIds;
    if (t->actionId > 0)
        if (auto a = m_run.action(t->actionId))
            invoiceIds = a->invoiceIds;
    CommunicationInput c;
    c.clientId = t->clientId;
    c.invoiceIds = invoiceIds;
    c.body = in.note;
    if (t->kind == "call") {
        c.channel = "call";
        c.outcome = in.outcome;
        c.promiseDate = in.promiseDate;
        c.promiseAmountCents = in.promiseAmountCents;
        c.subject = t->title;
    } else {
        if (in.outcome != "handed_over")
            return Error::validation("outcome", "unknown_value", "a litigation task is done with outcome handed_over");
        c.channel = "note";
        c.subject = t->title;
    }
    auto logged = CommunicationService(m_ctx).log(actor, c);
    if (!logged.ok())
        return logged.error();
    const std::string now = m_ctx.clock();
    m_run.completeTask(id, now, in.outcome, logged->id);
    audit(m_ctx, actor.userId, "task.done", "tasks", id, nullptr,
        {{"outcome", in.outcome}, {"communication_id", logged->id}});
    tx.commit();
    return *m_run.task(id);
}

} // namespace crm::service
