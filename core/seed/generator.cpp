#include "core/seed/generator.hpp"

#include "core/model/client_model.hpp"
#include "core/model/report_model.hpp"
#include "core/seed/rng.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace crm::seed {

namespace {

const char* const kFirstNames[] = {"Camille", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Théo", "Inès", "Jules", "Zoé"};
const char* const kLastNames[] = {"Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Mercier", "Faure"};

} // namespace

std::string companyName(std::uint64_t i)
{
    static const char* kKinds[] = {"Boulangerie", "Garage", "Société", "Établissements", "Cabinet", "Atelier", "Hôtel",
        "Transports", "Pharmacie", "Menuiserie", "Imprimerie", "Clinique"};
    static const char* kNames[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
        "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
        "Légaré", "Cœur", "Rémy"};
    static const char* kCities[] = {"Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg",
        "Montpellier", "Bordeaux", "Lille", "Rennes", "Reims", "Saint-Étienne", "Orléans"};
    std::uint64_t x = i * 6364136223846793005ULL + 1442695040888963407ULL;
    x ^= x >> 29;
    return std::string(kKinds[x % 12]) + " " + kNames[(x >> 8) % 32] + " " + kNames[(x >> 16) % 32] + " — "
        + kCities[(x >> 24) % 14];
}

struct Generation::State {
    db::Database& db;
    GeneratorOptions o;
    Rng rng;
    std::string now;
    db::Transaction tx;
    std::vector<std::int64_t> collectors;
    std::vector<std::int64_t> clientIds;
    std::vector<int> terms;
    std::int64_t nextClient = 0;
    std::int64_t nextInvoice = 0;
    std::int64_t usersCreated = 0;
    std::int64_t payments = 0;
    std::int64_t creditNotes = 0;
    std::int64_t disputed = 0;
    std::int64_t cancelled = 0;
    bool finished = false;
    std::unique_ptr<db::Statement> client, inv, pay, alloc;
    std::vector<std::string> setAside; // the list indexes' and the daily totals' triggers' SQL, made again at the end
    // daily_totals (schema/0012) added up as the rows go in, its triggers set aside: a
    // million invoices took 30 s longer with them. Null: the triggers stayed.
    std::unique_ptr<model::DailyTotalsTally> daily;

    State(db::Database& d, const GeneratorOptions& opts)
        : db(d),
          o(opts),
          rng{opts.seed},
          now(opts.asOf + "T08:00:00Z"),
          tx(d)
    {
    }
};

Generation::Generation(db::Database& db, const GeneratorOptions& o, Mode mode)
{
    if (o.clients < 1 || o.invoices < 0 || o.collectors < 1)
        throw std::runtime_error("the generator needs at least one client and one collector");
    if (!timeutil::isValidDate(o.asOf))
        throw std::runtime_error("as_of must be a date YYYY-MM-DD");
    {
        db::Statement st(db,
            mode == Mode::EmptyDatabase ? "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM users)"
                                        : "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM invoices) + "
                                          "(SELECT count(*) FROM payments)");
        st.step();
        if (st.getInt(0) > 0)
            throw std::runtime_error(mode == Mode::EmptyDatabase ? "the generator writes only into an empty database"
                                                                 : "the generator writes only into an empty portfolio");
    }
    m = std::make_unique<State>(db, o);
    State& g = *m;
    // The Invoices list's sort and filter indexes (schema/0009): nothing reads them while the
    // rows go in, and SQLite builds each from sorted rows at the end faster than it keeps it
    // up to date row by row (a million invoices in random order of amount). Inside the
    // generation's transaction: a cancel brings them back.
    {
        db::Statement listIndexes(db,
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN ('invoices_by_amount', "
            "'invoices_by_open_amount', 'invoices_by_issue', 'invoices_by_status')");
        std::vector<std::pair<std::string, std::string>> indexes;
        while (listIndexes.step())
            indexes.emplace_back(listIndexes.getText(0), listIndexes.getText(1));
        for (const auto& [name, sql] : indexes) {
            try {
                db.exec("DROP INDEX \"" + name + "\"");
                g.setAside.push_back(sql);
            } catch (const db::DbError&) {
                // A statement of the caller still reads (SQLite then refuses a change of the
                // schema): the index stays, kept up to date as the rows go in.
            }
        }
    }
    // The daily totals' triggers likewise, all of them or none (the tally counts instead).
    {
        db::Statement listTriggers(
            db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'daily_totals_*'");
        std::vector<std::pair<std::string, std::string>> triggers;
        while (listTriggers.step())
            triggers.emplace_back(listTriggers.getText(0), listTriggers.getText(1));
        std::vector<std::string> dropped;
        try {
            for (const auto& [name, sql] : triggers) {
                db.exec("DROP TRIGGER \"" + name + "\"");
                dropped.push_back(sql);
            }
            g.setAside.insert(g.setAside.end(), dropped.begin(), dropped.end());
            g.daily = std::make_unique<model::DailyTotalsTally>();
        } catch (const db::DbError&) {
            for (const auto& sql : dropped) // as the indexes: kept, then all of them
                db.exec(sql);
        }
    }
    const std::string hash = crypto::hashPassword(o.password, o.hashCost);

    // Users: an administrator (empty database only), a manager, and the collectors; an
    // address already taken is reused as it is.
    db::Statement find(db, "SELECT id FROM users WHERE email = ?1");
    db::Statement user(db,
        "INSERT INTO users (email, password_hash, role, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?4)");
    db::Statement profile(db, "INSERT INTO profiles (user_id, first_name, last_name) VALUES (?1, ?2, ?3)");
    for (int k = mode == Mode::EmptyDatabase ? -2 : -1; k < o.collectors; ++k) {
        const std::string role = k == -2 ? "admin" : k == -1 ? "manager" : "agent";
        const std::string email = k < 0 ? role + "@exemple.fr" : "agent" + std::to_string(k + 1) + "@exemple.fr";
        const char* first = kFirstNames[g.rng.next() % 10];
        const char* last = kLastNames[g.rng.next() % 8];
        find.reset();
        find.bind(1, email);
        std::int64_t id = 0;
        if (find.step()) {
            id = find.getInt(0);
        } else {
            user.reset();
            user.bind(1, email).bind(2, hash).bind(3, role).bind(4, g.now).run();
            id = db.lastInsertRowid();
            profile.reset();
            profile.bind(1, id).bind(2, first).bind(3, last).run();
            ++g.usersCreated;
        }
        if (k >= 0)
            g.collectors.push_back(id);
    }
    g.client = std::make_unique<db::Statement>(db,
        "INSERT INTO clients (code, name, email, phone, search_key, sort_name, created_at, "
        "updated_at, assigned_to, payment_terms_days, risk_level, segment, code_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, crm_fold(?1))");
    g.inv = std::make_unique<db::Statement>(db,
        "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_cents, paid_cents, "
        "erp_ref, disputed, dispute_reason, cancelled_at, cancel_reason, created_at, updated_at, number_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, crm_fold(?1))");
    g.pay = std::make_unique<db::Statement>(db,
        "INSERT INTO payments (client_id, kind, number, date, amount_cents, method, reference, "
        "reason, allocated_cents, created_at, number_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?9, "
        "crm_fold(?3))");
    g.alloc = std::make_unique<db::Statement>(db,
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, created_at, "
        "payment_date, client_id, currency, invoice_due_date, invoice_issue_date) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'EUR', ?7, ?8)");
}

Generation::~Generation() = default;

std::int64_t Generation::done() const
{
    return m->nextClient + m->nextInvoice;
}

std::int64_t Generation::total() const
{
    return m->o.clients + m->o.invoices;
}

bool Generation::step(std::int64_t budget)
{
    State& g = *m;
    if (g.finished)
        return true;
    db::Database& db = g.db;
    const GeneratorOptions& o = g.o;
    Rng& rng = g.rng;
    static const char* kRisk[] = {"low", "medium", "medium", "high"};
    static const char* kSegments[] = {"PME", "ETI", "Grand compte", "Artisan", "Collectivité"};
    static const int kTerms[] = {30, 30, 45, 60, 0};
    for (; g.nextClient < o.clients && budget > 0; ++g.nextClient, --budget) {
        const std::int64_t i = g.nextClient;
        db::Statement& st = *g.client;
        const std::string code = "CL" + std::to_string(100000 + i);
        const std::string name = companyName(static_cast<std::uint64_t>(i) ^ o.seed);
        const int t = kTerms[rng.next() % 5];
        st.reset();
        st.bind(1, code).bind(2, name).bind(3, "compta" + std::to_string(i) + "@client-exemple.fr");
        st.bind(4, "0" + std::to_string(1 + rng.next() % 5) + " 23 45 67 " + std::to_string(10 + rng.next() % 90));
        st.bind(5, text::foldForSearch(code + " " + name)).bind(6, text::foldForSearch(name)).bind(7, g.now);
        if (rng.chance(92))
            st.bind(8, g.collectors[rng.next() % g.collectors.size()]);
        else
            st.bindNull(8);
        st.bind(9, t).bind(10, kRisk[rng.next() % 4]).bind(11, kSegments[rng.next() % 5]).run();
        g.clientIds.push_back(db.lastInsertRowid());
        g.terms.push_back(t);
    }
    static const char* kMethods[] = {"transfer", "transfer", "transfer", "cheque", "direct_debit", "card"};
    const long span = o.spanDays;
    for (; g.nextInvoice < o.invoices && budget > 0; ++g.nextInvoice, --budget) {
        const std::int64_t i = g.nextInvoice;
        db::Statement& inv = *g.inv;
        db::Statement& pay = *g.pay;
        db::Statement& alloc = *g.alloc;
        const auto& clientIds = g.clientIds;
        const auto& terms = g.terms;
        const std::size_t c = static_cast<std::size_t>(rng.next() % clientIds.size());
        const std::string issue = timeutil::addDays(o.asOf, -rng.range(0, span));
        const std::string due = timeutil::addDays(issue, terms[c]);
        const std::int64_t amount = rng.range(5000, 2500000); // 50 € to 25 000 €
        const int fate = static_cast<int>(rng.next() % 1000);
        const long age = timeutil::daysBetween(issue, o.asOf);
        std::int64_t paid = 0;
        std::string payDate;
        // Older invoices are more often settled; the recent ones mostly still open.
        if (fate < 10) {
            // cancelled below
        } else if (age > 120 ? fate < 900 : age > 45 ? fate < 600 : fate < 150) {
            paid = amount;
        } else if (fate < 950) {
            paid = rng.chance(40) ? amount * rng.range(20, 80) / 100 : 0;
        }
        if (paid > 0) {
            const long delay = std::min<long>(age, std::max<long>(0, terms[c] + rng.range(-20, 60)));
            payDate = timeutil::addDays(issue, delay);
        }
        const bool isDisputed = paid < amount && fate >= 10 && rng.chance(4);
        const bool isCancelled = fate < 10;
        const std::string number = "F" + issue.substr(0, 4) + "-" + std::to_string(1000000 + i);
        inv.reset();
        inv.bind(1, number).bind(2, clientIds[c]).bind(3, issue).bind(4, due).bind(5, amount).bind(6, paid);
        inv.bind(7, "ERP" + std::to_string(700000 + i)).bind(8, isDisputed ? 1 : 0);
        inv.bind(9, isDisputed ? "Quantités livrées contestées" : "");
        if (isCancelled)
            inv.bind(10, issue + "T12:00:00Z");
        else
            inv.bindNull(10);
        inv.bind(11, isCancelled ? "Facture émise en double" : "").bind(12, issue + "T08:00:00Z").run();
        const std::int64_t invoiceId = db.lastInsertRowid();
        if (g.daily)
            g.daily->invoice("EUR", issue, due, amount, paid, isCancelled);
        g.disputed += isDisputed;
        g.cancelled += isCancelled;
        if (paid == 0)
            continue;
        // A few settlements are partly a credit note (avoir) and the rest a payment.
        std::int64_t byCredit = 0;
        if (rng.chance(3) && paid >= 200) {
            byCredit = paid / 10;
            pay.reset();
            pay.bind(1, clientIds[c]).bind(2, "credit_note").bind(3, "AV-" + std::to_string(500000 + i));
            pay.bind(4, payDate).bind(5, byCredit).bindNull(6).bind(7, "").bind(8, "Remise commerciale");
            pay.bind(9, payDate + "T09:00:00Z").run();
            alloc.reset();
            alloc.bind(1, db.lastInsertRowid())
                .bind(2, invoiceId)
                .bind(3, byCredit)
                .bind(4, payDate + "T09:00:00Z")
                .bind(5, payDate)
                .bind(6, clientIds[c])
                .bind(7, due)
                .bind(8, issue)
                .run();
            if (g.daily)
                g.daily->allocation("EUR", issue, due, payDate, byCredit);
            ++g.creditNotes;
        }
        pay.reset();
        pay.bind(1, clientIds[c]).bind(2, "payment").bindNull(3).bind(4, payDate).bind(5, paid - byCredit);
        pay.bind(6, kMethods[rng.next() % 6]).bind(7, "VIR " + std::to_string(rng.next() % 100000000)).bind(8, "");
        pay.bind(9, payDate + "T09:00:00Z").run();
        alloc.reset();
        alloc.bind(1, db.lastInsertRowid())
            .bind(2, invoiceId)
            .bind(3, paid - byCredit)
            .bind(4, payDate + "T09:00:00Z")
            .bind(5, payDate)
            .bind(6, clientIds[c])
            .bind(7, due)
            .bind(8, issue)
            .run();
        if (g.daily) {
            g.daily->payment("EUR", payDate, paid - byCredit, true);
            g.daily->allocation("EUR", issue, due, payDate, paid - byCredit);
        }
        ++g.payments;
    }
    if (g.nextInvoice < o.invoices)
        return false;
    db::Statement log(db,
        "INSERT INTO system_logs (at, action, entity, after_json) VALUES (?1, 'seed.generate', "
        "'database', ?2)");
    log.bind(1, g.now).bind(2, nlohmann::json({{"seed", o.seed}, {"counts", counts()}}).dump()).run();
    model::ClientModel(db).refreshStats(o.asOf, true); // the cache may hold today's (empty) figures
    if (g.daily)
        g.daily->replaceIn(db); // the portfolio was empty
    for (const auto& sql : g.setAside)
        db.exec(sql);
    g.client.reset();
    g.inv.reset();
    g.pay.reset();
    g.alloc.reset();
    g.tx.commit();
    g.finished = true;
    return true;
}

nlohmann::json Generation::counts() const
{
    return {{"users", m->usersCreated}, {"clients", m->o.clients}, {"invoices", m->o.invoices},
        {"payments", m->payments}, {"credit_notes", m->creditNotes}, {"disputed", m->disputed},
        {"cancelled", m->cancelled}};
}

nlohmann::json generate(db::Database& db, const GeneratorOptions& o)
{
    Generation g(db, o, Generation::Mode::EmptyDatabase);
    while (!g.step(50000)) { }
    return g.counts();
}

} // namespace crm::seed
