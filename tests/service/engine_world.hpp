// The engine's world for the service tests: a database with a client ACME assigned to the
// agent, the company's settings filled in, and helpers to plan and execute; pdfText reads
// a letter back with Debian's pdftotext.
#pragma once

#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>

namespace crm::test {

using api::json;

struct Engine : World {
    std::int64_t acme = 0;
    Engine()
    {
        acme = client("ACME", agentId);
        call("client.update",
            {{"id", acme}, {"name", "ACME Industries"}, {"email", "compta@acme.fr"}, {"phone", "+33102030405"},
                {"address", "12 rue des Lilas\n75011 Paris"}, {"contact_name", "Mme Durand"}},
            admin);
        letterhead();
    }
    json plan(const std::string& session, json params = json::object())
    {
        return call("relance.plan", params, session);
    }
    json execute(json keys, const std::string& session, json params = json::object())
    {
        params["keys"] = std::move(keys);
        return call("relance.execute", params, session);
    }
    std::set<std::pair<std::int64_t, std::int64_t>> donePairs()
    {
        std::set<std::pair<std::int64_t, std::int64_t>> out;
        db::Statement st(*db, "SELECT invoice_id, step_id FROM relance_done");
        while (st.step())
            out.insert({st.getInt(0), st.getInt(1)});
        return out;
    }
};

#ifndef __EMSCRIPTEN__
// The text of a PDF, by Debian's pdftotext (natively only: the wasm build under Node has
// no processes; the browser suite reads the same letter with pdftotext).
inline std::string pdfText(const std::string& pdf)
{
    const std::string path = "crm_test_letter.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf;
    }
    std::string text;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("pdftotext -layout " + path + " - 2>&1").c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::array<char, 4096> buf{};
    while (auto n = std::fread(buf.data(), 1, buf.size(), pipe.get()))
        text.append(buf.data(), n);
    std::remove(path.c_str());
    // pdftotext writes the no-break spaces of amounts as U+00A0.
    for (auto at = text.find("\xC2\xA0"); at != std::string::npos; at = text.find("\xC2\xA0"))
        text.replace(at, 2, " ");
    return text;
}
#endif

} // namespace crm::test
