// The permission matrix, row by row: every method of api.describe that needs a
// session is called by each role, on data the role could otherwise work on (an agent
// on a client assigned to them); a role outside the method's `roles` must get
// `forbidden` from the service, a role inside must not. Agents are also refused the
// clients of other collectors.
#include "core/db/backup.hpp"
#include "core/seed/statements.hpp"
#include "core/service/disk_files.hpp"
#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>

using namespace crm;
using api::json;

namespace {

struct Fixture : test::World {
    std::int64_t own = 0, foreign = 0, inv = 0, foreignInv = 0, pay = 0, tpl = 0, doc = 0, comm = 0;
    std::int64_t sc = 0, stp = 0, emailAction = 0, task = 0, hold = 0;
    // storage.*: the in-memory database's backups in a folder of its own.
    std::filesystem::path dir = std::filesystem::temp_directory_path()
        / ("crm-permissions-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    service::DiskFiles files{(dir / "crm.db").string(), nullptr, dir};
    std::string backupName;
    ~Fixture() { std::filesystem::remove_all(dir); }
    Fixture()
    {
        own = client("OWN", agentId);
        call("client.update", {{"id", own}, {"email", "compta@own.fr"}}, admin);
        foreign = client("FOREIGN", agent2Id);
        inv = invoice(own, "F-OWN", 50000, "2026-10-01");
        foreignInv = invoice(foreign, "F-FOREIGN", 50000, "2026-10-01");
        pay = call("payment.record",
            {{"client_id", own}, {"date", "2026-11-01"}, {"amount_cents", 100}, {"method", "cash"},
                {"allocations", json::array()}},
            admin)["id"]
                  .get<std::int64_t>();
        tpl = call("relance_template.create", {{"code", "T"}, {"name", "T"}, {"channel", "email"}, {"body", "Bonjour"}},
            admin)["id"]
                  .get<std::int64_t>();
        sc = call("scenario.create", {{"name", "S"}}, admin)["id"].get<std::int64_t>();
        stp = call(
            "step.create", {{"scenario_id", sc}, {"name", "J+2"}, {"offset_days", 2}, {"channel", "call"}}, admin)["id"]
                  .get<std::int64_t>();
        // The default scenario's reminder (J+7, e-mail) and SMS + call (J+15) executed for today.
        invoice(own, "F-J7", 30000, "2026-11-17");
        invoice(own, "F-J15", 20000, "2026-11-09");
        call("relance.execute", {{"keys", "all"}}, admin);
        const json actions = call("relance.actions", json::object(), admin);
        for (const auto& a : actions["rows"])
            if (a["channel"] == "email")
                emailAction = a["id"].get<std::int64_t>();
        task = call("task.list", json::object(), admin)["rows"][0]["id"].get<std::int64_t>();
        hold = call("hold.create", {{"kind", "stop"}, {"client_id", own}, {"reason", "litige global"}}, admin)["id"]
                   .get<std::int64_t>();
        doc = call("document.attach",
            {{"client_id", own}, {"name", "a.txt"}, {"mime_type", "text/plain"},
                {"content_base64", crypto::base64Encode("bonjour")}},
            admin)["id"]
                  .get<std::int64_t>();
        comm = call("communication.log", {{"client_id", own}, {"channel", "note"}}, admin)["id"].get<std::int64_t>();
        std::filesystem::create_directories(dir);
        api.setStorageFiles(&files);
        backupName = call("storage.backup", json::object(), admin)["name"];
        db::copyTo(*db, (dir / "copy.sqlite").string());
    }

    std::int64_t disputedInvoice()
    {
        const auto id = invoice(own, "F-DISPUTED", 100, "2026-10-01");
        call("invoice.dispute", {{"id", id}, {"reason", "Prix"}}, admin);
        return id;
    }

    // Parameters that make `method` reach its permission check with real data.
    // A statement of one credit from the agent's client, imported by the administrator: a
    // suggestion (its name, no invoice number, an amount matching nothing exactly), ignored
    // when asked. The line's id.
    static std::string statement(std::int64_t cents, const std::string& payer)
    {
        bank::Statement s;
        s.account = "FR7630004000031234567890143";
        s.currency = "EUR";
        s.openingDate = s.closingDate = "2026-11-20";
        bank::StatementLine l;
        l.bookingDate = "2026-11-20";
        l.amountCents = cents;
        l.payerName = payer;
        l.reference = "R1";
        s.lines.push_back(l);
        return seed::writeCamt053({s});
    }
    std::int64_t bankLine(bool ignored)
    {
        const json r
            = call("bank.import", {{"content_base64", crypto::base64Encode(statement(12300, "Client OWN"))}}, admin);
        REQUIRE_MESSAGE(r["suggested"] == 1, r.dump());
        const std::int64_t id = call("bank.lines", json::object(), admin)["rows"][0]["id"];
        if (ignored)
            REQUIRE(call("bank.ignore", {{"id", id}}, admin)["state"] == "ignored");
        return id;
    }

    json params(const std::string& m)
    {
        if (m == "bank.line" || m == "bank.confirm" || m == "bank.ignore" || m == "bank.reopen")
            return {{"id", bankLine(m == "bank.reopen")}};
        if (m == "bank.forget_alias") { // a payer learned for the agent's client
            db->exec("INSERT INTO payer_aliases (kind, key, client_id, created_at) VALUES ('iban', "
                     "'FR7630004000031234567890143', "
                + std::to_string(own) + ", '2026-11-20T10:00:00Z')");
            return {{"id", db->lastInsertRowid()}};
        }
        const std::map<std::string, json> p = {
            {"auth.logout", json::object()},
            {"storage.info", json::object()},
            {"storage.persist", json::object()},
            {"storage.backups", json::object()},
            {"storage.backup", json::object()},
            {"storage.delete_backup", {{"name", backupName}}},
            {"storage.settings", {{"every_days", 2}, {"keep", 5}}},
            {"storage.restore", {{"name", backupName}}},
            {"storage.export", json::object()},
            {"auth.me", json::object()},
            {"auth.change_password", {{"current_password", test::kPassword}, {"new_password", "Autre-mot-2027"}}},
            {"user.list", json::object()},
            {"user.get", {{"id", adminId}}},
            {"user.create", {{"email", "new@test.fr"}, {"password", test::kPassword}, {"role", "agent"}}},
            {"user.set_role", {{"id", agent2Id}, {"role", "manager"}}},
            {"user.set_active", {{"id", agent2Id}, {"active", false}}},
            {"user.unlock", {{"id", agent2Id}}},
            {"user.reset_password", {{"id", agent2Id}, {"password", "Autre-mot-2027"}}},
            {"profile.update", {{"first_name", "Moi"}}},
            {"client.create", {{"code", "NEW"}, {"name", "Nouveau"}}},
            {"client.update", {{"id", own}, {"phone", "01 02 03 04 05"}}},
            {"client.assign", {{"id", own}, {"user_id", agent2Id}}},
            {"client.get", {{"id", own}}},
            {"client.summary", {{"id", own}}},
            {"client.list", json::object()},
            {"client.delete", {{"id", client("EMPTY")}}},
            {"invoice.create",
                {{"number", "F-NEW"}, {"client_id", own}, {"issue_date", "2026-11-01"}, {"due_date", "2026-12-01"},
                    {"amount_cents", 100}}},
            {"invoice.update", {{"id", inv}, {"description", "Prestation"}}},
            {"invoice.get", {{"id", inv}}},
            {"invoice.list", json::object()},
            {"invoice.cancel", {{"id", inv}, {"reason", "Erreur"}}},
            {"invoice.dispute", {{"id", inv}, {"reason", "Prix"}}},
            {"invoice.resolve_dispute", {{"id", disputedInvoice()}}},
            {"payment.record",
                {{"client_id", own}, {"date", "2026-11-02"}, {"amount_cents", 500}, {"method", "cheque"}}},
            {"credit_note.create",
                {{"client_id", own}, {"number", "AV-9"}, {"date", "2026-11-02"}, {"amount_cents", 500},
                    {"reason", "Remise"}}},
            {"payment.allocate", {{"id", pay}}},
            {"payment.void", {{"id", pay}, {"reason", "Erreur"}}},
            {"payment.get", {{"id", pay}}},
            {"payment.list", json::object()},
            {"communication.log", {{"client_id", own}, {"channel", "call"}, {"outcome", "reached"}}},
            {"communication.get", {{"id", comm}}},
            {"communication.list", {{"client_id", own}}},
            {"document.attach",
                {{"client_id", own}, {"name", "b.txt"}, {"mime_type", "text/plain"}, {"content_base64", ""}}},
            {"document.list", {{"client_id", own}}},
            {"document.download", {{"id", doc}}},
            {"document.delete", {{"id", doc}}},
            {"relance_template.create", {{"code", "T2"}, {"name", "T2"}, {"channel", "sms"}, {"body", "Bonjour"}}},
            {"relance_template.update", {{"id", tpl}, {"name", "T bis"}}},
            {"relance_template.delete", {{"id", tpl}}},
            {"relance_template.list", json::object()},
            {"scenario.create", {{"name", "S2"}}},
            {"scenario.update", {{"id", sc}, {"name", "S bis"}}},
            {"scenario.delete", {{"id", sc}}},
            {"scenario.list", json::object()},
            {"step.create", {{"scenario_id", sc}, {"name", "J+3"}, {"offset_days", 3}, {"channel", "call"}}},
            {"step.update", {{"id", stp}, {"name", "J+2 bis"}}},
            {"step.delete", {{"id", stp}}},
            {"settings.get", json::object()},
            {"settings.update", {{"legal_name", "Société Test"}, {"iban", "FR76 3000 6000 0112 3456 7890 189"}}},
            {"rate.list", json::object()},
            {"rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}},
            {"relance.plan", json::object()},
            {"relance.execute", {{"keys", "all"}}},
            {"relance.actions", json::object()},
            {"relance.deliver", {{"id", emailAction}, {"format", "file"}}},
            {"relance.mark_sent", {{"id", emailAction}}},
            {"task.list", json::object()},
            {"worklist.today", json::object()},
            {"relance.compose", {{"client_id", own}, {"template_code", "reminder"}}},
            {"relance.send_now", {{"client_id", own}, {"template_code", "reminder"}}},
            {"relance_template.placeholders", json::object()},
            {"relance_template.preview", {{"client_id", own}, {"channel", "email"}, {"body", "{client.name}"}}},
            {"task.done", {{"id", task}, {"outcome", "reached"}}},
            {"hold.create", {{"kind", "promise"}, {"client_id", own}, {"amount_cents", 1000}, {"date", "2026-12-01"}}},
            {"hold.list", json::object()},
            {"hold.end", {{"id", hold}}},
            {"report.aging", json::object()},
            {"report.dso", json::object()},
            {"report.collection_rate", {{"from", "2026-11-01"}, {"to", "2026-11-30"}}},
            {"report.top_overdue", json::object()},
            {"report.collectors", {{"from", "2026-11-01"}, {"to", "2026-11-30"}}},
            {"report.cash_in", json::object()},
            {"report.trend", {{"months", 3}}},
            {"payment.suggest_allocation", {{"client_id", own}, {"amount_cents", 100}}},
            {"client.assign_many", {{"ids", {own}}, {"user_id", nullptr}}},
            {"client.move_portfolio", {{"from_user_id", 1}, {"to_user_id", nullptr}}}, // the administrator holds none
            {"report.kpis", {{"from", "2026-11-01"}, {"to", "2026-11-30"}}},
            {"report.export", {{"report", "aging"}, {"format", "csv"}}},
            {"log.list", json::object()},
            {"snapshot.export", json::object()},
            {"snapshot.import",
                {{"content", call("snapshot.export", json::object(), admin)["content"]}, {"replace", true}}},
            {"demo.load", json::object()},
            {"list.export_csv", {{"list", "client.list"}}},
            {"import.preview", {{"kind", "clients"}, {"content_base64", crypto::base64Encode("code;name\nIMP;Imp\n")}}},
            {"import.apply", {{"kind", "clients"}, {"content_base64", crypto::base64Encode("code;name\nIMP;Imp\n")}}},
            {"demo.generate", {{"clients", 3}, {"invoices", 20}, {"seed", 7}}},
            {"bank.import", {{"content_base64", crypto::base64Encode(statement(100, "Nobody"))}}},
            {"bank.imports", json::object()},
            {"bank.lines", json::object()},
            {"bank.status", json::object()},
            {"bank.aliases", json::object()},
        };
        auto it = p.find(m);
        REQUIRE_MESSAGE(it != p.end(), "the permission test has no parameters for " << m);
        return it->second;
    }
};

} // namespace

TEST_CASE("every role × every command: the services enforce what api.describe says")
{
    const json methods = Fixture().api.describe()["methods"];
    int checked = 0;
    for (const auto& m : methods) {
        if (!m["session"].get<bool>())
            continue;
        const std::string method = m["method"];
        for (const std::string role : {"admin", "manager", "agent"}) {
            CAPTURE(method);
            CAPTURE(role);
            Fixture f;
            const json params = f.params(method); // may create rows of its own
            if (method == "demo.load" || method == "demo.generate")
                f.db->exec("DELETE FROM documents; DELETE FROM communications; DELETE FROM payment_allocations; "
                           "DELETE FROM payments; DELETE FROM invoices; DELETE FROM client_stats; DELETE FROM clients");
            const std::string& session = role == "admin" ? f.admin : role == "manager" ? f.manager : f.agent;
            const api::Reply r
                = f.api.handle(json{{"id", 1}, {"method", method}, {"params", params}, {"session", session}});
            const bool allowed = std::find(m["roles"].begin(), m["roles"].end(), role) != m["roles"].end();
            const bool forbidden = r.isError() && r.body["error"]["code"] == "forbidden";
            CHECK_MESSAGE(allowed != forbidden, r.body.dump());
            if (allowed)
                CHECK_MESSAGE(!r.isError(), r.body.dump()); // the fixture's call is valid: it succeeds
            // What the command wrote (observed by SQLite's hook) is what it declares.
            for (const auto& table : r.changed)
                CHECK_MESSAGE(std::find(m["writes"].begin(), m["writes"].end(), table) != m["writes"].end(),
                    method << " wrote " << table << " but does not declare it");
            ++checked;
        }
    }
    CHECK(checked >= 150);
}

TEST_CASE("agents work only the clients assigned to them")
{
    Fixture f;
    const json calls[] = {
        {{"m", "client.get"}, {"p", {{"id", f.foreign}}}},
        {{"m", "client.update"}, {"p", {{"id", f.foreign}, {"phone", "01"}}}},
        {{"m", "client.summary"}, {"p", {{"id", f.foreign}}}}, {{"m", "invoice.get"}, {"p", {{"id", f.foreignInv}}}},
        {{"m", "invoice.dispute"}, {"p", {{"id", f.foreignInv}, {"reason", "x"}}}},
        {{"m", "payment.record"},
            {"p", {{"client_id", f.foreign}, {"date", "2026-11-02"}, {"amount_cents", 5}, {"method", "cash"}}}},
        {{"m", "communication.log"}, {"p", {{"client_id", f.foreign}, {"channel", "note"}}}},
        {{"m", "communication.list"}, {"p", {{"client_id", f.foreign}}}},
        {{"m", "hold.create"}, {"p", {{"kind", "stop"}, {"client_id", f.foreign}, {"reason", "x"}}}},
        {{"m", "hold.list"}, {"p", {{"client_id", f.foreign}}}},
        {{"m", "relance.plan"}, {"p", {{"client_id", f.foreign}}}},
        {{"m", "task.list"}, {"p", {{"client_id", f.foreign}}}},
        {{"m", "document.attach"},
            {"p", {{"client_id", f.foreign}, {"name", "x"}, {"mime_type", "a/b"}, {"content_base64", ""}}}},
        {{"m", "client.update"},
            {"p", {{"id", f.own}, {"assigned_to", f.agentId}}}}, // may not reassign, even their own
    };
    for (const auto& c : calls) {
        CAPTURE(c.dump());
        CHECK(f.call(c["m"], c["p"], f.agent)["code"] == "forbidden");
    }
    CHECK(f.call("client.list", json::object(), f.agent)["total"] == 1);
    CHECK(f.call("invoice.list", json::object(), f.agent)["total"] == 3);
    CHECK(f.call("payment.list", json::object(), f.agent)["total"] == 1);
}
