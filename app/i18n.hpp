// i18n: the interface's text in French (default) and English.
//
// tr("key") returns the text of the current language; an unknown key returns itself,
// so a missing translation shows up on screen instead of crashing. errorText() turns
// an error envelope's reason key into a sentence for the user.
#pragma once

#include <string>
#include <vector>

namespace crm::app {

enum class Language { Fr, En };

void setLanguage(Language lang);
Language language();
const char* tr(const char* key);
// A count and its noun, singular or plural as the language says ("0 client" and "1 client"
// in French, "0 clients" and "1 client" in English): the texts `key.one` and `key.many`,
// each with one %lld.
std::string countText(const char* key, long long n);
// Every key of the translation table, and whether `key` has a text in `lang` (tests).
std::vector<std::string> textKeys();
bool hasText(const std::string& key, Language lang);
// A user-facing sentence for an error {code, reason, field, message}.
std::string errorText(const std::string& code, const std::string& reason, const std::string& field);

} // namespace crm::app
