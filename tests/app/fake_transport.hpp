// A transport the tests drive by hand: it records what the interface sends and hands
// over the messages a test queues, at the next poll.
#pragma once

#include "app/transport.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace crm::test {

struct FakeTransport final : app::Transport {
    std::vector<nlohmann::json> sent;
    std::vector<std::string> inbox;
    std::vector<std::int64_t> cancelled;
    void send(const std::string& text) override { sent.push_back(nlohmann::json::parse(text)); }
    void poll(std::vector<std::string>& out) override
    {
        for (auto& m : inbox)
            out.push_back(std::move(m));
        inbox.clear();
    }
    void cancel(std::int64_t id) override { cancelled.push_back(id); }
    void push(const nlohmann::json& m) { inbox.push_back(m.dump()); }
    // The requests sent for `method`.
    std::vector<nlohmann::json> of(const std::string& method) const
    {
        std::vector<nlohmann::json> out;
        for (const auto& r : sent)
            if (r.value("method", "") == method)
                out.push_back(r);
        return out;
    }
    // Answers the api.describe request with these methods ({method, params: [{name, values}]}).
    void describe(const nlohmann::json& methods)
    {
        for (const auto& r : of("api.describe"))
            push({{"id", r["id"]}, {"result", {{"methods", methods}}}});
    }
};

} // namespace crm::test
