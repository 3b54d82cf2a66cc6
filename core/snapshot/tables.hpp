// What the snapshot's export and import share, inside core/snapshot/ only: the tables of
// a snapshot in import order, the columns each carries, and which columns hold dates.
#pragma once

#include "core/model/snapshot_model.hpp"

#include <string>
#include <vector>

namespace crm::snapshot::detail {

struct TableDef {
    const char* name;
    const char* orderBy;
};

// Every snapshot table, parents first (the import's order), with its rows' order.
const std::vector<TableDef>& tables();
// The columns a snapshot carries: the stored ones but the derived keys.
std::vector<model::ColumnInfo> carried(model::SnapshotModel& m, const std::string& table);
// The tables whose rows are the users' work (a database holding none is "empty": only
// what set-up, the migrations and their log lines put there).
bool isWork(const std::string& table);
// Dates and instants are checked strictly (SQLite's date() lets 2026-02-30 through).
bool isDateColumn(const std::string& column);
bool isInstantColumn(const std::string& column);
// A system log line's time is `at`: the instants the demo's dates move with.
bool isShiftedInstant(const std::string& column);
// `s` as a JSON string literal.
std::string quote(const std::string& s);

} // namespace crm::snapshot::detail
