#include "core/api/registry.hpp"

#include <stdexcept>

namespace crm::api {

void Registry::add(Command command)
{
    if (m_index.count(command.method))
        throw std::logic_error("the command '" + command.method + "' is registered twice");
    if (static_cast<bool>(command.run) == static_cast<bool>(command.start))
        throw std::logic_error("the command '" + command.method + "' needs exactly one of run and start");
    m_index[command.method] = m_commands.size();
    m_commands.push_back(std::move(command));
}

const Command* Registry::find(const std::string& method) const
{
    auto it = m_index.find(method);
    return it == m_index.end() ? nullptr : &m_commands[it->second];
}

} // namespace crm::api
