// Commands: settings.* — the company settings letters and templates use.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addSettings(Registry& r, Services& s)
{
    r.add({"settings.get",
        "The company settings letters and templates use, and what letters still need of them (missing_for_letters: "
        "until it is empty, letters and formal notices are withheld).",
        {}, Perm::RelanceRead, {}, [&s](const Call& c) {
            return map(s.relances.settings(c.actor), [](const model::CompanySettings& v) {
                json out = model::toJson(v);
                out["missing_for_letters"] = service::missingForLetters(v);
                return out;
            });
        }});
    r.add({"settings.update", "Change the company settings.",
        {{"legal_name", PT::String, false, ""}, {"address", PT::String, false, "may span lines"},
            {"siret", PT::String, false, "14 digits"}, {"vat_number", PT::String, false, "FR…"},
            {"phone", PT::String, false, ""}, {"email", PT::String, false, ""},
            {"iban", PT::String, false, "checked (mod 97)"}, {"bic", PT::String, false, "8 or 11 characters"},
            {"signatory", PT::String, false, "who signs the letters: name and title; may span lines"},
            {"default_currency", PT::String, false, "an invoice's currency when none is given (ISO 4217)"},
            {"bank_auto_score", PT::Integer, false,
                "bank statements: a match whose score (out of 100) reaches this is applied by itself; 101: never"},
            {"bank_stale_days", PT::Integer, false,
                "bank statements: business days after which the day's automatic relances wait for a confirmation"}},
        Perm::SettingsManage, {"company_settings", "system_logs"}, [&s](const Call& c) {
            return asJson(s.relances.updateSettings(c.actor,
                {optStr(c.p, "legal_name"), optStr(c.p, "address"), optStr(c.p, "siret"), optStr(c.p, "vat_number"),
                    optStr(c.p, "phone"), optStr(c.p, "email"), optStr(c.p, "iban"), optStr(c.p, "bic"),
                    optStr(c.p, "signatory"), optStr(c.p, "default_currency"), optInt(c.p, "bank_auto_score"),
                    optInt(c.p, "bank_stale_days")}));
        }});
}

} // namespace crm::api::commands
