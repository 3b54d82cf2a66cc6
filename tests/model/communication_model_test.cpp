// CommunicationModel and DocumentModel: a communication kept with the invoices it is about
// and read back whole (a promise's date and amount, none when absent); a client's timeline
// newest first, paged, or only what concerns one invoice; documents stored with their bytes
// (any byte, NUL included), listed by client or invoice, removed.
#include "core/model/communication_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

namespace {

model::Communication note(std::int64_t client, const std::string& at, std::vector<std::int64_t> invoices)
{
    model::Communication c;
    c.clientId = client;
    c.userId = 1;
    c.channel = "note";
    c.direction = "out";
    c.occurredAt = c.createdAt = at;
    c.body = "note " + at;
    c.invoiceIds = std::move(invoices);
    return c;
}

} // namespace

TEST_CASE("CommunicationModel and DocumentModel: stored whole, the timeline paged and by invoice, documents")
{
    test::World w;
    const auto c = w.client("C");
    const auto f1 = w.invoice(c, "F-1", 10000, "2026-10-01", "2026-09-01");
    const auto f2 = w.invoice(c, "F-2", 5000, "2026-10-15", "2026-09-01");
    model::CommunicationModel m(*w.db);
    auto call = note(c, "2026-11-03T10:00:00Z", {f1, f2});
    call.channel = "call";
    call.outcome = "promise";
    call.promiseDate = "2026-11-30";
    call.promiseAmountCents = 7500;
    const auto callId = m.insert(call);
    m.insert(note(c, "2026-11-01T10:00:00Z", {}));
    m.insert(note(c, "2026-11-05T10:00:00Z", {f2}));

    const auto back = m.get(callId);
    REQUIRE(back);
    CHECK(back->invoiceIds == std::vector<std::int64_t>{f1, f2});
    CHECK(back->promiseDate == "2026-11-30");
    CHECK(back->promiseAmountCents == 7500);
    CHECK_FALSE(m.get(m.insert(note(c, "2026-10-01T10:00:00Z", {})))->promiseAmountCents);

    std::int64_t total = 0;
    const auto firstTwo = m.listByClient(c, 0, 0, 2, total);
    CHECK(total == 4);
    REQUIRE(firstTwo.size() == 2);
    CHECK(firstTwo[0].occurredAt == "2026-11-05T10:00:00Z"); // newest first
    CHECK(firstTwo[1].occurredAt == "2026-11-03T10:00:00Z");
    CHECK(m.listByClient(c, 0, 2, 2, total).back().occurredAt == "2026-10-01T10:00:00Z");
    const auto aboutF1 = m.listByClient(c, f1, 0, 50, total);
    CHECK(total == 1);
    REQUIRE(aboutF1.size() == 1);
    CHECK(aboutF1[0].id == callId);
    m.listByClient(c, f2, 0, 50, total);
    CHECK(total == 2);

    model::DocumentModel d(*w.db);
    model::Document doc;
    doc.clientId = c;
    doc.invoiceId = f1;
    doc.name = "facture.pdf";
    doc.mimeType = "application/pdf";
    const std::string bytes("%PDF\0\x01\xff", 7);
    doc.sizeBytes = static_cast<std::int64_t>(bytes.size());
    doc.sha256 = std::string(64, 'a'); // the model stores it; the service computes it
    doc.uploadedBy = 1;
    doc.createdAt = "2026-11-03T10:00:00Z";
    const auto docId = d.insert(doc, bytes);
    doc.invoiceId = 0;
    doc.name = "contrat.pdf";
    const auto other = d.insert(doc, "contrat");
    CHECK(d.content(docId) == bytes);
    CHECK(d.get(docId)->name == "facture.pdf");
    CHECK(d.list(c, 0).size() == 2);
    CHECK(d.list(c, f1).size() == 1);
    d.remove(docId);
    CHECK_FALSE(d.get(docId));
    CHECK_FALSE(d.content(docId));
    CHECK(d.list(c, 0).front().id == other);
}
