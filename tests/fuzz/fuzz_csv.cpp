// libFuzzer target: any bytes through the CSV reader — decoding, separator detection,
// quoting, the sheet of each kind with guessed columns, every cell as an amount and a
// date. Nothing may crash, hang or read out of bounds (built with ASan and UBSan).
#include "core/import/sheet.hpp"
#include "core/util/format.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace crm::dataimport;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (const Kind k : {Kind::Clients, Kind::Invoices, Kind::Payments}) {
        const Sheet s = read(bytes, k, {});
        for (const auto& row : s.rows)
            for (const auto& [field, value] : row.values)
                (void)crm::fmt::readAmount(value, ',');
    }
    const Decoded d = decode(bytes);
    const Parsed p = parse(d.text, detectSeparator(d.text));
    for (const auto& r : p.records)
        for (const auto& f : r.fields) {
            (void)crm::fmt::readAmount(f, '.');
            (void)crm::fmt::readAmount(f); // as typed in a form
            (void)crm::fmt::readDate(f, "dmy");
            (void)crm::fmt::readDate(f, "compact");
            (void)crm::fmt::readDate(f);
            (void)csvField(f, ';');
        }
    return 0;
}
