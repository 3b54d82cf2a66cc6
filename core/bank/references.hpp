// Invoice numbers in a payment's remittance text, tolerant of spaces, dashes, dots,
// slashes, accents and case: « Règlement fact. F 2026-0042 et f2026/0043 » names
// F-2026-0042 and F-2026-0043. A number and a text compare by their key: letters and
// digits only, folded as search folds text (accents removed), upper case.
//
// findReferences() reads the text as words (runs of letters and digits) and looks up every
// run of 1 to `maxWords` consecutive words, joined, as a key — the longest run that is a
// known number wins, and its words are not read again (« F 2026 0042 » is F20260042, not
// also 20260042 or 0042).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::bank {

// The text's words — runs of letters and digits once folded as search folds text (accents
// removed) — upper case: « Règlement f-2026/0042 » → REGLEMENT, F, 2026, 0042.
std::vector<std::string> foldedWords(std::string_view text);

std::string referenceKey(std::string_view text);

// The keys found, in the order of the text, each once. `known(key)`: whether a number has it.
std::vector<std::string> findReferences(
    std::string_view text, const std::function<bool(const std::string& key)>& known, std::size_t maxWords = 4);

} // namespace crm::bank
