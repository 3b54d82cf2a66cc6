// SnapshotService: the JSON snapshot behind the command API (core/snapshot/ says what a
// snapshot is). Administrators only: a snapshot holds every user's password hash.
//
// Errors: content invalid_snapshot (details: the list of problems, each with its JSON
// path and reason), conflict not_empty (details: what the database holds, by table)
// unless replace is true.
#pragma once

#include "core/service/context.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/result.hpp"

#include <memory>
#include <string>

namespace crm::service {

// The commands' rules for the rows of a snapshot (snapshot_rules.cpp): every import that
// brings a snapshot in from outside passes them (snapshot.import, `crm import`, `crm pg
// push FILE`, the demo portfolio).
snapshot::RowRules snapshotRules(const std::string& today);

// What an import from outside is given: the rules above, and a line of the log written in
// the import's transaction, after the replacement — who (`actorId`, 0: the command line),
// when, the text's SHA-256 and the rows in and replaced (the audit trail itself is replaced).
snapshot::ImportOptions importOptions(Context& ctx, std::int64_t actorId, const std::string& text, bool replace);

class SnapshotService {
public:
    explicit SnapshotService(Context& ctx) : m_ctx(ctx) { }
    Result<std::string> exportText(const Actor& actor);
    Result<snapshot::ImportReport> importText(const Actor& actor, const std::string& text, bool replace);
    // The same a slice at a time (snapshot.import is a long command); `outcome` turns the
    // finished import's report into the result or the error.
    Result<std::unique_ptr<snapshot::Importer>> startImport(const Actor& actor, std::string text, bool replace);
    static Result<snapshot::ImportReport> outcome(const snapshot::ImportReport& report);

private:
    Context& m_ctx;
};

} // namespace crm::service
