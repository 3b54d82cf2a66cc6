// One entry for the three readers: the format told from the file's first bytes.
#pragma once

#include "core/bank/statement.hpp"

#include <string_view>

namespace crm::bank {

// CAMT.053 (an XML document naming a camt.053 namespace), OFX (an OFXHEADER or an <OFX>
// element) or CFONB 120 (anything else: its reader says why a file is not one); a file
// of none of them is refused with reason unknown_format.
StatementFile readStatementFile(std::string_view bytes);

} // namespace crm::bank
