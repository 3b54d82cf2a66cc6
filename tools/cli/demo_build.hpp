// The demo portfolio's builder (crm demo-build; see demo_build.cpp).
#pragma once

#include <string>

namespace crm::cli {

// The snapshot text of the demo portfolio as of `asOf` (YYYY-MM-DD).
std::string buildDemoPortfolio(const std::string& asOf);

} // namespace crm::cli
