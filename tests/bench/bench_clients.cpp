#include "tests/bench/bench_clients.hpp"
#include "tests/bench/bench_util.hpp"

#include "core/api/dispatcher.hpp"
#include "core/seed/generator.hpp"
#include "core/service/client_service.hpp"
#include "core/util/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm::bench {

namespace {

template <class F> double timeMs(F&& f)
{
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return Ms(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

nlohmann::json runClientsBench(db::Database& db, const nlohmann::json& params)
{
    const std::int64_t n = params.value("n", std::int64_t{100000});
    const int runs = params.value("runs", 3);
    const std::int64_t page = params.value("page", std::int64_t{50});
    service::Context ctx{db, fixedClock("2026-11-24T09:00:00Z")};
    service::ClientService clients(ctx);
    const service::Actor admin{0, service::Role::Admin}; // the bench runs as the file's owner, outside any session

    std::vector<double> insert, first, middle, last, search, count;
    for (int r = 0; r < runs; ++r) {
        db.exec("DELETE FROM system_logs; DELETE FROM client_stats; DELETE FROM clients");
        insert.push_back(timeMs([&] {
            db::Transaction tx(db);
            for (std::int64_t i = 0; i < n; ++i) {
                service::ClientFields f;
                f.code = "B" + std::to_string(i);
                f.name = seed::companyName(static_cast<std::uint64_t>(i));
                f.email = "compta" + std::to_string(i) + "@exemple.fr";
                f.phone = "01 23 45 67 89";
                auto res = clients.create(admin, f);
                if (!res.ok())
                    throw std::runtime_error("bench insert refused: " + res.error().message);
            }
            tx.commit();
        }));
        auto listAt = [&](std::int64_t offset, const std::string& text) {
            model::ClientQuery q;
            q.sort = model::ClientSort::Name;
            q.offset = offset;
            q.limit = page;
            q.search = text;
            return timeMs([&] {
                auto res = clients.list(admin, q);
                if (!res.ok()
                    || (text.empty() && static_cast<std::int64_t>(res->rows.size()) != std::min(page, n - offset)))
                    throw std::runtime_error("bench page came back wrong");
            });
        };
        for (int k = 0; k < 5; ++k) {
            first.push_back(listAt(0, ""));
            middle.push_back(listAt(n / 2, ""));
            last.push_back(listAt(std::max<std::int64_t>(0, n - page), ""));
            search.push_back(listAt(0, "lefevre"));
        }
    }
    return {{"n", n}, {"runs", runs}, {"page", page}, {"insert_ms", median(insert)},
        {"insert_rows_per_s", n / (median(insert) / 1000.0)}, {"page_first_ms", median(first)},
        {"page_middle_ms", median(middle)}, {"page_last_ms", median(last)}, {"search_page_ms", median(search)}};
}

} // namespace crm::bench
