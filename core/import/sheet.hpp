// From a CSV file to rows of clients, invoices or payments, ready to be applied.
//
// Call flow: read(bytes, kind, options) decodes the text, detects what it is not told
// (encoding, separator, decimal mark, date format), takes the first record as the header
// row, maps columns to fields (the mapping it is given, else the one guessed from the
// headers' names in French or English) and reads every cell into its field's canonical
// form: dates ISO, amounts integer cents, choices their API value ("virement" ->
// "transfer"). A cell it cannot read is an error of its row naming the column; a file it
// cannot read at all (a quote never closed, no header, a mapping naming a column that
// is not there, a required field left unmapped) is `fileError`.
#pragma once

#include "core/import/csv.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::dataimport {

enum class Kind { Clients, Invoices, Payments };
const char* kindName(Kind k);
std::optional<Kind> parseKind(const std::string& name);

enum class FieldType { Text, Amount, Date, Integer, Choice };

struct FieldSpec {
    const char* name; // API name: "code", "amount", "due_date"…
    FieldType type;
    bool required;
    std::vector<const char*> headers; // header names it is recognised by (compared by headerKey)
};

// The fields a kind of row has, in the order of the preview's columns.
const std::vector<FieldSpec>& fields(Kind k);

struct RowError {
    std::string column; // the file's header for that cell; empty for the row as a whole
    std::string field;  // the API field; empty for the row as a whole
    std::string
        reason; // required | invalid_amount | invalid_date | invalid_number | unknown_value | what a service says
    std::string message;
};

struct Row {
    std::int64_t line = 0;                     // line of the file the row starts on
    std::map<std::string, std::string> values; // field -> canonical value (absent: empty cell or unmapped)
    std::vector<RowError> errors;              // cells that could not be read
    // FEC: what settles what, by invoice number (payments and credit notes only).
    std::optional<std::vector<std::pair<std::string, std::int64_t>>> allocations;
    bool has(const std::string& f) const { return values.count(f) > 0; }
    const std::string& get(const std::string& f) const;
};

struct Settings {
    std::string encoding;   // utf-8 | utf-8-bom | windows-1252
    char separator = ';';   // ; , \t |
    char decimal = ',';     // , or .
    std::string dateFormat; // dmy | ymd | compact
};

struct Options {
    std::string encoding; // empty: detect
    std::optional<char> separator;
    std::optional<char> decimal;
    std::string dateFormat; // empty: detect
    // field -> header of the column holding it; nullopt: guess from the headers.
    std::optional<std::map<std::string, std::string>> mapping;
};

// The longest shape kept as it is (the import_mappings table's limit); a longer one is
// remembered by its SHA-256.
constexpr std::size_t kMaxShapeBytes = 4000;

struct Sheet {
    Kind kind = Kind::Clients;
    Settings settings;
    std::vector<std::string> headers;
    std::string shape; // the file's shape: its kind and headers, folded (a digest past kMaxShapeBytes)
    std::map<std::string, std::string> mapping; // field -> header
    std::vector<Row> rows;
    std::optional<RowError> fileError;
    std::int64_t fileErrorLine = 0;
};

Sheet read(const std::string& bytes, Kind kind, const Options& options);

// A file that cannot be read at all — a quote never closed, no header row — as the
// error and its line; nullopt when `parsed` has records to read.
std::optional<std::pair<RowError, std::int64_t>> unreadable(const Parsed& parsed);

// The mapping guessed from header names: each field takes the first header it recognises.
std::map<std::string, std::string> guessMapping(Kind kind, const std::vector<std::string>& headers);

// "transfer", "credit_note", "high"… from what files say ("Virement", "Avoir", "Élevé").
std::optional<std::string> canonicalChoice(const std::string& field, const std::string& cell);

} // namespace crm::dataimport
