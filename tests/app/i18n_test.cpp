// Translations: every key in French and English; every key the interface uses exists;
// every error reason the API can return has a message (found by reading the core's
// sources, so a new reason without a message fails here).
#include "app/i18n.hpp"
#include "core/import/sheet.hpp"
#include "core/model/payment_model.hpp"
#include "tests/source_tree.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <regex>
#include <set>

using namespace crm::app;

TEST_CASE("every text has a French and an English version")
{
    const auto keys = textKeys();
    CHECK(keys.size() > 100);
    std::set<std::string> seen;
    for (const auto& k : keys) {
        CAPTURE(k);
        CHECK(seen.insert(k).second);
        CHECK(hasText(k, Language::Fr));
        CHECK(hasText(k, Language::En));
    }
}

#ifdef CRM_HAS_SOURCE_TREE
namespace {

// Every source under `folder`, white space collapsed, as one text.
std::string sourcesOf(const char* folder)
{
    std::string all;
    crm::test::forEachSource(folder, [&](const std::string&, const std::string& text) {
        all += std::regex_replace(text, std::regex("\\s+"), " ") + " ";
    });
    return all;
}

// The top-level arguments of the call whose '(' or '{' ends at `start`.
std::vector<std::string> argsAt(const std::string& s, std::size_t start)
{
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    bool inString = false;
    for (std::size_t i = start; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            cur += c;
            if (c == '\\' && i + 1 < s.size())
                cur += s[++i];
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            cur += c;
        } else if (c == '(' || c == '{' || c == '[') {
            ++depth;
            cur += c;
        } else if (c == ')' || c == '}' || c == ']') {
            if (depth == 0) {
                out.push_back(cur);
                return out;
            }
            --depth;
            cur += c;
        } else if (c == ',' && depth == 0) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

void literalsInto(const std::string& text, std::set<std::string>& out)
{
    static const std::regex lit("\"([a-z][a-z_]*)\"");
    for (std::sregex_iterator it(text.begin(), text.end(), lit), end; it != end; ++it)
        out.insert((*it)[1]);
}

} // namespace

TEST_CASE("a count takes the singular or the plural the language wants")
{
    setLanguage(Language::Fr);
    CHECK(countText("sto.clients", 0) == "0 client");
    CHECK(countText("sto.clients", 1) == "1 client");
    CHECK(countText("sto.users", 2) == "2 utilisateurs");
    CHECK(countText("sto.invoices", 1000000) == "1000000 factures");
    setLanguage(Language::En);
    CHECK(countText("sto.clients", 0) == "0 clients");
    CHECK(countText("sto.payments", 1) == "1 payment");
    CHECK(countText("sto.users", 3) == "3 users");
    setLanguage(Language::Fr);
}

TEST_CASE("every error reason the API can return has a message")
{
    const std::string core = sourcesOf("core");
    std::set<std::string> reasons = {"not_found"};
    const std::pair<const char*, std::size_t> calls[] = {{"Error::validation(", 1}, {"Error::conflict(", 0},
        {"Error::unauthenticated(", 0}, {"Error::forbidden(", 0}, {"Error::storage(", 0}};
    for (const auto& [pattern, index] : calls)
        for (std::size_t at = core.find(pattern); at != std::string::npos; at = core.find(pattern, at + 1)) {
            const auto args = argsAt(core, at + std::strlen(pattern));
            if (args.size() > index)
                literalsInto(args[index], reasons);
        }
    const std::size_t db = core.find("const char* DbError::reason() const");
    REQUIRE(db != std::string::npos);
    literalsInto(core.substr(db, core.find("bool DbError::isStorage", db) - db), reasons);
    CHECK(reasons.size() > 50);
    for (const auto& r : reasons) {
        CAPTURE(r);
        CHECK(hasText("err." + r, Language::Fr));
    }
}

TEST_CASE("every text key the interface names exists")
{
    const std::string app = sourcesOf("app");
    // Keys by their prefix (auth.* only inside tr(): it is also the prefix of methods).
    static const std::regex key(
        "\"((app|nav|setup|role|summary|invoices|status|clients|col|form|err|date|relances|"
        "channel|withheld|outcome|today|page|ipage|pay|timeline|holds|risk|bucket|help|imp|reports|"
        "export|data)\\.[a-z_0-9.]+)\"");
    static const std::regex trKey("tr\\(\"([a-z_]+\\.[a-z_.]+)\"\\)");
    std::set<std::string> used;
    for (const auto* re : {&key, &trKey})
        for (std::sregex_iterator it(app.begin(), app.end(), *re), end; it != end; ++it)
            used.insert((*it)[1]);
    for (const char* counted : {"sto.clients", "sto.invoices", "sto.payments", "sto.users"})
        for (const char* form : {".one", ".many"})
            used.insert(std::string(counted) + form);
    CHECK(used.size() > 40);
    for (const auto& k : used) {
        CAPTURE(k);
        CHECK(hasText(k, Language::Fr));
    }
    for (const char* s : {"open", "partially_paid", "paid", "cancelled", "disputed"})
        CHECK(hasText(std::string("status.") + s, Language::Fr));
    for (const char* r : {"admin", "manager", "agent"})
        CHECK(hasText(std::string("role.") + r, Language::Fr));
    for (const char* k : {"mode.auto", "mode.confirm", "lang.fr", "lang.en", "stage.none"})
        CHECK(hasText(k, Language::Fr));
    // Keys the screens compose from a value.
    for (const auto kind :
        {crm::dataimport::Kind::Clients, crm::dataimport::Kind::Invoices, crm::dataimport::Kind::Payments}) {
        CHECK(hasText(std::string("imp.format.") + crm::dataimport::kindName(kind), Language::Fr));
        CHECK(hasText(std::string("impkind.") + crm::dataimport::kindName(kind), Language::Fr));
        for (const auto& f : crm::dataimport::fields(kind))
            CHECK(hasText(std::string("impfield.") + f.name, Language::Fr));
    }
    for (const char* v : {"new", "changed", "unchanged", "error"})
        CHECK(hasText(std::string("impverdict.") + v, Language::Fr));
    for (const char* s : {"guessed", "remembered", "given"})
        CHECK(hasText(std::string("imp.source_") + s, Language::Fr));
    for (const char* k : {"promise", "plan", "stop"})
        CHECK(hasText(std::string("holdkind.") + k, Language::Fr));
    for (const char* s : {"active", "kept", "broken", "ended"})
        CHECK(hasText(std::string("holdstatus.") + s, Language::Fr));
    for (const char* k : {"payment", "credit_note"})
        CHECK(hasText(std::string("paykind.") + k, Language::Fr));
    for (const auto& m : crm::model::kPaymentMethods) // the core's list: a new method needs its label
        CHECK(hasText("paymethod." + m, Language::Fr));
    for (const char* c : {"email", "sms", "letter", "call", "formal_notice", "litigation", "visit", "note"})
        CHECK(hasText(std::string("channel.") + c, Language::Fr));
    for (const char* s : {"amiable", "relance", "mise_en_demeure", "contentieux"})
        CHECK(hasText(std::string("stage.") + s, Language::Fr));
}
#endif
