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

void Registry::addGroup(Group group)
{
    m_pending.push_back(std::move(group));
}

const Command* Registry::find(const std::string& method)
{
    for (;;) {
        auto it = m_index.find(method);
        if (it != m_index.end())
            return &m_commands[it->second];
        if (!registerNextGroup())
            return nullptr;
    }
}

const std::deque<Command>& Registry::all()
{
    while (registerNextGroup()) { }
    return m_commands;
}

bool Registry::registerNextGroup()
{
    if (m_pending.empty())
        return false;
    Group next = std::move(m_pending.front());
    m_pending.pop_front(); // before running it: a group that throws is not run again
    next(*this);
    return true;
}

} // namespace crm::api
