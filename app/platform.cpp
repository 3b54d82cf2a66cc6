#include "app/platform.hpp"

#include "app/test_hook.hpp"

#include <utility>

namespace crm::app::platform {

namespace {

Hooks& hooks()
{
    static Hooks h;
    return h;
}
std::string g_lastUrl, g_lastFile;
PickedFile g_picked;

} // namespace

void install(Hooks h)
{
    hooks() = std::move(h);
}

void openUrl(const std::string& url)
{
    g_lastUrl = url;
    testhook::note("platform:url", url.c_str());
    if (hooks().openUrl)
        hooks().openUrl(url);
}

std::string saveFile(const std::string& name, const std::string& mime, const std::string& bytes)
{
    g_lastFile = name;
    testhook::note("platform:file", name.c_str());
    return hooks().saveFile ? hooks().saveFile(name, mime, bytes) : name;
}

bool pickFile(const std::string& accept, PickedFile then)
{
    if (!hooks().pickFile)
        return false;
    g_picked = std::move(then);
    return hooks().pickFile(accept);
}

void filePicked(const std::string& name, const std::string& bytes)
{
    if (auto then = std::exchange(g_picked, nullptr))
        then(name, bytes);
}

const std::string& lastUrl()
{
    return g_lastUrl;
}
const std::string& lastFileName()
{
    return g_lastFile;
}

} // namespace crm::app::platform
