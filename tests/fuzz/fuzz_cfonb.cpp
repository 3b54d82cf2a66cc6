// libFuzzer target: any bytes read as a CFONB 120 statement (records, sign letters, balances).
#include "core/bank/cfonb.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const crm::bank::StatementFile f
        = crm::bank::readCfonb120(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)f;
    return 0;
}
