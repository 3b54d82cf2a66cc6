// ImportService: clients, invoices and payments from a CSV file or a FEC, previewed row
// by row, then written in one transaction (core/import/ reads the files).
//
// Call flow: start(actor, request, apply) reads the file (ImportRun's constructor), then
// step() applies a slice of rows at a time through the same services a user's commands
// call (ClientService, InvoiceService: their validation, permissions and log lines), each
// row in its own savepoint, all inside one transaction. A preview rolls that transaction
// back at the end: its verdicts are exactly what an apply would do. An apply commits when
// no row is in error — or, with `skipErrors`, leaving the rows in error out.
//
// Keys, so that importing the same file twice changes nothing: a client is its code, an
// invoice its number, a credit note its number, a payment its client, date, amount,
// currency and reference together. A row whose key exists is "unchanged" when every value
// it gives equals the stored one, else "changed" (clients and invoices are updated;
// payments are never changed: a payment whose reference exists with other values is an
// error). Empty cells leave stored values alone.
//
// Verdicts: new | changed | unchanged | error. Errors name the line, the column (the
// file's header) and a reason: the file reader's (invalid_amount, invalid_date, required,
// unknown_value, wrong_field_count…), unknown_client, unknown_invoice, unknown_user,
// conflict, or what the service said (duplicate, out_of_range, invalid_email…).
// Errors of the call: forbidden (import needs client.create and invoice.write: managers
// and administrators); validation `content` invalid_file (the file cannot be read:
// details name the line and column), `rows` invalid_rows (apply with rows in error and no
// skip_errors: details list them; nothing written).
#pragma once

#include "core/import/fec.hpp"
#include "core/import/sheet.hpp"
#include "core/service/client_service.hpp"
#include "core/service/context.hpp"
#include "core/service/invoice_service.hpp"
#include "core/util/result.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crm::service {

struct ImportRequest {
    std::string format = "csv";                        // csv | fec
    dataimport::Kind kind = dataimport::Kind::Clients; // csv only
    std::string bytes;
    dataimport::Options options;
    bool skipErrors = false;
};

struct RowVerdict {
    std::string kind; // clients | invoices | payments | line (a FEC line refused)
    std::int64_t line = 0;
    std::string key;     // the client code, invoice number, payment reference…
    std::string verdict; // new | changed | unchanged | error
    std::vector<dataimport::RowError> errors;
};

struct ImportOutcome {
    std::string format;
    std::string kind; // csv: the kind of rows; fec: empty
    dataimport::Settings settings;
    std::vector<std::string> headers;           // csv
    std::map<std::string, std::string> mapping; // csv: field -> header
    std::string mappingSource;                  // given | remembered | guessed
    std::vector<RowVerdict> rows; // in the file's order (fec: clients, invoices, payments, then refused lines)
    std::map<std::string, std::int64_t> counts; // new, changed, unchanged, error
    // csv preview: the mapping cannot be used as it is (a required field unmapped, a column
    // the file does not have): no rows were read; fix the mapping and preview again.
    std::optional<dataimport::RowError> mappingProblem;
    bool applied = false;
};

class ImportRun {
public:
    ImportRun(Context& ctx, ClientService& clients, InvoiceService& invoices, const Actor& actor, ImportRequest request,
        bool apply);
    ~ImportRun();
    ImportRun(const ImportRun&) = delete;
    ImportRun& operator=(const ImportRun&) = delete;
    // The file could not be read: the error to return (no step needed).
    const std::optional<Error>& fileError() const { return m_fileError; }
    // Applies up to `budget` rows; the outcome once every row is done (committed,
    // rolled back for a preview, or refused).
    std::optional<Result<ImportOutcome>> step(std::int64_t budget);
    std::int64_t done() const { return m_next; }
    std::int64_t total() const { return static_cast<std::int64_t>(m_queue.size()); }

private:
    struct Item {
        const dataimport::Row* row;
        dataimport::Kind kind;
    };
    RowVerdict applyRow(const Item& item);
    RowVerdict client(const dataimport::Row& row);
    RowVerdict invoice(const dataimport::Row& row);
    RowVerdict payment(const dataimport::Row& row);
    // The id of the client `code` names; with `name`, created when missing.
    Result<std::int64_t> clientId(const dataimport::Row& row, bool mayCreate, bool& created);
    dataimport::RowError fromService(const Error& e) const;
    std::string header(const std::string& field) const;

    Context& m_ctx;
    ClientService& m_clients;
    InvoiceService& m_invoices;
    Actor m_actor;
    ImportRequest m_request;
    bool m_apply;
    dataimport::Sheet m_sheet;
    dataimport::Fec m_fec;
    std::vector<Item> m_queue;
    std::int64_t m_next = 0;
    ImportOutcome m_outcome;
    std::optional<Error> m_fileError;
    std::unique_ptr<db::Transaction> m_tx;
};

class ImportService {
public:
    ImportService(Context& ctx, ClientService& clients, InvoiceService& invoices)
        : m_ctx(ctx),
          m_clients(clients),
          m_invoices(invoices)
    {
    }
    // A preview (apply false) or an apply, to run with step(); errors: forbidden, invalid_file.
    Result<std::unique_ptr<ImportRun>> start(const Actor& actor, ImportRequest request, bool apply);
    // The same run to its end at once (the CLI and tests).
    Result<ImportOutcome> run(const Actor& actor, ImportRequest request, bool apply);

private:
    Context& m_ctx;
    ClientService& m_clients;
    InvoiceService& m_invoices;
};

} // namespace crm::service
