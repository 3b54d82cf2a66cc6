#include "core/bank/references.hpp"

#include "core/util/text.hpp"

#include <algorithm>

namespace crm::bank {

namespace {

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

std::vector<std::string> foldedWords(std::string_view text)
{
    // Most numbers and bank texts are ASCII: folding them is upper-casing (the matcher folds a
    // whole portfolio's numbers; utf8proc for each costs more than the rest of the reading).
    const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
    const std::string folded = ascii ? std::string(text) : text::foldForSearch(text);
    std::vector<std::string> out;
    std::string word;
    for (char c : folded) {
        if (isWordChar(c))
            word += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

std::string referenceKey(std::string_view text)
{
    std::string key;
    for (const auto& w : foldedWords(text))
        key += w;
    return key;
}

std::vector<std::string> findReferences(
    std::string_view text, const std::function<bool(const std::string& key)>& known, std::size_t maxWords)
{
    const auto w = foldedWords(text);
    std::vector<std::string> found;
    std::size_t at = 0;
    while (at < w.size()) {
        std::size_t matched = 0;
        std::string best;
        std::string key;
        for (std::size_t n = 1; n <= maxWords && at + n <= w.size(); ++n) {
            key += w[at + n - 1];
            if (known(key)) {
                matched = n;
                best = key;
            }
        }
        if (matched == 0) {
            ++at;
            continue;
        }
        if (std::find(found.begin(), found.end(), best) == found.end())
            found.push_back(best);
        at += matched;
    }
    return found;
}

} // namespace crm::bank
