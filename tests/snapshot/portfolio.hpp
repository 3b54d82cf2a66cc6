// The snapshot tests' world: one of every kind of row — generated clients, invoices,
// payments, credit notes; a document, communications, holds of each kind, executed
// relances, a task — and the problems an import reports.
#pragma once

#include "core/seed/generator.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

namespace crm::test {

using api::json;

struct Portfolio : World {
    Portfolio()
    {
        seed::GeneratorOptions g;
        g.clients = 30;
        g.invoices = 400;
        g.asOf = "2026-11-24";
        g.hashCost = crypto::HashCost::Minimal;
        seed::Generation gen(*db, g, seed::Generation::Mode::EmptyPortfolio);
        while (!gen.step(100000)) { }
        call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, admin);
        const auto c = client("SNAP", agentId);
        const auto i1 = invoice(c, "S-1", 150000, "2026-11-09");
        invoice(c, "S-2", 50000, "2026-10-20");
        call("document.attach",
            {{"client_id", c}, {"name", "contrat.pdf"}, {"mime_type", "application/pdf"},
                {"content_base64", crypto::base64Encode(std::string("%PDF-1.4 \x01\x02\xff", 12))}},
            admin);
        call("hold.create",
            {{"kind", "plan"}, {"client_id", c}, {"invoice_ids", json::array({i1})},
                {"instalments", json::array({{{"date", "2026-12-31"}, {"amount_cents", 100000}}})}},
            admin);
        call("hold.create", {{"kind", "stop"}, {"client_id", c}, {"reason", "Procédure"}, {"until", "2027-01-31"}},
            admin);
        call("relance.execute", {{"keys", "all"}}, admin);
        call("communication.log",
            {{"client_id", c}, {"channel", "call"}, {"outcome", "promise"}, {"promise_date", "2026-12-05"}}, admin);
        call("payment.record",
            {{"client_id", c}, {"date", "2026-11-20"}, {"amount_cents", 20000}, {"method", "cheque"}}, admin);
    }
    std::string snapshot() { return snapshot::exportText(*db); }
};

inline json problems(const json& reply)
{
    return reply.value("details", json::array());
}

} // namespace crm::test
