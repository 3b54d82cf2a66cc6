// ViewClients: the Clients screen — a paged, sortable, searchable table of every
// client, and a side form to create or edit one, with each validation error shown
// under its field. Reads through the Store (client.list pages of kPage rows, fetched
// only for the visible rows), writes with client.create / client.update / client.delete.
#pragma once

#include "app/store.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

class ViewClients {
public:
    explicit ViewClients(Store& store) : m_store(store) { }
    // `role` of the signed-in user: agents cannot create or delete clients.
    void draw(const std::string& role);

    static constexpr int kPage = 100;

private:
    struct Form {
        bool open = false;
        std::int64_t id = 0; // 0: a new client
        char code[64] = {};
        char name[1024] = {};
        char email[1024] = {};
        char phone[128] = {};
        char address[2048] = {};
        char siret[64] = {};
        bool saving = false;
        std::string errorField;
        std::string errorText;
    };

    json pageParams(std::int64_t page) const;
    void drawToolbar(std::int64_t total, bool loaded);
    void drawTable(std::int64_t total);
    void drawEmpty();
    void drawForm();
    void drawSummary();
    void drawOwedInvoices();
    bool drawField(
        const char* labelKey, const char* id, const char* field, char* buf, std::size_t size, bool multiline = false);
    void openNew();
    void openEdit(const json& row);
    void save();
    void remove();

    Store& m_store;
    char m_search[256] = {};
    std::string m_sort = "name";
    bool m_desc = false;
    Form m_form;
    std::string m_role = "agent";
    std::string m_flash;
    double m_flashUntil = 0;
};

} // namespace crm::app
