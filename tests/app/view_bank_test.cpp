// The Rapprochement screen: a statement picked and imported (its report and match rate),
// the line waiting with its reasons in words, confirmed with Enter, another one ignored
// with a note and taken back, the bank data's age on Today.
#include "core/seed/statements.hpp"
#include "core/util/crypto.hpp"
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
        == "3 lignes nouvelles (0 déjà importée) : 1 paiement rapproché automatiquement sur 2 crédits (50 %), 1 "
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

    // The payers learned: confirming DUPONT's transfer taught its name; forgotten from the dialog.
    REQUIRE(s.imgui.frameUntil(s.app, "Payeurs reconnus…"));
    click(s, "Payeurs reconnus…");
    REQUIRE(s.imgui.frameUntil(s.app, "bank:alias:DUPONT"));
    CHECK(Headless::items()["bank:alias:DUPONT"][4] == "Dupont et Fils");
    const json learned = s.command("bank.aliases", json::object())["result"];
    REQUIRE(learned["total"] == 1);
    for (int k = 0; k < 4; ++k) // the dialog settles in the screen's centre
        s.imgui.frame(s.app);
    click(s, "Oublier##" + std::to_string(learned["rows"][0]["id"].get<std::int64_t>()));
    REQUIRE(s.imgui.frameUntil(s.app, "bank:aliases:empty"));
    CHECK(s.command("bank.aliases", json::object())["result"]["total"] == 0);
    app::platform::install({});
}

TEST_CASE("view: Rapprochement — a line nobody recognised given its client and invoices by hand")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::int64_t client
        = s.command("client.create", {{"code", "LEF"}, {"name", "Transports Lefèvre"}})["result"]["id"];
    std::vector<std::int64_t> ids;
    for (const auto& [number, cents] : {std::pair{"T-1", 300'00}, std::pair{"T-2", 450'00}, std::pair{"T-3", 900'00}})
        ids.push_back(s.command("invoice.create",
            {{"client_id", client}, {"number", number}, {"issue_date", "2026-10-01"}, {"due_date", "2026-10-31"},
                {"amount_cents", cents}})["result"]["id"]);
    bank::Statement st;
    st.account = "FR7630004000031234567890143";
    st.currency = "EUR";
    st.openingDate = st.closingDate = "2026-11-20";
    bank::StatementLine l;
    l.bookingDate = "2026-11-20";
    l.amountCents = 1'000'00; // T-1 and T-3 are 1 200,00: nothing adds up to it
    l.payerName = "GROUPE LOGISTIQUE OUEST";
    l.reference = "HAND1";
    st.lines = {l};
    REQUIRE(
        s.command("bank.import", {{"content_base64", crypto::base64Encode(seed::writeCamt053({st}))}})["result"]["todo"]
        == 1);
    s.app.router().navigate({"bank", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "bank:line:HAND1"));
    click(s, "Choisir client et factures / répartir…");
    REQUIRE(s.imgui.frameUntil(s.app, "##client-search"));
    click(s, "##client-search");
    ImGui::GetIO().AddInputCharactersUTF8("lefevre");
    REQUIRE(s.imgui.frameUntil(s.app, "Transports Lefèvre (LEF)"));
    click(s, "Transports Lefèvre (LEF)");
    // T-3 ticked alone: 900,00 on it, the 100,00 left as the client's credit.
    REQUIRE(s.imgui.frameUntil(s.app, "Changer de client"));
    for (int k = 0; k < 6; ++k) // the invoices arrive, the dialog grows and centres itself again
        s.imgui.frame(s.app);
    std::string t3; // "T-3 — 31/10/2026 — 900,00 €", its spaces the French way
    const json items = Headless::items();
    for (auto it = items.begin(); it != items.end(); ++it)
        if (it.key().rfind("T-3 — 31/10/2026 — 900,00", 0) == 0 && it.key().find("##") == std::string::npos)
            t3 = it.key();
    REQUIRE(!t3.empty());
    click(s, t3);
    click(s, "Confirmer");
    for (int k = 0; k < 8; ++k)
        s.imgui.frame(s.app);
    const json line = s.command("bank.lines", {{"state", "confirmed"}})["result"];
    REQUIRE_MESSAGE(line["total"] == 1, Headless::items().dump());
    const json pay = s.command("payment.get", {{"id", line["rows"][0]["payment_ids"][0]}})["result"];
    CHECK(pay["amount_cents"] == 1'000'00);
    CHECK(pay["allocated_cents"] == 900'00);
    REQUIRE(pay["allocations"].size() == 1);
    CHECK(pay["allocations"][0]["invoice_id"] == ids[2]);
}
