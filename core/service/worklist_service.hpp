// WorklistService: a collector's day in one answer — what the Today screen shows.
// From the engine's plan: the actions waiting for a confirmation and the automatic
// ones; from what was executed: the messages still to send; the calls and hand-overs
// to do; the promises due today and those broken; the payment plans with a missed
// instalment; the invoices in dispute. An agent sees their own clients; a manager
// everyone's, or one collector's (collectorId; 0: the unassigned clients).
//
// Each list is cut to `limit` entries; the counts are the whole day's.
// Errors: as_of invalid_date; collector_id (agents may only name themselves) forbidden.
#pragma once

#include "core/service/engine_service.hpp"
#include "core/service/hold_service.hpp"
#include "core/service/invoice_service.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct WorklistQuery {
    std::string asOf;                        // empty: today
    std::optional<std::int64_t> collectorId; // managers; 0: unassigned clients
    std::int64_t limit = 50;
};

struct WorklistCounts {
    std::int64_t toConfirm = 0, automatic = 0, toSend = 0, calls = 0, promisesDue = 0, promisesBroken = 0,
                 instalmentsMissed = 0, disputes = 0;
    // Letters the day withholds for what they lack: no_company_details, no_address, no_rate.
    std::map<std::string, std::int64_t> lettersWithheld;
};

struct Worklist {
    std::string asOf;
    WorklistCounts counts;
    PlanView confirm;                     // the plan's actions in confirm mode (cut to limit)
    std::vector<model::ActionRow> toSend; // executed, not sent yet
    std::vector<model::TaskRow> calls;    // open tasks due by as_of (calls and hand-overs)
    std::vector<HoldView> promisesDue, promisesBroken, instalmentsMissed;
    std::vector<model::Invoice> disputes;
    std::unordered_map<std::int64_t, std::string> clientNames; // of the holds and disputes
};

class WorklistService {
public:
    WorklistService(Context& ctx, EngineService& engine, HoldService& holds, InvoiceService& invoices)
        : m_ctx(ctx),
          m_engine(engine),
          m_holds(holds),
          m_invoices(invoices)
    {
    }

    Result<Worklist> today(const Actor& actor, WorklistQuery q);

private:
    Context& m_ctx;
    EngineService& m_engine;
    HoldService& m_holds;
    InvoiceService& m_invoices;
};

} // namespace crm::service
