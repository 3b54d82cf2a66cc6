// crm demo-build: writes the demo portfolio (seeds/demo-portfolio.json), a French SME's
// receivables as a snapshot. The generator lays down the clients, three collectors and
// 18 months of invoices with their payments (full, partial, late), credit notes,
// disputes and cancellations; then the commands a team would have run add the rest —
// promises and payment plans after calls, e-mails, letters and notes, a few documents.
// The demo loader (demo.portfolio) shifts every date so that the latest invoice is
// issued on the day it is loaded.
#include "tools/cli/demo_build.hpp"

#include "core/api/dispatcher.hpp"
#include "core/seed/generator.hpp"
#include "core/service/demo_service.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

namespace crm::cli {

namespace {

using api::json;

// A one-page PDF saying `line` (enough for a document to open in a viewer).
std::string tinyPdf(const std::string& line)
{
    const std::string stream = "BT /F1 14 Tf 72 720 Td (" + line + ") Tj ET";
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    auto obj = [&](const std::string& body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    obj("<< /Type /Catalog /Pages 2 0 R >>");
    obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
        ">> >>");
    obj("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream");
    obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (const auto o : offsets) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
        pdf += buf;
    }
    pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

// A SIRET with a valid check digit (Luhn over the 14 digits), from a number.
std::string siretFor(std::uint64_t n)
{
    std::string d = std::to_string(10000000000000ULL + n % 90000000000000ULL).substr(0, 13);
    for (int check = 0; check < 10; ++check) {
        const std::string candidate = d + std::to_string(check);
        int sum = 0;
        for (std::size_t i = 0; i < 14; ++i) {
            int v = candidate[13 - i] - '0';
            if (i % 2 == 1 && (v *= 2) > 9)
                v -= 9;
            sum += v;
        }
        if (sum % 10 == 0)
            return candidate;
    }
    return d + "0";
}

// A street in the client's town (its name ends with « — Town »), the postcode first.
std::string addressFor(const std::string& name, std::uint64_t n)
{
    static const std::pair<const char*, const char*> kTowns[] = {{"Paris", "75011"}, {"Lyon", "69003"},
        {"Marseille", "13002"}, {"Toulouse", "31000"}, {"Nice", "06000"}, {"Nantes", "44000"}, {"Strasbourg", "67000"},
        {"Montpellier", "34000"}, {"Bordeaux", "33000"}, {"Lille", "59000"}, {"Rennes", "35000"}, {"Reims", "51100"},
        {"Saint-Étienne", "42000"}, {"Orléans", "45000"}};
    static const char* kStreets[]
        = {"rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "rue Pasteur",
            "place du Marché", "rue des Artisans", "avenue de la Gare", "zone d’activités des Pins", "rue du Commerce"};
    const auto dash = name.rfind("— ");
    const std::string town = dash == std::string::npos ? "Paris" : name.substr(dash + 4);
    std::string postcode = "75011";
    for (const auto& [t, code] : kTowns)
        if (town == t)
            postcode = code;
    return std::to_string(1 + n % 120) + " " + kStreets[(n / 7) % 10] + "\n" + postcode + " " + town;
}

} // namespace

std::string buildDemoPortfolio(const std::string& asOf)
{
    auto db = db::Database::open(":memory:");
    seed::GeneratorOptions g;
    g.clients = 200;
    g.invoices = 3000;
    g.spanDays = 548;
    g.collectors = 3;
    g.seed = 2026;
    g.asOf = asOf;
    g.password = service::kDemoPassword;
    seed::generate(*db, g);

    // The clock goes back to when each call was made (a promise is made before it falls due).
    auto now = std::make_shared<std::string>(asOf + "T17:00:00Z");
    api::Dispatcher api(*db, [now] { return *now; });
    const json login = api.call("auth.login", {{"email", service::kDemoEmail}, {"password", service::kDemoPassword}});
    if (!login.contains("token"))
        throw std::runtime_error("demo-build: cannot sign in: " + login.dump());
    const std::string s = login["token"];
    auto call = [&](const std::string& method, const json& params) {
        const json r = api.call(method, params, s);
        if (r.contains("code") && r.contains("message")) // an error (a client has a code too)
            throw std::runtime_error("demo-build: " + method + " " + params.dump().substr(0, 200) + ": " + r.dump());
        return r;
    };
    // The company that sends the letters, and every client as a letter needs it: a postal
    // address, a SIRET, someone to write to.
    call("settings.update",
        {{"legal_name", "Durand Équipements SAS"}, {"address", "14 rue des Tanneurs\n69007 Lyon"},
            {"siret", "41220945500036"}, {"vat_number", "FR23412209455"}, {"phone", "04 78 60 12 34"},
            {"email", "recouvrement@durand-equipements.fr"}, {"iban", "FR76 3000 4008 2800 0123 4567 841"},
            {"bic", "BNPAFRPPXXX"}, {"signatory", "Claire Dupuis\nResponsable du recouvrement"}});
    // The rate of the demo's half-year, so that its letters state their interest (a figure
    // of the demo's own: set the real one in Scénarios de relance › Taux BCE).
    call("rate.set",
        {{"year", std::stoi(asOf.substr(0, 4))}, {"half", asOf.substr(5, 2) < "07" ? 1 : 2}, {"rate_bp", 215}});
    static const char* kCivil[] = {"Mme", "M."};
    const char* const kFirst[2][4]
        = {{"Sophie", "Nathalie", "Isabelle", "Céline"}, {"Julien", "Pierre", "Marc", "Olivier"}};
    const char* const kLast[] = {"Garnier", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas"};
    for (std::int64_t offset = 0;; offset += 100) {
        const json page = call("client.list", {{"offset", offset}, {"limit", 100}})["rows"];
        for (const auto& c : page) {
            const auto n = static_cast<std::uint64_t>(c["id"].get<std::int64_t>()) * 2654435761ULL;
            call("client.update",
                {{"id", c["id"]}, {"address", addressFor(c["name"], n)}, {"siret", siretFor(n)},
                    {"contact_name",
                        std::string(kCivil[n % 2]) + " " + kFirst[n % 2][(n >> 3) % 4] + " " + kLast[(n >> 7) % 8]}});
        }
        if (page.size() < 100)
            break;
    }
    // The clients who owe the most past due: where a team's effort goes.
    const json owing = call("client.list", {{"sort", "overdue"}, {"desc", true}, {"limit", 80}})["rows"];
    auto openInvoices = [&](std::int64_t client) {
        return call("invoice.list", {{"client_id", client}, {"status", "open"}, {"limit", 20}})["rows"];
    };
    auto at = [&](long daysAgo, int hour) {
        return timeutil::addDays(asOf, -daysAgo) + "T" + (hour < 10 ? "0" : "") + std::to_string(hour) + ":15:00Z";
    };
    static const char* kEmails[] = {"Rappel : facture échue", "Relance : règlement en attente",
        "Votre compte client présente un solde échu", "Demande de règlement"};
    static const char* kNotes[]
        = {"Client en difficulté passagère, suivre de près.", "Le comptable fournisseur change le mois prochain.",
            "Interlocuteur : service comptabilité, le matin.", "Paiements habituellement en fin de mois."};
    for (std::size_t k = 0; k < owing.size(); ++k) {
        const std::int64_t client = owing[k]["id"];
        const json open = openInvoices(client);
        // Promises were made 6 to 12 days ago, falling due from 4 days ago to 9 days ahead.
        const long ago = k < 14 ? static_cast<long>(6 + k % 7) : static_cast<long>(3 + (k * 7) % 40);
        call("communication.log",
            {{"client_id", client}, {"channel", "email"}, {"occurred_at", at(ago + 10, 9)}, {"subject", kEmails[k % 4]},
                {"body", "Bonjour,\nsauf erreur de notre part, des factures restent impayées. Merci de régulariser."}});
        if (k % 3 == 0)
            call("communication.log",
                {{"client_id", client}, {"channel", "note"}, {"occurred_at", at(ago + 4, 11)},
                    {"body", kNotes[k % 4]}});
        if (open.empty())
            continue;
        const std::int64_t invoice = open[0]["id"];
        const std::int64_t owed
            = open[0]["amount_cents"].get<std::int64_t>() - open[0]["paid_cents"].get<std::int64_t>();
        if (k < 14) {
            // A call that ended with a promise to pay; some already due, a few broken.
            // (the call's outcome "promise" opens the promise itself).
            const std::string date = timeutil::addDays(asOf, static_cast<long>(k) - 4);
            *now = at(ago, 14);
            call("communication.log",
                {{"client_id", client}, {"channel", "call"}, {"occurred_at", at(ago, 14)}, {"outcome", "promise"},
                    {"subject", "Appel de relance"}, {"promise_date", date}, {"promise_amount_cents", owed},
                    {"invoice_ids", json::array({invoice})}});
            *now = asOf + "T17:00:00Z";
        } else if (k < 18 && owed >= 3000) {
            json instalments = json::array();
            const std::int64_t part = owed / 3;
            for (int m = 0; m < 3; ++m)
                instalments.push_back(
                    {{"date", timeutil::addMonths(asOf, m + 1)}, {"amount_cents", m < 2 ? part : owed - 2 * part}});
            call("hold.create",
                {{"kind", "plan"}, {"client_id", client}, {"invoice_ids", json::array({invoice})},
                    {"instalments", instalments}});
            call("communication.log",
                {{"client_id", client}, {"channel", "letter"}, {"occurred_at", at(ago, 10)},
                    {"subject", "Échéancier de paiement accepté"}});
        } else if (k < 40) {
            call("communication.log",
                {{"client_id", client}, {"channel", "call"}, {"occurred_at", at(ago, 15)},
                    {"outcome", k % 2 ? "voicemail" : "reached"}, {"subject", "Appel de relance"}});
        }
        if (k % 16 == 5)
            call("document.attach",
                {{"client_id", client}, {"invoice_id", invoice}, {"name", "bon-de-livraison.pdf"},
                    {"mime_type", "application/pdf"},
                    {"content_base64", crypto::base64Encode(tinyPdf("Bon de livraison signe"))}});
    }
    call("auth.logout", json::object());
    return snapshot::exportText(*db);
}

} // namespace crm::cli
