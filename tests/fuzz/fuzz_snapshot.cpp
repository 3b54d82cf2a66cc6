// libFuzzer target: any bytes imported as a snapshot into one in-memory database. An
// import (with the commands' rules) either succeeds or is refused with its problems; the database must stay
// usable either way (it is exported after each input).
#include "core/db/database.hpp"
#include "core/service/snapshot_service.hpp"
#include "core/snapshot/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static std::unique_ptr<crm::db::Database> db = crm::db::Database::open(":memory:");
    const std::string text(reinterpret_cast<const char*>(data), size);
    // The commands' rules too, as every import from outside has them.
    auto options = crm::snapshot::plainImport(true, "2026-11-30");
    options.rules = crm::service::snapshotRules(options.today);
    (void)crm::snapshot::importText(*db, text, std::move(options));
    (void)crm::snapshot::exportText(*db);
    return 0;
}
