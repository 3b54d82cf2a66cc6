// A report (report.aging, report.trend, report.collectors, report.cash_in) as a table of
// typed cells, written as CSV — list.export_csv's conventions: UTF-8 with BOM, `;`, CRLF,
// amounts 1234,56, dates 24/11/2026, percentages 22,2 — or as a printable PDF (tablePdf:
// 1 234,56 €, 22,2 %). The reports are asked through `run`, the command API's own call,
// so their parameters and permissions are checked as when called directly.
#pragma once

#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace crm::report {

using json = nlohmann::json;
using Runner = std::function<Result<json>(const char* method, const json& params)>;

// A report's table: typed cells, written the CSV way (list.export_csv's conventions:
// amounts 1234,56, dates 24/11/2026) or the printed way (1 234,56 €, 22,2 %).
enum class Kind { Text, Money, Date, Month, Count, Decimal, Percent, Ratio };

struct Column {
    const char* fr;
    const char* en;
    Kind kind;
    float weight;
};

struct Table {
    std::string file, titleFr, titleEn;
    std::vector<Column> columns;
    std::vector<std::vector<json>> rows;
    std::vector<json> total; // empty: none
};

// The tables, from the report commands (`scope`: as_of, collector_id, currency).
Result<Table> agingTable(const Runner& run, json scope);
Result<Table> monthlyTable(const Runner& run, json scope, std::int64_t months);
Result<Table> collectorsTable(
    const Runner& run, json scope, const std::string& from, const std::string& to, bool english = false);
Result<Table> cashInTable(const Runner& run, json scope, std::int64_t weeks, bool english = false);

std::string csvOf(const Table& t, const std::string& currency, bool english);
// company: the legal name; scope: whose figures (« Toute l'équipe »); today: YYYY-MM-DD.
std::string pdfOf(const Table& t, const std::string& company, const std::string& scope, const std::string& today,
    const std::string& currency, bool english);

} // namespace crm::report
