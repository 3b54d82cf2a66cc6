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

#include <string>

namespace crm::service {

class SnapshotService {
public:
    explicit SnapshotService(Context& ctx) : m_ctx(ctx) { }
    Result<std::string> exportText(const Actor& actor);
    Result<snapshot::ImportReport> importText(const Actor& actor, const std::string& text, bool replace);

private:
    Context& m_ctx;
};

} // namespace crm::service
