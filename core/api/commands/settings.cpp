// Commands: settings.* — the company settings letters and templates use.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addSettings(Registry& r, Services& s)
{
    r.add({"settings.get", "The company settings letters and templates use.", {}, Perm::RelanceRead, {},
        [&s](const Call& c) { return asJson(s.relances.settings(c.actor)); }});
    r.add({"settings.update", "Change the company settings.",
        {{"legal_name", PT::String, false, ""}, {"address", PT::String, false, "may span lines"},
            {"siret", PT::String, false, "14 digits"}, {"vat_number", PT::String, false, "FR…"},
            {"phone", PT::String, false, ""}, {"email", PT::String, false, ""},
            {"iban", PT::String, false, "checked (mod 97)"}, {"bic", PT::String, false, "8 or 11 characters"}},
        Perm::SettingsManage, {"company_settings", "system_logs"}, [&s](const Call& c) {
            return asJson(s.relances.updateSettings(c.actor,
                {optStr(c.p, "legal_name"), optStr(c.p, "address"), optStr(c.p, "siret"), optStr(c.p, "vat_number"),
                    optStr(c.p, "phone"), optStr(c.p, "email"), optStr(c.p, "iban"), optStr(c.p, "bic")}));
        }});
}

} // namespace crm::api::commands
