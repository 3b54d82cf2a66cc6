// libFuzzer target: any bytes imported as a snapshot into one in-memory database. An
// import either succeeds or is refused with its problems; the database must stay
// usable either way (it is exported after each input).
#include "core/db/database.hpp"
#include "core/snapshot/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static std::unique_ptr<crm::db::Database> db = crm::db::Database::open(":memory:");
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)crm::snapshot::importText(*db, text, true, "2026-11-30");
    (void)crm::snapshot::exportText(*db);
    return 0;
}
