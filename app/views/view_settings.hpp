// ViewSettings (« Paramètres », administrators): the company's details the letters and
// formal notices print — legal name, address, SIRET, VAT number, phone, e-mail, IBAN and
// BIC — each checked by the core (settings.update) with its error under its field; the
// interface's language; and the ways to Storage and Import / export.
// Route: "settings". Needs settings.manage.
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <array>
#include <string>

namespace crm::app {

class ViewSettings final : public View {
public:
    const char* id() const override { return "settings"; }
    const char* titleKey() const override { return "nav.settings"; }
    const char* capability() const override { return "settings.manage"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    static constexpr int kFields = 10;
    std::array<std::array<char, 512>, kFields> m_values{};
    int m_bankScore = 90, m_bankDays = 3; // bank statements: automatic from this score; stale after these days
    std::string m_loadedAt = "-";         // the settings' updated_at the fields were filled from
    widgets::FieldError m_error;
    bool m_saving = false;
};

} // namespace crm::app
