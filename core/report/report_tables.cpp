#include "core/report/report_tables.hpp"

#include "core/import/csv.hpp"
#include "core/report/rates.hpp"
#include "core/report/report_pdf.hpp"
#include "core/util/format.hpp"

#include <cmath>
#include <cstdio>

namespace crm::report {

namespace {

std::string decimalComma(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string out = buf;
    for (auto& ch : out)
        if (ch == '.')
            ch = ',';
    return out;
}

std::string cellText(const json& v, Kind kind, bool printed, const std::string& currency, const std::string& lang)
{
    if (v.is_null())
        return printed ? "—" : "";
    switch (kind) {
    case Kind::Text: return printed ? v.get<std::string>() : dataimport::spreadsheetText(v.get<std::string>());
    case Kind::Money:
        return printed ? fmt::money(v.get<std::int64_t>(), currency, lang)
                       : fmt::hundredths(v.get<std::int64_t>(), false, false);
    case Kind::Date: return fmt::date(v.get<std::string>());
    case Kind::Month: {
        const std::string m = v.get<std::string>(); // YYYY-MM
        return m.size() == 7 ? m.substr(5, 2) + "/" + m.substr(0, 4) : m;
    }
    case Kind::Count: return std::to_string(v.get<std::int64_t>());
    case Kind::Decimal: return decimalComma(v.get<double>(), 1);
    case Kind::Percent: return decimalComma(v.get<double>(), 1) + (printed ? "\u00A0%" : "");
    case Kind::Ratio: return decimalComma(100.0 * v.get<double>(), 1) + (printed ? "\u00A0%" : "");
    }
    return "";
}

} // namespace

std::string csvOf(const Table& t, const std::string& currency, bool english)
{
    std::string text = "\xEF\xBB\xBF";
    for (std::size_t k = 0; k < t.columns.size(); ++k)
        text += (k ? ";" : "") + dataimport::csvField(english ? t.columns[k].en : t.columns[k].fr, ';');
    text += "\r\n";
    auto line = [&](const std::vector<json>& row) {
        for (std::size_t k = 0; k < t.columns.size(); ++k)
            text += (k ? ";" : "")
                + dataimport::csvField(cellText(k < row.size() ? row[k] : json(), t.columns[k].kind, false, currency,
                                           english ? "en" : "fr"),
                    ';');
        text += "\r\n";
    };
    for (const auto& row : t.rows)
        line(row);
    if (!t.total.empty())
        line(t.total);
    return text;
}

std::string pdfOf(const Table& t, const std::string& company, const std::string& scope, const std::string& today,
    const std::string& currency, bool english)
{
    const std::string lang = english ? "en" : "fr";
    report::PdfTable p;
    p.company = company;
    p.title = english ? t.titleEn : t.titleFr;
    p.scope = scope;
    p.madeOn = std::string(english ? "Printed on " : "Édité le ") + fmt::date(today);
    for (const auto& c : t.columns) {
        p.headers.push_back(english ? c.en : c.fr);
        p.right.push_back(c.kind != Kind::Text && c.kind != Kind::Date && c.kind != Kind::Month);
        p.weights.push_back(c.weight);
    }
    auto cells = [&](const std::vector<json>& row) {
        std::vector<std::string> out;
        for (std::size_t k = 0; k < t.columns.size(); ++k)
            out.push_back(cellText(k < row.size() ? row[k] : json(), t.columns[k].kind, true, currency, lang));
        return out;
    };
    for (const auto& row : t.rows)
        p.rows.push_back(cells(row));
    if (!t.total.empty())
        p.total = cells(t.total);
    return report::tablePdf(p);
}

Result<Table> agingTable(const Runner& run, json scope)
{
    Table t;
    const std::string asOf = scope.value("as_of", std::string());
    t.file = "balance-agee-" + asOf;
    t.titleFr = "Balance âgée au " + fmt::date(asOf);
    t.titleEn = "Aged balance at " + fmt::date(asOf);
    t.columns = {{"Client", "Client", Kind::Text, 3.0f}, {"Code", "Code", Kind::Text, 1.2f},
        {"Non échu", "Not due", Kind::Money, 1.3f}, {"1–30 j", "1–30 d", Kind::Money, 1.3f},
        {"31–60 j", "31–60 d", Kind::Money, 1.3f}, {"61–90 j", "61–90 d", Kind::Money, 1.3f},
        {"+ de 90 j", "Over 90 d", Kind::Money, 1.3f}, {"Total", "Total", Kind::Money, 1.4f}};
    const char* buckets[] = {"not_due", "1_30", "31_60", "61_90", "over_90", "total"};
    scope["by_client"] = true;
    scope["limit"] = 1000;
    for (std::int64_t offset = 0;; offset += 1000) {
        scope["offset"] = offset;
        auto page = run("report.aging", scope);
        if (!page.ok())
            return page.error();
        const json& v = page.value();
        for (const auto& cl : v["clients"]) {
            std::vector<json> row = {cl["name"], cl["code"]};
            for (const char* b : buckets)
                row.push_back(cl[b]);
            t.rows.push_back(std::move(row));
        }
        if (t.total.empty()) {
            t.total = {json("Total"), json("")};
            for (const char* b : buckets)
                t.total.push_back(v["total"][b]);
        }
        if (static_cast<std::int64_t>(t.rows.size()) >= v.value("clients_total", std::int64_t{0})
            || v["clients"].empty())
            break;
    }
    return t;
}

Result<Table> monthlyTable(const Runner& run, json scope, std::int64_t months)
{
    Table t;
    const std::string asOf = scope.value("as_of", std::string());
    t.file = "recouvrement-mensuel-" + asOf;
    t.titleFr = "Recouvrement par mois au " + fmt::date(asOf);
    t.titleEn = "Collection by month at " + fmt::date(asOf);
    t.columns = {{"Mois", "Month", Kind::Month, 1.0f}, {"Encours début", "Opening", Kind::Money, 1.4f},
        {"Facturé", "Invoiced", Kind::Money, 1.4f}, {"Encaissé", "Collected", Kind::Money, 1.4f},
        {"Taux de recouvrement", "Collection rate", Kind::Ratio, 1.7f}, {"CEI", "CEI", Kind::Percent, 0.9f},
        {"Encours fin", "Closing", Kind::Money, 1.4f}, {"Échu", "Overdue", Kind::Money, 1.4f},
        {"DSO (j)", "DSO (d)", Kind::Decimal, 0.9f}};
    scope["months"] = months;
    auto v = run("report.trend", scope);
    if (!v.ok())
        return v.error();
    for (const auto& p : v.value()["points"])
        t.rows.push_back({p["month"], p["opening_receivables_cents"], p["invoiced_cents"], p["collected_cents"],
            p["collection_rate"], p["cei_percent"], p["receivables_cents"], p["overdue_cents"], p["dso_days"]});
    return t;
}

Result<Table> collectorsTable(
    const Runner& run, json scope, const std::string& from, const std::string& to, bool english)
{
    Table t;
    t.file = "performance-charges-" + from + "-" + to;
    t.titleFr = "Performance par chargé, du " + fmt::date(from) + " au " + fmt::date(to);
    t.titleEn = "Performance per collector, " + fmt::date(from) + " to " + fmt::date(to);
    t.columns = {{"Chargé", "Collector", Kind::Text, 2.4f}, {"Clients", "Clients", Kind::Count, 0.8f},
        {"Encours", "Receivables", Kind::Money, 1.4f}, {"Échu", "Overdue", Kind::Money, 1.4f},
        {"Encaissé", "Collected", Kind::Money, 1.4f}, {"Actions", "Actions", Kind::Count, 0.8f},
        {"Promesses tenues", "Promises kept", Kind::Count, 1.0f}, {"non tenues", "broken", Kind::Count, 0.9f},
        {"Taux tenu", "Kept rate", Kind::Ratio, 0.9f}};
    scope["from"] = from;
    scope["to"] = to;
    auto v = run("report.collectors", scope);
    if (!v.ok())
        return v.error();
    std::int64_t sums[7] = {};
    for (const auto& l : v.value()["collectors"]) {
        std::string name = l.value("name", std::string());
        if (name.find_first_not_of(' ') == std::string::npos)
            name = l.value("email", std::string());
        if (l["collector_id"].is_null())
            name = english ? "(unassigned)" : "(non attribués)";
        const char* keys[] = {
            "clients", "open_cents", "overdue_cents", "collected_cents", "actions", "promises_kept", "promises_broken"};
        std::vector<json> row = {name};
        for (int k = 0; k < 7; ++k) {
            row.push_back(l[keys[k]]);
            sums[k] += l[keys[k]].get<std::int64_t>();
        }
        row.push_back(l["promises_kept_rate"]);
        t.rows.push_back(std::move(row));
    }
    t.total = {json("Total")};
    for (auto n : sums)
        t.total.push_back(n);
    const auto kept = keptRate(sums[5], sums[6]); // the team's, by the lines' rule
    t.total.push_back(kept ? json(*kept) : json());
    return t;
}

Result<Table> cashInTable(const Runner& run, json scope, std::int64_t weeks, bool english)
{
    Table t;
    const std::string asOf = scope.value("as_of", std::string());
    t.file = "encaissements-attendus-" + asOf;
    t.titleFr = "Encaissements attendus par semaine au " + fmt::date(asOf);
    t.titleEn = "Expected cash-in by week at " + fmt::date(asOf);
    t.columns = {{"Semaine", "Week", Kind::Text, 1.6f}, {"Du", "From", Kind::Date, 1.0f},
        {"Au", "To", Kind::Date, 1.0f}, {"Attendu", "Expected", Kind::Money, 1.4f}};
    scope["weeks"] = weeks;
    auto v = run("report.cash_in", scope);
    if (!v.ok())
        return v.error();
    const json& r0 = v.value();
    std::int64_t total = r0["overdue_cents"].get<std::int64_t>() + r0["later_cents"].get<std::int64_t>();
    t.rows.push_back({json(english ? "Already due" : "Déjà échu"), json(), json(), r0["overdue_cents"]});
    int k = 0;
    for (const auto& w : r0["weeks"]) {
        t.rows.push_back(
            {json((english ? "W" : "S") + std::to_string(++k)), w["week_start"], w["week_end"], w["expected_cents"]});
        total += w["expected_cents"].get<std::int64_t>();
    }
    t.rows.push_back({json(english ? "Later" : "Plus tard"), json(), json(), r0["later_cents"]});
    t.total = {json("Total"), json(), json(), json(total)};
    return t;
}

} // namespace crm::report
