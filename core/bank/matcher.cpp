#include "core/bank/matcher.hpp"

#include "core/bank/references.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <set>

namespace crm::bank {

namespace {

// Words that say what kind of company, not which one.
bool isNoiseWord(const std::string& w)
{
    static const std::set<std::string> kWords = {"SARL", "SAS", "SASU", "SA", "EURL", "SCI", "SNC", "SCP", "SCOP",
        "SELARL", "SELAS", "GIE", "EI", "EIRL", "ETS", "ETABLISSEMENTS", "ETABLISSEMENT", "STE", "SOCIETE", "CIE", "ET",
        "LA", "LE", "LES", "L", "DE", "D", "DU", "DES", "M", "MME", "MR", "MLLE", "MONSIEUR", "MADAME", "GMBH", "LTD",
        "INC", "SRL", "SPA", "BV", "AND", "THE"};
    return kWords.count(w) > 0;
}

std::vector<std::string> splitKey(const std::string& key)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < key.size()) {
        const auto space = key.find(' ', at);
        const auto end = space == std::string::npos ? key.size() : space;
        if (end > at)
            out.push_back(key.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

bool returnWording(const StatementLine& line)
{
    static const std::array<const char*, 9> kWords
        = {"REJET", "REJETE", "IMPAYE", "RETOUR", "RETURN", "RETURNED", "REVERSAL", "RJT", "IMPAYES"};
    for (const auto& w : foldedWords(line.label + " " + line.remittance + " " + line.operationCode))
        for (const char* k : kWords)
            if (w == k)
                return true;
    return false;
}

} // namespace

std::string Matcher::nameKey(std::string_view name)
{
    std::string key;
    for (auto& w : foldedWords(name)) {
        if (isNoiseWord(w))
            continue;
        if (!key.empty())
            key += ' ';
        key += w;
    }
    return key;
}

std::string Matcher::accountKey(std::string_view account)
{
    std::string key;
    for (char c : account)
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            key += c;
        else if (c >= 'a' && c <= 'z')
            key += static_cast<char>(c - 'a' + 'A');
    return key;
}

void Matcher::addClient(std::int64_t id, std::string_view name)
{
    std::string key = nameKey(name);
    if (key.empty())
        return;
    const auto at = static_cast<std::uint32_t>(m_clients.size());
    auto words = splitKey(key);
    auto index = [&](const std::string& w) {
        auto& list = m_clientsByWord[w];
        if (list.empty() || list.back() != at)
            list.push_back(at);
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].size() >= 3)
            index(words[i]);
        if (i + 1 < words.size())
            index(words[i] + ' ' + words[i + 1]);
    }
    if (key.size() >= 8)
        m_clientsByHead[key.substr(0, 8)].push_back(at);
    m_clientsByKey[key].push_back(at);
    m_clientAt[id] = at;
    m_clients.push_back({id, std::move(key), std::move(words)});
}

void Matcher::setInvoices(std::vector<OpenInvoice> invoices)
{
    m_invoices = std::move(invoices);
    const auto n = static_cast<std::uint32_t>(m_invoices.size());
    for (auto& inv : m_invoices)
        inv.key = referenceKey(inv.number);
    m_byClient.resize(n);
    std::iota(m_byClient.begin(), m_byClient.end(), 0u);
    std::sort(m_byClient.begin(), m_byClient.end(), [this](std::uint32_t a, std::uint32_t b) {
        const auto &x = m_invoices[a], &y = m_invoices[b];
        if (x.clientId != y.clientId)
            return x.clientId < y.clientId;
        return x.dueDate != y.dueDate ? x.dueDate < y.dueDate : x.id < y.id;
    });
    m_byKey.clear();
    m_byAmount.clear();
    m_byId.clear();
    m_byKey.reserve(n);
    m_byAmount.reserve(n);
    m_byId.reserve(n);
    for (std::uint32_t at = 0; at < n; ++at) {
        m_byKey.emplace_back(std::hash<std::string_view>{}(m_invoices[at].key), at);
        m_byAmount.emplace_back(m_invoices[at].openCents, at);
        m_byId.emplace_back(m_invoices[at].id, at);
    }
    std::sort(m_byKey.begin(), m_byKey.end());
    std::sort(m_byAmount.begin(), m_byAmount.end());
    std::sort(m_byId.begin(), m_byId.end());
}

std::size_t Matcher::positionOf(std::int64_t id) const
{
    auto it
        = std::lower_bound(m_byId.begin(), m_byId.end(), id, [](const auto& e, std::int64_t v) { return e.first < v; });
    return it != m_byId.end() && it->first == id ? it->second : m_invoices.size();
}

template <class Visit> void Matcher::withKey(std::string_view key, Visit visit) const
{
    const std::size_t hash = std::hash<std::string_view>{}(key);
    auto it = std::lower_bound(
        m_byKey.begin(), m_byKey.end(), hash, [](const auto& e, std::size_t h) { return e.first < h; });
    for (; it != m_byKey.end() && it->first == hash; ++it)
        if (m_invoices[it->second].key == key)
            visit(m_invoices[it->second]);
}

void Matcher::addAlias(const std::string& kind, const std::string& key, std::int64_t clientId)
{
    (kind == "iban" ? m_ibanAliases : m_nameAliases)[key] = clientId;
}

void Matcher::addPayment(KnownPayment payment)
{
    m_paymentsByAmount[payment.amountCents].push_back(m_payments.size());
    m_payments.push_back(std::move(payment));
}

void Matcher::paid(std::int64_t invoiceId, std::int64_t cents)
{
    if (const std::size_t at = positionOf(invoiceId); at < m_invoices.size())
        m_invoices[at].openCents -= cents;
}

void Matcher::voided(std::int64_t paymentId)
{
    for (auto& p : m_payments)
        if (p.id == paymentId)
            p.amountCents = 0;
}

void Matcher::learn(const std::string& kind, const std::string& key, std::int64_t clientId)
{
    if (key.empty())
        return;
    auto& aliases = kind == "iban" ? m_ibanAliases : m_nameAliases;
    auto [it, added] = aliases.emplace(key, clientId);
    if (!added && it->second != clientId)
        it->second = 0; // the same payer for two clients: a sign of neither
}

std::vector<std::int64_t> Matcher::invoicesNamedIn(std::string_view text) const
{
    std::vector<std::int64_t> out;
    const auto keys = findReferences(text, [this](const std::string& key) {
        bool found = false;
        withKey(key, [&found](const OpenInvoice&) { found = true; });
        return found;
    });
    for (const auto& key : keys)
        withKey(key, [&out](const OpenInvoice& inv) {
            if (inv.openCents > 0)
                out.push_back(inv.id);
        });
    return out;
}

std::vector<const OpenInvoice*> Matcher::openOf(std::int64_t clientId, const std::string& currency) const
{
    std::vector<const OpenInvoice*> out;
    auto it = std::lower_bound(m_byClient.begin(), m_byClient.end(), clientId,
        [this](std::uint32_t at, std::int64_t id) { return m_invoices[at].clientId < id; });
    for (; it != m_byClient.end() && m_invoices[*it].clientId == clientId; ++it) {
        const auto& inv = m_invoices[*it];
        if (inv.openCents > 0 && inv.currency == currency)
            out.push_back(&inv); // oldest due first: the index's order
    }
    return out;
}

std::vector<Matcher::Who> Matcher::whoPaid(const StatementLine& line) const
{
    std::vector<Who> out;
    m_slot.resize(m_clients.size(), -1);
    m_compared.resize(m_clients.size(), 0);
    std::vector<std::uint32_t> touched; // the positions whose scratch is reset on the way out
    // A client's best reason so far, one entry each.
    auto keep = [&out](std::size_t w, std::int64_t client, int score, Reason& reason) {
        if (score > out[w].score)
            out[w] = {client, score, std::move(reason)};
    };
    auto addAt = [&](std::uint32_t at, int score, Reason reason) {
        std::int32_t& slot = m_slot[at];
        if (slot >= 0)
            return keep(static_cast<std::size_t>(slot), m_clients[at].id, score, reason);
        slot = static_cast<std::int32_t>(out.size());
        touched.push_back(at);
        out.push_back({m_clients[at].id, score, std::move(reason)});
    };
    auto add = [&](std::int64_t client, int score, Reason reason) {
        if (auto it = m_clientAt.find(client); it != m_clientAt.end())
            return addAt(it->second, score, std::move(reason));
        for (std::size_t w = 0; w < out.size(); ++w) // a client without a name to compare
            if (out[w].clientId == client)
                return keep(w, client, score, reason);
        out.push_back({client, score, std::move(reason)});
    };
    if (const auto acct = accountKey(line.payerAccount); !acct.empty())
        if (auto it = m_ibanAliases.find(acct); it != m_ibanAliases.end() && it->second != 0)
            add(it->second, 50, {"iban_known", line.payerAccount});
    const std::string key = nameKey(line.payerName);
    if (!key.empty()) {
        if (auto it = m_nameAliases.find(key); it != m_nameAliases.end() && it->second != 0)
            add(it->second, 45, {"alias_known", line.payerName});
        if (auto it = m_clientsByKey.find(key); it != m_clientsByKey.end())
            for (auto at : it->second)
                addAt(at, it->second.size() == 1 ? 40 : 25, {"name_equal", line.payerName});
        const auto words = splitKey(key);
        std::vector<std::string> lookups;
        if (key.size() >= 8)
            lookups.push_back(key.substr(0, 8)); // by the head first: a name cut short, or a town added
        for (std::size_t i = 0; i < words.size(); ++i) {
            lookups.push_back(words[i]);
            if (i + 1 < words.size())
                lookups.push_back(words[i] + ' ' + words[i + 1]);
        }
        for (std::size_t l = 0; l < lookups.size(); ++l) {
            const auto& index = l == 0 && key.size() >= 8 ? m_clientsByHead : m_clientsByWord;
            auto it = index.find(lookups[l]);
            // Too common to tell clients apart: a single word shared by more than 50 clients
            // (« GARAGE », « MARTIN »), a pair or a head by more than 200.
            const bool word = l > 0 || key.size() < 8;
            const bool single = word && lookups[l].find(' ') == std::string::npos;
            if (it == index.end() || it->second.size() > (single ? 50u : 200u))
                continue;
            for (auto at : it->second) {
                if (m_compared[at])
                    continue;
                m_compared[at] = 1;
                touched.push_back(at);
                const ClientKey& client = m_clients[at];
                const std::string& ck = client.key;
                if (ck == key)
                    continue;
                // The bank cut the name short, or added a town or a service after it.
                if ((key.size() >= 8 && ck.starts_with(key))
                    || (ck.size() >= 6 && key.size() > ck.size() && key.starts_with(ck) && key[ck.size()] == ' ')) {
                    addAt(at, 30, {"name_prefix", line.payerName});
                    continue;
                }
                const auto& cw = client.words;
                std::size_t shared = 0;
                for (const auto& x : words)
                    if (std::find(cw.begin(), cw.end(), x) != cw.end())
                        ++shared;
                const std::size_t most = std::max(words.size(), cw.size());
                if (most > 0 && shared * 10 >= most * 6)
                    addAt(at, 20, {"name_words", line.payerName});
            }
        }
    }
    for (auto at : touched) {
        m_slot[at] = -1;
        m_compared[at] = 0;
    }
    std::sort(out.begin(), out.end(), [](const Who& a, const Who& b) { return a.score > b.score; });
    return out;
}

namespace {

// Whether `a` becomes `b` by at most one character changed, added or removed.
bool withinOneEdit(const std::string& a, const std::string& b)
{
    if (a.size() > b.size())
        return withinOneEdit(b, a);
    if (b.size() - a.size() > 1)
        return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i])
        ++i;
    if (a.size() == b.size())
        return a.compare(i + 1, std::string::npos, b, i + 1, std::string::npos) == 0;
    return a.compare(i, std::string::npos, b, i + 1, std::string::npos) == 0;
}

// The text's runs of 1 to 4 consecutive words, joined (the keys a number may be written as).
std::vector<std::string> wordRuns(std::string_view text)
{
    std::vector<std::string> words;
    for (auto& w : foldedWords(text))
        words.push_back(std::move(w));
    std::vector<std::string> runs;
    for (std::size_t at = 0; at < words.size(); ++at) {
        std::string key;
        for (std::size_t n = 0; n < 4 && at + n < words.size(); ++n) {
            key += words[at + n];
            if (key.size() >= 6)
                runs.push_back(key);
        }
    }
    return runs;
}

// A set of at most `maxSize` of `pool` (oldest first) whose open amounts add up to `target`,
// searched depth first with the sums bounded; empty when there is none.
std::vector<const OpenInvoice*> subsetSum(
    const std::vector<const OpenInvoice*>& pool, std::int64_t target, std::size_t maxSize)
{
    struct Search {
        const std::vector<const OpenInvoice*>& pool;
        std::size_t maxSize;
        std::vector<const OpenInvoice*> chosen;
        std::size_t visits = 0;
        bool go(std::size_t from, std::int64_t left)
        {
            if (left == 0)
                return chosen.size() >= 2;
            if (chosen.size() == maxSize || ++visits > 4000)
                return false;
            for (std::size_t i = from; i < pool.size(); ++i) {
                if (pool[i]->openCents > left)
                    continue;
                chosen.push_back(pool[i]);
                if (go(i + 1, left - pool[i]->openCents))
                    return true;
                chosen.pop_back();
            }
            return false;
        }
    } search{pool, maxSize, {}};
    if (search.go(0, target))
        return std::move(search.chosen);
    return {};
}

} // namespace

void Matcher::creditProposals(const StatementLine& line, const std::string& currency, const Who& who,
    const std::vector<std::int64_t>& named, const std::vector<std::string>& runs, std::vector<Proposal>& out) const
{
    const std::int64_t amount = line.amountCents;
    Proposal p;
    p.clientId = who.clientId;
    int score = who.score;
    if (who.score > 0)
        p.reasons.push_back(who.reason);
    const auto open = openOf(who.clientId, currency);
    std::vector<const OpenInvoice*> refs;
    for (const auto* inv : open)
        if (std::find(named.begin(), named.end(), inv->id) != named.end())
            refs.push_back(inv);
    int refPoints = 50;
    bool capped = false; // money left over with nothing to say where: never applied alone
    const char* refReason = "number_in_text";
    if (refs.empty() && !runs.empty()) {
        // Numbers follow each other: a typo is often one edit from several of them. The one
        // owing the amount, or the only one; else none.
        std::vector<const OpenInvoice*> close, owing;
        for (const auto* inv : open)
            if (inv->key.size() >= 6 && std::any_of(runs.begin(), runs.end(), [&](const std::string& r) {
                    return withinOneEdit(r, inv->key);
                })) {
                close.push_back(inv);
                if (inv->openCents == line.amountCents)
                    owing.push_back(inv);
            }
        if (owing.size() == 1)
            refs = owing;
        else if (close.size() == 1)
            refs = close;
        if (!refs.empty()) {
            refPoints = 35;
            refReason = "number_close";
        }
    }
    std::vector<const OpenInvoice*> allocated; // beside p.allocations
    auto allocate = [&](const OpenInvoice* inv, std::int64_t cents) {
        p.allocations.push_back({inv->id, inv->number, cents});
        allocated.push_back(inv);
    };
    auto allocateOldest = [&](const std::vector<const OpenInvoice*>& list, std::int64_t cents) {
        for (const auto* inv : list) {
            if (cents <= 0)
                break;
            const std::int64_t part = std::min(cents, inv->openCents);
            allocate(inv, part);
            cents -= part;
        }
        return cents;
    };
    auto allocateAll = [&](const std::vector<const OpenInvoice*>& list) {
        for (const auto* inv : list)
            allocate(inv, inv->openCents);
    };
    if (!refs.empty()) {
        std::int64_t sum = 0;
        for (const auto* inv : refs) {
            sum += inv->openCents;
            p.reasons.push_back({refReason, inv->number});
        }
        score += refPoints;
        if (amount == sum) {
            allocateAll(refs);
            p.reasons.push_back({"amount_equal", ""});
            score += 40;
        } else if (amount < sum) {
            allocateOldest(refs, amount);
            p.reasons.push_back({"amount_partial", ""});
            score += 25;
        } else {
            allocateAll(refs);
            std::vector<const OpenInvoice*> others;
            for (const auto* inv : open)
                if (std::find(refs.begin(), refs.end(), inv) == refs.end())
                    others.push_back(inv);
            // More than the numbers named: the rest on other invoices adding up to it (the
            // one owing it, the oldest, a small set), else left as credit for a user to see.
            const std::int64_t rest = amount - sum;
            auto single = std::find_if(
                others.begin(), others.end(), [rest](const OpenInvoice* i) { return i->openCents == rest; });
            std::int64_t prefix = 0;
            std::size_t prefixCount = 0;
            for (const auto* inv : others) {
                prefix += inv->openCents;
                ++prefixCount;
                if (prefix >= rest)
                    break;
            }
            if (single != others.end()) {
                allocate(*single, rest);
                p.reasons.push_back({"single_amount", (*single)->number});
                score += 30;
            } else if (prefix == rest) {
                allocateOldest(others, rest);
                p.reasons.push_back({"oldest_sum", std::to_string(prefixCount)});
                score += 30;
            } else if (auto set = subsetSum(
                           {others.begin(), others.begin() + std::min(others.size(), kSubsetPool)}, rest, kMaxSubset);
                       !set.empty()) {
                allocateAll(set);
                p.reasons.push_back({"subset_sum", std::to_string(set.size())});
                score += 25;
            } else {
                p.creditCents = rest;
                p.reasons.push_back({"amount_more", ""});
                capped = true;
            }
        }
    } else if (!open.empty()) {
        std::vector<const OpenInvoice*> same;
        for (const auto* inv : open)
            if (inv->openCents == amount)
                same.push_back(inv);
        std::int64_t prefix = 0;
        std::size_t prefixCount = 0;
        for (const auto* inv : open) {
            prefix += inv->openCents;
            ++prefixCount;
            if (prefix >= amount)
                break;
        }
        if (same.size() == 1) {
            allocateAll(same);
            p.reasons.push_back({"single_amount", same[0]->number});
            score += 50;
        } else if (prefix == amount && prefixCount >= 2) {
            allocateOldest(open, amount);
            p.reasons.push_back({"oldest_sum", std::to_string(prefixCount)});
            score += 45;
        } else if (same.size() > 1) {
            allocateAll({same[0]});
            p.reasons.push_back({"same_amount_several", std::to_string(same.size())});
            score += 30;
        } else {
            std::vector<const OpenInvoice*> pool(open.begin(), open.begin() + std::min(open.size(), kSubsetPool));
            auto set = subsetSum(pool, amount, kMaxSubset);
            if (!set.empty()) {
                allocateAll(set);
                p.reasons.push_back({"subset_sum", std::to_string(set.size())});
                score += 35;
            } else {
                p.creditCents = allocateOldest(open, amount);
                p.reasons.push_back({"oldest_first", ""});
                score += 10;
            }
        }
    } else {
        p.creditCents = amount;
    }
    if (p.creditCents > 0)
        p.reasons.push_back({"left_as_credit", ""});
    for (const auto* inv : allocated) {
        if (inv->issueDate > line.bookingDate) {
            p.reasons.push_back({"issued_after_payment", inv->number});
            score -= 40;
        }
        if (inv->disputed) {
            p.reasons.push_back({"disputed", inv->number});
            score -= 15;
        }
    }
    p.score = std::clamp(score, 0, capped ? 80 : 100);
    out.push_back(std::move(p));
}

std::vector<Proposal> Matcher::debitProposals(const StatementLine& line, const std::string& currency) const
{
    std::vector<Proposal> out;
    auto it = m_paymentsByAmount.find(-line.amountCents);
    if (it == m_paymentsByAmount.end())
        return out;
    const bool wording = returnWording(line);
    const std::string account = accountKey(line.payerAccount);
    const std::string from = timeutil::addDays(line.bookingDate, -kReversalDays);
    const auto who = whoPaid(line);
    for (std::size_t at : it->second) {
        const auto& pay = m_payments[at];
        if (pay.amountCents != -line.amountCents || pay.currency != currency || pay.date < from
            || pay.date > line.bookingDate)
            continue;
        Proposal p;
        p.action = "void";
        p.clientId = pay.clientId;
        p.paymentId = pay.id;
        int score = 30;
        p.reasons.push_back({"reverses_payment", pay.date});
        const bool sameAccount = !account.empty() && accountKey(pay.payerAccount) == account;
        if (sameAccount) {
            p.reasons.push_back({"same_account", line.payerAccount});
            score += 35;
        }
        if (wording) {
            p.reasons.push_back({"return_wording", ""});
            score += 25;
        }
        if (!sameAccount && !wording)
            continue; // a debit of the same amount, nothing more: a supplier, not a return
        for (const auto& w : who)
            if (w.clientId == pay.clientId) {
                p.reasons.push_back(w.reason);
                score += 15;
                break;
            }
        p.score = std::clamp(score, 0, 100);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<Proposal> Matcher::match(const StatementLine& line, const std::string& currency, std::size_t limit) const
{
    std::vector<Proposal> out;
    if (line.amountCents < 0)
        out = debitProposals(line, currency);
    else if (line.amountCents > 0) {
        const std::string text = line.remittance + " " + line.label;
        const auto named = invoicesNamedIn(text);
        const auto runs = wordRuns(text);
        auto who = whoPaid(line);
        for (auto id : named) {
            const auto& inv = invoice(id);
            if (inv.currency != currency)
                continue;
            if (std::none_of(who.begin(), who.end(), [&](const Who& w) { return w.clientId == inv.clientId; }))
                who.push_back({inv.clientId, 0, {}});
        }
        if (who.empty()) {
            // Nobody recognised: the one open invoice of the portfolio owing exactly this.
            std::vector<const OpenInvoice*> same;
            auto it = std::lower_bound(m_byAmount.begin(), m_byAmount.end(), line.amountCents,
                [](const auto& e, std::int64_t v) { return e.first < v; });
            for (; it != m_byAmount.end() && it->first == line.amountCents; ++it)
                if (const auto& inv = m_invoices[it->second];
                    inv.openCents == line.amountCents && inv.currency == currency)
                    same.push_back(&inv);
            if (same.size() == 1) {
                Proposal p;
                p.clientId = same[0]->clientId;
                p.allocations.push_back({same[0]->id, same[0]->number, line.amountCents});
                p.reasons.push_back({"single_amount", same[0]->number});
                p.score = 25;
                out.push_back(std::move(p));
            }
        }
        for (const auto& w : who)
            creditProposals(line, currency, w, named, runs, out);
    }
    std::stable_sort(out.begin(), out.end(), [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
    if (out.size() >= 2 && out[1].score + kMargin > out[0].score)
        out[0].reasons.push_back({"several_candidates", std::to_string(out.size())});
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

bool Matcher::automatic(const std::vector<Proposal>& proposals, int threshold)
{
    if (proposals.empty())
        return false;
    const auto& best = proposals[0];
    if (best.action != "pay" || best.allocations.empty() || best.score < threshold)
        return false;
    return proposals.size() == 1 || proposals[1].score + kMargin <= best.score;
}

} // namespace crm::bank
