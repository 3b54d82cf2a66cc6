// What a screen asks of the system it runs on: open a link (mailto:, sms:, tel:) and
// hand the user a file (a letter's PDF, an .eml). The platform layer installs its own
// (platform_web.cpp: an anchor click and a Blob download, a file input; platform_desktop.cpp:
// xdg-open, a file in the Downloads folder, zenity's file chooser when installed); without one — in tests — the calls
// are recorded and noted through the test hook ("platform:url", "platform:file").
#pragma once

#include <functional>
#include <string>

namespace crm::app::platform {

// A file the user picked: its name and bytes.
using PickedFile = std::function<void(const std::string& name, const std::string& bytes)>;

struct Hooks {
    std::function<void(const std::string& url)> openUrl;
    // Returns where the file went (a path on the desktop, the name in the browser).
    std::function<std::string(const std::string& name, const std::string& mime, const std::string& bytes)> saveFile;
    // Asks the user for a file (`accept`: ".json"); false when this platform cannot.
    std::function<bool(const std::string& accept)> pickFile;
};

void install(Hooks hooks);
void openUrl(const std::string& url);
std::string saveFile(const std::string& name, const std::string& mime, const std::string& bytes);
// Asks for a file; `then` runs with it once chosen (never, if the user gives up).
// False when the platform cannot ask (then say so).
bool pickFile(const std::string& accept, PickedFile then);
// The platform layer hands the chosen file over here (the browser reads it asynchronously).
void filePicked(const std::string& name, const std::string& bytes);

// The last calls, whichever hooks ran (tests).
const std::string& lastUrl();
const std::string& lastFileName();

} // namespace crm::app::platform
