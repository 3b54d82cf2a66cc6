// libFuzzer target: any bytes read as a CAMT.053 statement (expat's tree, balances, batches).
#include "core/bank/camt.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const crm::bank::StatementFile f
        = crm::bank::readCamt053(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)f;
    return 0;
}
