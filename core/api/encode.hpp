// Encoding helpers shared by the command files: service results -> JSON results.
// Decoding and encoding only; no business rule lives in core/api.
#pragma once

#include "core/api/registry.hpp"
#include "core/model/client_model.hpp"
#include "core/model/log_model.hpp"

#include <vector>

namespace crm::api {

// The error envelope's inner object.
json errorObject(
    const char* code, const std::string& message, const std::string& field = {}, const std::string& reason = {});
json errorJson(const Error& e);

template <class T, class F> Outcome map(Result<T>&& r, F&& f)
{
    if (!r.ok())
        return r.error();
    return f(r.value());
}

// A model row as its JSON (model::toJson).
template <class T> Outcome asJson(Result<T>&& r)
{
    return map(std::move(r), [](const T& v) { return json(model::toJson(v)); });
}

// {"deleted": id} once a deletion went through.
inline Outcome deleted(Result<Unit>&& r, const json& id)
{
    return map(std::move(r), [&](const Unit&) { return json{{"deleted", id}}; });
}

template <class T> Outcome listJson(Result<std::vector<T>>&& r)
{
    return map(std::move(r), [](const std::vector<T>& rows) {
        json out = json::array();
        for (const auto& x : rows)
            out.push_back(model::toJson(x));
        return json{{"rows", out}};
    });
}

inline Outcome okJson(Result<Unit>&& r)
{
    return map(std::move(r), [](const Unit&) { return json{{"ok", true}}; });
}

// A page of rows {rows, total}.
json rowJson(const model::ClientRow& r);
template <class T> json rowJson(const T& r)
{
    return model::toJson(r);
}
template <class Page> Outcome pageJson(Result<Page>&& r)
{
    return map(std::move(r), [](const Page& page) {
        json rows = json::array();
        for (const auto& x : page.rows)
            rows.push_back(rowJson(x));
        return json{{"rows", rows}, {"total", page.total >= 0 ? json(page.total) : json()}};
    });
}

inline json nullOr(const std::string& s)
{
    return s.empty() ? json() : json(s);
}

} // namespace crm::api
