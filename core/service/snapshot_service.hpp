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
