// libFuzzer target: any bytes read as an OFX statement (1.x SGML made XML, 2.x XML, amounts, dates).
#include "core/bank/ofx.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const crm::bank::StatementFile f = crm::bank::readOfx(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)f;
    return 0;
}
