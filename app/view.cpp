#include "app/view.hpp"

#include "app/test_hook.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>

namespace crm::app {

// [SECTION] Router

void Router::navigate(const Route& route)
{
    if (route == current())
        return;
    m_history.resize(m_index + 1);
    m_history.push_back(route);
    m_index = m_history.size() - 1;
    if (onNavigate)
        onNavigate(route, true);
}

void Router::replace(const Route& route)
{
    m_history[m_index] = route;
    if (onNavigate)
        onNavigate(route, false);
}

bool Router::back()
{
    if (!canBack())
        return false;
    --m_index;
    if (onNavigate)
        onNavigate(current(), false);
    return true;
}

bool Router::forward()
{
    if (!canForward())
        return false;
    ++m_index;
    if (onNavigate)
        onNavigate(current(), false);
    return true;
}

const Route& Router::current() const
{
    return m_history[m_index];
}

std::string Router::toPath(const Route& route)
{
    std::string out = "#/" + route.view;
    char sep = '?';
    for (auto it = route.params.begin(); it != route.params.end(); ++it) {
        out += sep;
        sep = '&';
        out += it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    return out;
}

std::optional<Route> Router::fromPath(const std::string& path)
{
    if (path.rfind("#/", 0) != 0)
        return std::nullopt;
    Route r;
    const std::size_t q = path.find('?');
    r.view = path.substr(2, q == std::string::npos ? std::string::npos : q - 2);
    if (r.view.empty() || !std::all_of(r.view.begin(), r.view.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        }))
        return std::nullopt;
    if (q != std::string::npos) {
        std::size_t start = q + 1;
        while (start < path.size()) {
            std::size_t end = path.find('&', start);
            if (end == std::string::npos)
                end = path.size();
            const std::string pair = path.substr(start, end - start);
            const std::size_t eq = pair.find('=');
            if (eq != std::string::npos && eq > 0) {
                const std::string key = pair.substr(0, eq);
                const std::string value = pair.substr(eq + 1);
                const bool digits = !value.empty() && value.size() < 18
                    && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
                if (digits)
                    r.params[key] = std::stoll(value);
                else
                    r.params[key] = value;
            }
            start = end + 1;
        }
    }
    return r;
}

// [SECTION] View

bool ViewContext::can(const char* capability) const
{
    if (!me.contains("capabilities") || !me["capabilities"].is_array())
        return false;
    for (const auto& c : me["capabilities"])
        if (c.is_string() && c.get<std::string>() == capability)
            return true;
    return false;
}

void View::draw(ViewContext& ctx)
{
    testhook::note((std::string("view:") + id()).c_str(), id());
    ImGui::PushID(id());
    drawContent(ctx);
    ImGui::PopID();
}

} // namespace crm::app
