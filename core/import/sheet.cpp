#include "core/import/sheet.hpp"

#include "core/util/crypto.hpp"
#include "core/util/format.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace crm::dataimport {

namespace {

using FT = FieldType;

const std::vector<FieldSpec> kClientFields = {
    {"code", FT::Text, true,
        {"code", "code client", "client", "numero client", "n client", "compte", "compte auxiliaire", "compte client",
            "ref client", "reference client", "id client", "customer code", "customer id", "customer", "account",
            "client code"}},
    {"name", FT::Text, true,
        {"name", "nom", "raison sociale", "societe", "nom client", "denomination", "client name", "company",
            "customer name", "intitule"}},
    {"email", FT::Text, false, {"email", "e mail", "mail", "courriel", "adresse email", "adresse e mail"}},
    {"phone", FT::Text, false, {"phone", "telephone", "tel", "portable", "mobile", "numero de telephone"}},
    {"address", FT::Text, false, {"address", "adresse", "adresse postale"}},
    {"siret", FT::Text, false, {"siret", "n siret", "numero siret"}},
    {"contact_name", FT::Text, false, {"contact name", "contact", "interlocuteur", "nom du contact"}},
    {"segment", FT::Text, false, {"segment", "categorie", "famille", "categorie client"}},
    {"payment_terms_days", FT::Integer, false,
        {"payment terms days", "payment terms", "delai de paiement", "delai paiement", "conditions de paiement",
            "delai jours"}},
    {"credit_limit", FT::Amount, false,
        {"credit limit", "encours autorise", "plafond", "limite de credit", "encours maximum"}},
    {"risk_level", FT::Choice, false, {"risk level", "risque", "risk", "niveau de risque"}},
    {"collector", FT::Text, false,
        {"collector", "charge de recouvrement", "gestionnaire", "recouvreur", "collector email",
            "email du gestionnaire"}},
    {"customer_type", FT::Choice, false, {"customer type", "type client", "type de client", "type"}},
    {"language", FT::Choice, false, {"language", "langue"}},
};

const std::vector<FieldSpec> kInvoiceFields = {
    {"number", FT::Text, true,
        {"number", "numero", "numero facture", "n facture", "no facture", "facture", "num facture", "piece",
            "numero piece", "num piece", "invoice", "invoice number", "invoice no", "reference facture"}},
    {"client_code", FT::Text, true,
        {"client code", "code client", "client", "compte", "compte client", "compte auxiliaire", "numero client",
            "customer code", "customer", "customer id", "code"}},
    {"client_name", FT::Text, false,
        {"client name", "nom client", "raison sociale", "nom", "customer name", "societe", "name"}},
    {"issue_date", FT::Date, true,
        {"issue date", "date", "date facture", "date emission", "date d emission", "date piece", "invoice date",
            "date de facture"}},
    {"due_date", FT::Date, false,
        {"due date", "echeance", "date echeance", "date d echeance", "date limite de paiement", "date de reglement"}},
    {"amount", FT::Amount, true,
        {"amount", "montant", "montant ttc", "ttc", "total ttc", "total", "amount including tax", "montant facture"}},
    {"currency", FT::Text, false, {"currency", "devise", "monnaie"}},
    {"erp_ref", FT::Text, false, {"erp ref", "reference erp", "ref erp", "reference", "ref", "id erp"}},
    {"description", FT::Text, false, {"description", "libelle", "designation", "objet", "commentaire"}},
};

const std::vector<FieldSpec> kPaymentFields = {
    {"client_code", FT::Text, true,
        {"client code", "code client", "client", "compte", "compte client", "compte auxiliaire", "numero client",
            "customer code", "customer", "code"}},
    {"date", FT::Date, true,
        {"date", "date reglement", "date de reglement", "date paiement", "date de paiement", "payment date",
            "date encaissement", "date valeur"}},
    {"amount", FT::Amount, true,
        {"amount", "montant", "montant regle", "montant reglement", "montant paye", "total", "credit"}},
    {"kind", FT::Choice, false, {"kind", "type", "nature", "type de piece"}},
    {"method", FT::Choice, false,
        {"method", "mode de reglement", "mode reglement", "mode de paiement", "moyen de paiement", "payment method",
            "reglement"}},
    {"reference", FT::Text, false,
        {"reference", "ref", "reference paiement", "reference bancaire", "libelle", "payment reference"}},
    {"number", FT::Text, false, {"number", "numero avoir", "n avoir", "avoir", "credit note number", "numero"}},
    {"invoice_number", FT::Text, false,
        {"invoice number", "invoice", "facture", "numero facture", "n facture", "facture reglee", "piece"}},
    {"currency", FT::Text, false, {"currency", "devise", "monnaie"}},
    {"reason", FT::Text, false, {"reason", "motif", "commentaire", "description"}},
};

// Choices as files write them, folded -> the API value.
const std::map<std::string, std::map<std::string, std::string>>& choices()
{
    static const std::map<std::string, std::map<std::string, std::string>> k = {
        {"kind",
            {{"payment", "payment"}, {"paiement", "payment"}, {"reglement", "payment"}, {"encaissement", "payment"},
                {"rg", "payment"}, {"credit note", "credit_note"}, {"credit_note", "credit_note"},
                {"avoir", "credit_note"}, {"av", "credit_note"}}},
        {"method",
            {{"transfer", "transfer"}, {"virement", "transfer"}, {"vir", "transfer"}, {"vrt", "transfer"},
                {"cheque", "cheque"}, {"chq", "cheque"}, {"ch", "cheque"}, {"card", "card"}, {"carte", "card"},
                {"cb", "card"}, {"carte bancaire", "card"}, {"direct debit", "direct_debit"},
                {"direct_debit", "direct_debit"}, {"prelevement", "direct_debit"}, {"prlv", "direct_debit"},
                {"lcr", "direct_debit"}, {"cash", "cash"}, {"especes", "cash"}, {"esp", "cash"}}},
        {"risk_level",
            {{"low", "low"}, {"faible", "low"}, {"bas", "low"}, {"medium", "medium"}, {"moyen", "medium"},
                {"modere", "medium"}, {"high", "high"}, {"eleve", "high"}, {"fort", "high"}, {"haut", "high"}}},
        {"customer_type",
            {{"business", "business"}, {"professionnel", "business"}, {"entreprise", "business"}, {"pro", "business"},
                {"b2b", "business"}, {"consumer", "consumer"}, {"particulier", "consumer"}, {"b2c", "consumer"}}},
        {"language",
            {{"fr", "fr"}, {"francais", "fr"}, {"french", "fr"}, {"en", "en"}, {"anglais", "en"}, {"english", "en"}}},
    };
    return k;
}

bool isInteger(const std::string& s)
{
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

const char* kindName(Kind k)
{
    switch (k) {
    case Kind::Clients: return "clients";
    case Kind::Invoices: return "invoices";
    case Kind::Payments: return "payments";
    }
    return "";
}

std::optional<Kind> parseKind(const std::string& name)
{
    for (const Kind k : {Kind::Clients, Kind::Invoices, Kind::Payments})
        if (name == kindName(k))
            return k;
    return std::nullopt;
}

const std::vector<FieldSpec>& fields(Kind k)
{
    switch (k) {
    case Kind::Clients: return kClientFields;
    case Kind::Invoices: return kInvoiceFields;
    case Kind::Payments: break;
    }
    return kPaymentFields;
}

const std::string& Row::get(const std::string& f) const
{
    static const std::string empty;
    const auto it = values.find(f);
    return it == values.end() ? empty : it->second;
}

std::optional<std::string> canonicalChoice(const std::string& field, const std::string& cell)
{
    const auto table = choices().find(field);
    if (table == choices().end())
        return std::nullopt;
    const std::string key = text::foldForSearch(cell);
    const auto it = table->second.find(key);
    if (it == table->second.end())
        return std::nullopt;
    return it->second;
}

std::map<std::string, std::string> guessMapping(Kind kind, const std::vector<std::string>& headers)
{
    std::map<std::string, std::string> mapping;
    std::set<std::size_t> taken;
    // Exact names first (a column called "Code client" goes to client_code before
    // "code" claims it), each field by its list of names in order of preference.
    for (const auto& f : fields(kind)) {
        for (const char* name : f.headers) {
            const std::string want = headerKey(name);
            for (std::size_t i = 0; i < headers.size(); ++i) {
                if (taken.count(i) || headerKey(headers[i]) != want)
                    continue;
                mapping[f.name] = headers[i];
                taken.insert(i);
                break;
            }
            if (mapping.count(f.name))
                break;
        }
    }
    return mapping;
}

std::optional<std::pair<RowError, std::int64_t>> unreadable(const Parsed& parsed)
{
    if (parsed.error)
        return std::make_pair(RowError{"", "", "malformed_csv", parsed.error->message}, parsed.error->line);
    if (parsed.records.empty())
        return std::make_pair(RowError{"", "", "empty_file", "the file holds no header row"}, std::int64_t{1});
    return std::nullopt;
}

Sheet read(const std::string& bytes, Kind kind, const Options& options)
{
    Sheet sheet;
    sheet.kind = kind;
    const Decoded dec = decode(bytes, options.encoding);
    sheet.settings.encoding = dec.encoding;
    sheet.settings.separator = options.separator ? *options.separator : detectSeparator(dec.text);
    Parsed parsed = parse(dec.text, sheet.settings.separator);
    if (const auto problem = unreadable(parsed)) {
        std::tie(sheet.fileError, sheet.fileErrorLine) = *problem;
        return sheet;
    }
    sheet.headers = parsed.records.front().fields;
    sheet.shape = std::string(kindName(kind)) + ":";
    for (const auto& h : sheet.headers)
        sheet.shape += headerKey(h) + "|";
    if (sheet.shape.size() > kMaxShapeBytes) // hundreds of columns, or a header of pages: its digest
        sheet.shape = std::string(kindName(kind)) + ":sha256:" + crypto::sha256Hex(sheet.shape);

    // Columns by header; a header given twice is refused when a mapping names it.
    std::map<std::string, std::size_t> column;
    std::set<std::string> twice;
    for (std::size_t i = 0; i < sheet.headers.size(); ++i)
        if (!column.emplace(sheet.headers[i], i).second)
            twice.insert(sheet.headers[i]);

    sheet.mapping = options.mapping ? *options.mapping : guessMapping(kind, sheet.headers);
    std::map<std::string, std::size_t> fieldColumn;
    std::map<std::string, std::string> fieldOf; // header -> the field mapped to it
    for (const auto& [field, header] : sheet.mapping) {
        const std::string& name = field; // (a structured binding cannot be captured before C++20's clang 16)
        const auto spec = std::find_if(
            fields(kind).begin(), fields(kind).end(), [&name](const FieldSpec& f) { return name == f.name; });
        if (spec == fields(kind).end()) {
            sheet.fileError = RowError{header, field, "unknown_field",
                "the mapping names a field " + std::string(kindName(kind)) + " do not have: " + field};
            return sheet;
        }
        if (header.empty())
            continue;
        if (!column.count(header)) {
            sheet.fileError
                = RowError{header, field, "unknown_column", "the mapping names a column the file does not have"};
            return sheet;
        }
        if (twice.count(header)) {
            sheet.fileError = RowError{header, field, "ambiguous_column", "two columns of the file have this name"};
            return sheet;
        }
        if (const auto [it, first] = fieldOf.emplace(header, field); !first) {
            sheet.fileError = RowError{header, field, "column_mapped_twice",
                "the column '" + header + "' is mapped to both " + it->second + " and " + field};
            return sheet;
        }
        fieldColumn[field] = column[header];
    }
    for (const auto& f : fields(kind)) {
        if (f.required && !fieldColumn.count(f.name)) {
            sheet.fileError = RowError{
                "", f.name, "unmapped", std::string("no column of the file is mapped to the required field ") + f.name};
            return sheet;
        }
    }

    // Decimal mark and date format from the columns that hold amounts and dates.
    std::vector<std::string> amounts;
    std::vector<std::string> dates;
    for (std::size_t r = 1; r < parsed.records.size() && r <= 2000; ++r) {
        const auto& rec = parsed.records[r].fields;
        for (const auto& f : fields(kind)) {
            const auto it = fieldColumn.find(f.name);
            if (it == fieldColumn.end() || it->second >= rec.size())
                continue;
            if (f.type == FT::Amount)
                amounts.push_back(rec[it->second]);
            else if (f.type == FT::Date)
                dates.push_back(rec[it->second]);
        }
    }
    sheet.settings.decimal
        = options.decimal ? *options.decimal : detectDecimal(amounts, sheet.settings.separator == ',' ? '.' : ',');
    sheet.settings.dateFormat = options.dateFormat.empty() ? detectDateFormat(dates) : options.dateFormat;

    sheet.rows.reserve(parsed.records.size() - 1);
    for (std::size_t r = 1; r < parsed.records.size(); ++r) {
        const Record& rec = parsed.records[r];
        Row row;
        row.line = rec.line;
        if (rec.fields.size() != sheet.headers.size())
            row.errors.push_back({"", "", "wrong_field_count",
                "the line has " + std::to_string(rec.fields.size()) + " fields, the header "
                    + std::to_string(sheet.headers.size())});
        for (const auto& f : fields(kind)) {
            const auto it = fieldColumn.find(f.name);
            if (it == fieldColumn.end())
                continue;
            const std::string& header = sheet.headers[it->second];
            const std::string cell = it->second < rec.fields.size() ? text::trim(rec.fields[it->second]) : "";
            if (cell.empty()) {
                if (f.required)
                    row.errors.push_back({header, f.name, "required", "the cell is empty"});
                continue;
            }
            switch (f.type) {
            case FT::Text: row.values[f.name] = cell; break;
            case FT::Amount:
                if (const auto cents = fmt::readAmount(cell, sheet.settings.decimal))
                    row.values[f.name] = std::to_string(*cents);
                else
                    row.errors.push_back(
                        {header, f.name, "invalid_amount", "not an amount with at most two decimals: " + cell});
                break;
            case FT::Date:
                if (const auto iso = fmt::readDate(cell, sheet.settings.dateFormat))
                    row.values[f.name] = *iso;
                else
                    row.errors.push_back(
                        {header, f.name, "invalid_date", "not a date (" + sheet.settings.dateFormat + "): " + cell});
                break;
            case FT::Integer:
                if (isInteger(cell))
                    row.values[f.name] = cell;
                else
                    row.errors.push_back({header, f.name, "invalid_number", "not a whole number: " + cell});
                break;
            case FT::Choice:
                if (const auto v = canonicalChoice(f.name, cell))
                    row.values[f.name] = *v;
                else
                    row.errors.push_back({header, f.name, "unknown_value", "not a known value: " + cell});
                break;
            }
        }
        sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

} // namespace crm::dataimport
