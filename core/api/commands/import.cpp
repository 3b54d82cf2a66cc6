// Commands: import.preview / import.apply — clients, invoices and payments from a CSV
// file or a FEC (core/service/import_service.hpp says what each row becomes).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/util/crypto.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

json rowErrorJson(const dataimport::RowError& e)
{
    return {{"column", e.column}, {"field", e.field}, {"reason", e.reason}, {"message", e.message}};
}

json outcomeJson(const service::ImportOutcome& o)
{
    json rows = json::array();
    for (const auto& r : o.rows) {
        json errors = json::array();
        for (const auto& e : r.errors)
            errors.push_back(rowErrorJson(e));
        rows.push_back({{"kind", r.kind}, {"line", r.line}, {"key", r.key}, {"verdict", r.verdict},
            {"errors", std::move(errors)}});
    }
    json fields = json::array();
    if (const auto kind = dataimport::parseKind(o.kind))
        for (const auto& f : dataimport::fields(*kind))
            fields.push_back({{"name", f.name}, {"required", f.required}});
    return {{"format", o.format}, {"kind", o.kind.empty() ? json(nullptr) : json(o.kind)},
        {"settings",
            {{"encoding", o.settings.encoding}, {"separator", std::string(1, o.settings.separator)},
                {"decimal", std::string(1, o.settings.decimal)}, {"date_format", o.settings.dateFormat}}},
        {"headers", o.headers}, {"mapping", o.mapping},
        {"mapping_source", o.mappingSource.empty() ? json(nullptr) : json(o.mappingSource)}, {"fields", fields},
        {"mapping_problem", o.mappingProblem ? rowErrorJson(*o.mappingProblem) : json(nullptr)}, {"counts", o.counts},
        {"rows", std::move(rows)}, {"applied", o.applied}};
}

// A one-character option ("tab" or "\\t" for a tab); '\0' when the text is longer (";;"
// was taken as ';'), which no rule accepts.
std::optional<char> oneChar(const json& p, const char* key)
{
    const std::string s = str(p, key);
    if (s.empty())
        return std::nullopt;
    if (s == "\\t" || s == "tab")
        return '\t';
    return s.size() == 1 ? s[0] : '\0';
}

Result<service::ImportRequest> request(const json& p)
{
    service::ImportRequest r;
    r.format = str(p, "format", "csv");
    if (r.format != "csv" && r.format != "fec")
        return Error::validation("format", "unknown_value", "format is csv or fec");
    if (r.format == "csv") {
        const auto kind = dataimport::parseKind(str(p, "kind"));
        if (!kind) {
            const char* reason = has(p, "kind") ? "unknown_value" : "required";
            return Error::validation("kind", reason, "a CSV import says its kind: clients, invoices or payments");
        }
        r.kind = *kind;
    }
    auto bytes = crypto::base64Decode(str(p, "content_base64"));
    if (!bytes)
        return Error::validation("content_base64", "invalid_base64", "content_base64 is not base64");
    r.bytes = std::move(*bytes);
    r.options.encoding = str(p, "encoding");
    if (!r.options.encoding.empty() && r.options.encoding != "utf-8" && r.options.encoding != "windows-1252")
        return Error::validation("encoding", "unknown_value", "encoding is utf-8 or windows-1252");
    r.options.separator = oneChar(p, "separator");
    if (r.options.separator && std::string(";,\t|").find(*r.options.separator) == std::string::npos) // '\0' too
        return Error::validation("separator", "unknown_value", "separator is one of ; , | or tab");
    r.options.decimal = oneChar(p, "decimal");
    if (r.options.decimal && *r.options.decimal != ',' && *r.options.decimal != '.') // '\0' included
        return Error::validation("decimal", "unknown_value", "decimal is , or .");
    r.options.dateFormat = str(p, "date_format");
    if (!r.options.dateFormat.empty() && r.options.dateFormat != "dmy" && r.options.dateFormat != "ymd"
        && r.options.dateFormat != "compact")
        return Error::validation("date_format", "unknown_value", "date_format is dmy, ymd or compact");
    if (has(p, "mapping")) {
        std::map<std::string, std::string> m;
        for (const auto& [field, header] : p["mapping"].items()) {
            if (!header.is_string())
                return Error::validation("mapping", "wrong_type", "mapping's values are column headers (text)");
            m[field] = header.get<std::string>();
        }
        r.options.mapping = std::move(m);
    }
    r.skipErrors = boolean(p, "skip_errors");
    return r;
}

std::vector<ParamSpec> importParams(bool apply)
{
    std::vector<ParamSpec> specs = {{"format", PT::String, false, "csv (default) | fec"},
        {"kind", PT::String, false, "csv: clients | invoices | payments"},
        ParamSpec{"content_base64", PT::String, true, "the file's bytes, base64"}.maxLen(std::size_t{1} << 30),
        {"mapping", PT::Object, false,
            "csv: field -> column header (default: the mapping remembered for this file's shape, else guessed "
            "from the headers)"},
        {"separator", PT::String, false, "; , | or tab (default: detected)"},
        {"decimal", PT::String, false, ", or . (default: detected)"},
        {"date_format", PT::String, false, "dmy | ymd | compact (default: detected)"},
        {"encoding", PT::String, false, "utf-8 | windows-1252 (default: detected)"}};
    if (apply)
        specs.push_back({"skip_errors", PT::Boolean, false,
            "write the rows that are not in error (default false: any row in error refuses the whole file)"});
    return specs;
}

const std::vector<std::string> kImportWrites = {"clients", "client_stats", "invoices", "payments",
    "payment_allocations", "money_totals", "import_mappings", "tasks", "system_logs"};

} // namespace

void addImports(Registry& r, Services& s)
{
    for (const bool apply : {false, true}) {
        Command c{apply ? "import.apply" : "import.preview",
            apply ? "Import the rows of a CSV file or a FEC in one transaction (as import.preview would say), "
                    "refused with every row in error in `details` unless skip_errors. Remembers a CSV's mapping for "
                    "files of the same shape. Long: reports progress (rows) and can be cancelled."
                  : "What importing a CSV file (clients, invoices or payments) or a FEC would do, row by row: the "
                    "detected encoding, separator, decimal mark and date format, the mapping of columns to fields, "
                    "and per row new | changed | unchanged | error (line, column, reason). Writes nothing. Long.",
            importParams(apply), Perm::InvoiceWrite, kImportWrites, nullptr};
        c.start = [&s, apply](const Call& call) -> Result<std::unique_ptr<Job>> {
            auto req = request(call.p);
            if (!req.ok())
                return req.error();
            auto run = s.imports.start(call.actor, std::move(req.value()), apply);
            if (!run.ok())
                return run.error();
            return slicedJob(std::move(run.value()), 500, outcomeJson);
        };
        r.add(std::move(c));
    }
}

} // namespace crm::api::commands
