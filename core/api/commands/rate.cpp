// Commands: rate.* — the ECB rates behind the late-payment interest.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/relance/charges.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addRates(Registry& r, Services& s)
{
    r.add({"rate.list",
        "The ECB main refinancing rates by half-year (basis points), each with the legal late-payment rate it makes "
        "(legal_rate_bp: plus 10 points).",
        {}, Perm::RelanceRead, {}, [&s](const Call& c) {
            return map(s.relances.rates(c.actor), [](const std::vector<model::EcbRate>& rates) {
                json rows = json::array();
                for (const auto& rate : rates) {
                    json row = model::toJson(rate);
                    row["legal_rate_bp"] = rate.rateBp + relance::kLegalMarginBp;
                    rows.push_back(std::move(row));
                }
                return json{{"rows", rows}};
            });
        }});
    r.add({"rate.set", "Set the ECB rate of a half-year (in force on 1 January or 1 July).",
        {{"year", PT::Integer, true, "2000 to 2100"}, {"half", PT::Integer, true, "1 (January) or 2 (July)"},
            {"rate_bp", PT::Integer, true, "basis points: 2.15 % is 215"}},
        Perm::RelanceManage, {"ecb_rates", "system_logs"}, [&s](const Call& c) {
            return asJson(
                s.relances.setRate(c.actor, integer(c.p, "year"), integer(c.p, "half"), integer(c.p, "rate_bp")));
        }});
}

} // namespace crm::api::commands
