// What a screen asks of the system it runs on: open a link (mailto:, sms:, tel:) and
// hand the user a file (a letter's PDF, an .eml). The platform layer installs its own
// (platform_web.cpp: an anchor click and a Blob download; platform_desktop.cpp:
// xdg-open and a file in the Downloads folder); without one — in tests — the calls are
// recorded and noted through the test hook ("platform:url", "platform:file").
#pragma once

#include <functional>
#include <string>

namespace crm::app::platform {

struct Hooks {
    std::function<void(const std::string& url)> openUrl;
    // Returns where the file went (a path on the desktop, the name in the browser).
    std::function<std::string(const std::string& name, const std::string& mime, const std::string& bytes)> saveFile;
};

void install(Hooks hooks);
void openUrl(const std::string& url);
std::string saveFile(const std::string& name, const std::string& mime, const std::string& bytes);

// The last calls, whichever hooks ran (tests).
const std::string& lastUrl();
const std::string& lastFileName();

} // namespace crm::app::platform
