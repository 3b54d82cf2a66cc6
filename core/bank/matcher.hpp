// The matcher: for one line of a bank statement, who paid and which invoices it pays —
// proposals ranked by a score out of 100, each with its reasons. Pure: it reads what it
// is given (clients, open invoices, learned aliases, recent payments) and writes nothing;
// BankService loads those, applies what it decides, and tells it what changed.
//
// A credit line (money received):
//   who — the payer's IBAN or name as a learned alias (a user confirmed it before), the
//         payer's name equal to a client's once folded (accents, case, legal forms such as
//         SARL or SAS, punctuation dropped), the name cut short by the bank (a prefix), or
//         sharing most of its words; and the owners of the invoice numbers found in the
//         remittance text and the label (tolerant of spaces, dashes, slashes and case);
//   what — the numbers found, or else numbers one character off (a typo: a run of words
//         within one edit of an open invoice's number of that client); then (the amount equal to what they still owe,
//         less: a partial payment, more: the rest to the oldest invoices whose sum is the rest, else credit); without
//         numbers: one invoice whose open amount is the amount, the oldest invoices adding up to it, a small set of the
//         client's open invoices adding up to it (a bounded search), else the oldest first.
//   when — an invoice issued after the payment loses points; a number in the text wins
//         over the date.
// A debit line (money taken back): the payment it reverses (a returned direct debit, a
// bounced cheque) — a payment of the same amount in the 60 days before, from the same
// account, with the bank's words for a return — proposed as a void; other debits are
// not the collector's (fees, suppliers) and get no proposal.
//
// Score: what says who (IBAN 50, learned name 45, same name 40, shortened name 30, most
// words 20) plus what says what (every number found 50, one character off 35, and the
// amount: equal 40, partial 25, more with the rest found on other invoices 25–30; without
// numbers: the one invoice of that amount 50, the oldest adding up 45, a set adding up 35,
// one of several of that amount 30, the oldest first 10), minus 40 for an invoice issued
// after the payment and 15 for a disputed one; at most 100 — at most 80 when money is left
// over with nothing to say where (a user looks).
// `automatic()` says whether the best proposal may be applied without a user: its score
// reaches the threshold and no other proposal comes within 15 points of it.
#pragma once

#include "core/bank/statement.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crm::bank {

struct OpenInvoice {
    std::int64_t id = 0, clientId = 0;
    std::string number;
    std::int64_t openCents = 0; // amount - paid
    std::string issueDate, dueDate, currency;
    bool disputed = false;
    std::string key; // referenceKey(number), set by setInvoices
};

struct KnownPayment { // a payment a debit may take back
    std::int64_t id = 0, clientId = 0, amountCents = 0;
    std::string date, currency, method;
    std::string payerAccount; // the account of the bank line that brought it, if any
};

struct Reason {
    std::string code;  // iban_known, alias_known, name_equal, name_prefix, name_words, number_in_text, number_close,
                       // amount_equal, amount_partial, amount_more, single_amount, oldest_sum, subset_sum,
                       // same_amount_several, oldest_first, left_as_credit, issued_after_payment, disputed,
                       // several_candidates, shared_payer, reverses_payment, same_account, return_wording
    std::string value; // the number, the name, the date… (may be empty)
};

struct ProposedAllocation {
    std::int64_t invoiceId = 0;
    std::string number;
    std::int64_t amountCents = 0;
};

struct Proposal {
    std::string action = "pay"; // pay | void
    std::int64_t clientId = 0;
    std::vector<ProposedAllocation> allocations; // pay
    std::int64_t creditCents = 0;                // pay: what stays the client's credit
    std::int64_t paymentId = 0;                  // void
    int score = 0;
    std::vector<Reason> reasons;
};

class Matcher {
public:
    static constexpr int kMargin = 15;             // the best must lead the next by this much to apply alone
    static constexpr std::size_t kMaxSubset = 4;   // invoices in one searched set
    static constexpr std::size_t kSubsetPool = 24; // the client's oldest open invoices searched
    static constexpr long kReversalDays = 60;

    // A name as compared: folded, upper case, words of letters and digits, legal forms and
    // small words left out (« S.A.R.L. Dupont & Fils » → « DUPONT FILS »).
    static std::string nameKey(std::string_view name);
    // An account as compared: letters and digits, upper case (« fr76 3000 … » → « FR763000… »).
    static std::string accountKey(std::string_view account);

    void addClient(std::int64_t id, std::string_view name);
    // The open invoices (replacing any set before), indexed once: by reference key, by
    // client, by open amount and by id — sorted arrays, no allocation per invoice.
    void setInvoices(std::vector<OpenInvoice> invoices);
    // A learned alias; clientId 0: a payer confirmed for several clients.
    void addAlias(const std::string& kind, const std::string& key, std::int64_t clientId);
    void addPayment(KnownPayment payment);

    // Proposals for a line of a statement in `currency`, best first (at most `limit`).
    std::vector<Proposal> match(const StatementLine& line, const std::string& currency, std::size_t limit = 3) const;
    static bool automatic(const std::vector<Proposal>& proposals, int threshold);

    // What was applied: an invoice's open amount went down, a payment was voided, a payer
    // was learned. The next lines see it.
    void paid(std::int64_t invoiceId, std::int64_t cents);
    void voided(std::int64_t paymentId);
    void learn(const std::string& kind, const std::string& key, std::int64_t clientId);

    // The invoice numbers the text names (their ids), each once.
    std::vector<std::int64_t> invoicesNamedIn(std::string_view text) const;

private:
    struct Who {
        std::int64_t clientId = 0;
        int score = 0;
        Reason reason;
    };
    std::vector<Who> whoPaid(const StatementLine& line) const;
    void creditProposals(const StatementLine& line, const std::string& currency, const Who& who,
        const std::vector<std::int64_t>& named, const std::vector<std::string>& runs, std::vector<Proposal>& out) const;
    std::vector<Proposal> debitProposals(const StatementLine& line, const std::string& currency) const;
    // The client's open invoices in `currency`, oldest due first.
    std::vector<const OpenInvoice*> openOf(std::int64_t clientId, const std::string& currency) const;

    struct ClientKey {
        std::int64_t id = 0;
        std::string key;
        std::vector<std::string> words;
    };
    std::vector<ClientKey> m_clients;                           // the clients with a name to compare
    std::unordered_map<std::int64_t, std::uint32_t> m_clientAt; // id -> position in m_clients
    // Positions in m_clients by name key, by word and pair of words, by the key's first 8 characters.
    std::unordered_map<std::string, std::vector<std::uint32_t>> m_clientsByKey, m_clientsByWord, m_clientsByHead;
    // whoPaid's scratch, per client position (left as found): its entry in the proposals
    // being built (-1: none), and whether its name was compared.
    mutable std::vector<std::int32_t> m_slot;
    mutable std::vector<char> m_compared;
    // The position in m_invoices of the invoice of that id (m_invoices.size(): none).
    std::size_t positionOf(std::int64_t id) const;
    const OpenInvoice& invoice(std::int64_t id) const { return m_invoices.at(positionOf(id)); }
    // Each range of an index: the invoices (positions in m_invoices) under one key, in the
    // order they were given.
    template <class Visit> void withKey(std::string_view key, Visit visit) const;

    std::vector<OpenInvoice> m_invoices;
    std::vector<std::pair<std::size_t, std::uint32_t>> m_byKey;     // the key's hash, position
    std::vector<std::uint32_t> m_byClient;                          // by client, due date, id
    std::vector<std::pair<std::int64_t, std::uint32_t>> m_byAmount; // the open amount as loaded, position
    std::vector<std::pair<std::int64_t, std::uint32_t>> m_byId;
    std::unordered_map<std::string, std::int64_t> m_ibanAliases, m_nameAliases;
    std::vector<KnownPayment> m_payments;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> m_paymentsByAmount;
};

} // namespace crm::bank
