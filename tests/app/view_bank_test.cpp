// The Rapprochement screen: a statement picked and imported (its report and match rate),
// the line waiting with its reasons in words, confirmed with Enter, another one ignored
// with a note and taken back, the bank data's age on Today.
#include "core/seed/statements.hpp"
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

namespace {

std::string statement()
{
    bank::Statement s;
    s.account = "FR7630004000031234567890143";
    s.currency = "EUR";
    s.openingDate = "2026-11-16";
    s.closingDate = "2026-11-20";
    auto line = [](std::int64_t cents, const char* payer, const char* text, const char* ref) {
        bank::StatementLine l;
        l.bookingDate = "2026-11-20";
        l.amountCents = cents;
        l.payerName = payer;
        l.remittance = text;
        l.reference = ref;
        return l;
    };
    s.lines = {line(1'200'00, "SARL DUPONT ET FILS", "FACT F-2026-0042", "AUTO1"),
        line(500'00, "DUPONT", "virement", "WAIT1"), line(-9'90, "", "FRAIS TENUE DE COMPTE", "FEE1")};
    return seed::writeCamt053({s});
}

} // namespace

TEST_CASE("view: Rapprochement — a statement imported, a suggestion confirmed with Enter, a line ignored")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::int64_t dupont
        = s.command("client.create", {{"code", "DUP"}, {"name", "Dupont et Fils"}})["result"]["id"];
    for (const auto& [number, cents] : {std::pair{"F-2026-0042", 1'200'00}, std::pair{"F-2026-0043", 500'00}})
        s.command("invoice.create",
            {{"client_id", dupont}, {"number", number}, {"issue_date", "2026-10-01"}, {"due_date", "2026-10-31"},
                {"amount_cents", cents}});
    const std::string offered = statement();
    app::platform::install({nullptr, nullptr, [&](const std::string&) {
                                app::platform::filePicked("releve-novembre.xml", offered);
                                return true;
                            }});
    s.app.router().navigate({"bank", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "Importer un relevé (CFONB, CAMT.053, OFX)…"));
    click(s, "Importer un relevé (CFONB, CAMT.053, OFX)…");
    REQUIRE(s.imgui.frameUntil(s.app, "bank:report"));
    CHECK(Headless::items()["bank:report"][4]
        == "3 lignes nouvelles (0 déjà importées) : 1 paiements rapprochés automatiquement sur 2 crédits (50 %), 1 "
           "à traiter.");
    REQUIRE(s.imgui.frameUntil(s.app, "bank:line:WAIT1"));
    // To deal with: the suggestion only (the exact payment was applied, the fees ignored).
    CHECK_FALSE(Headless::items().contains("bank:line:AUTO1"));
    CHECK_FALSE(Headless::items().contains("bank:line:FEE1"));
    CHECK(Headless::items()["bank:reasons"][4] == "seule facture de ce montant (F-2026-0043)");
    CHECK(Headless::items()["bank:import:1"][4].get<std::string>().find("2 crédits, 50 % rapprochés")
        != std::string::npos);
    CHECK(Headless::items()["bank:age"][4].get<std::string>().find("20/11/2026") != std::string::npos);

    // Enter confirms the selected line's best proposal.
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Enter] = 13; // the headless frame maps no key
    io.KeysDown[13] = true;
    s.imgui.frame(s.app);
    io.KeysDown[13] = false;
    REQUIRE(s.imgui.frameUntil(s.app, "bank:empty"));
    const json invoices = s.command("invoice.list", {{"client_id", dupont}})["result"];
    for (const auto& i : invoices["rows"])
        CHECK(i["open_cents"] == 0);

    // The ignored lines: the fees, taken back, then ignored again with a note.
    s.app.router().navigate({"bank", json::object()});
    const json lines = s.command("bank.lines", {{"state", "ignored"}})["result"];
    REQUIRE(lines["total"] == 1);
    CHECK(s.command("bank.reopen", {{"id", lines["rows"][0]["id"]}})["result"]["state"] == "todo");
    REQUIRE(s.imgui.frameUntil(s.app, "bank:line:FEE1"));
    click(s, "Ignorer");
    REQUIRE(s.imgui.frameUntil(s.app, "##bank-note"));
    click(s, "##bank-note");
    ImGui::GetIO().AddInputCharactersUTF8("frais bancaires");
    s.imgui.frame(s.app);
    click(s, "Ignorer la ligne");
    for (int k = 0; k < 6; ++k)
        s.imgui.frame(s.app);
    const json after = s.command("bank.lines", {{"state", "ignored"}})["result"];
    REQUIRE(after["total"] == 1);
    CHECK(after["rows"][0]["note"] == "frais bancaires");
    app::platform::install({});
}
