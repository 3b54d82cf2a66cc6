// libFuzzer target: any bytes read as a FEC (entries, balance checks, lettering).
#include "core/import/fec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const crm::dataimport::Fec f = crm::dataimport::readFec(std::string(reinterpret_cast<const char*>(data), size));
    (void)f;
    return 0;
}
