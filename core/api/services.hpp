// The services the commands call, built once per Dispatcher over one database.
#pragma once

#include "core/service/auth_service.hpp"
#include "core/service/bank_service.hpp"
#include "core/service/client_service.hpp"
#include "core/service/communication_service.hpp"
#include "core/service/demo_service.hpp"
#include "core/service/engine_service.hpp"
#include "core/service/hold_service.hpp"
#include "core/service/import_service.hpp"
#include "core/service/invoice_service.hpp"
#include "core/service/relance_service.hpp"
#include "core/service/report_service.hpp"
#include "core/service/snapshot_service.hpp"
#include "core/service/storage_service.hpp"
#include "core/service/worklist_service.hpp"

namespace crm::api {

struct Services {
    Services(db::Database& db, Clock clock, service::AuthConfig config)
        : ctx{db, std::move(clock)},
          auth(ctx, config),
          clients(ctx),
          invoices(ctx),
          comms(ctx),
          relances(ctx),
          holds(ctx),
          engine(ctx),
          reports(ctx),
          snapshots(ctx),
          demo(ctx, clients),
          worklist(ctx, engine, holds, invoices),
          imports(ctx, clients, invoices),
          storage(ctx),
          bank(ctx, invoices)
    {
    }

    service::Context ctx;
    service::AuthService auth;
    service::ClientService clients;
    service::InvoiceService invoices;
    service::CommunicationService comms;
    service::RelanceService relances;
    service::HoldService holds;
    service::EngineService engine;
    service::ReportService reports;
    service::SnapshotService snapshots;
    service::DemoService demo;
    service::WorklistService worklist;
    service::ImportService imports;
    service::StorageService storage;
    service::BankService bank;
};

} // namespace crm::api
