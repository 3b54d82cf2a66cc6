#include "app/i18n.hpp"

#include <cstring>

namespace crm::app {

namespace {

Language g_language = Language::Fr;

struct Entry {
    const char* key;
    const char* fr;
    const char* en;
};

// Keep sorted by key within each block for a reader; lookup is linear (small table).
constexpr Entry kTexts[] = {
    // application
    {"app.title", "CRM Recouvrement", "CRM Recouvrement"},
    {"app.language", "Langue", "Language"},
    {"app.starting", "Ouverture de la base de données…", "Opening the database…"},
    {"app.locked.title", "Déjà ouvert dans un autre onglet", "Already open in another tab"},
    {"app.locked.body",
        "CRM Recouvrement est déjà ouvert dans un autre onglet de ce navigateur. "
        "Une seule fenêtre peut modifier la base à la fois : fermez l’autre onglet, puis réessayez.",
        "CRM Recouvrement is already open in another tab of this browser. Only one window may change the "
        "database at a time: close the other tab, then try again."},
    {"app.retry", "Réessayer", "Try again"},
    {"app.fatal", "La base de données n’a pas pu être ouverte :", "The database could not be opened:"},
    {"nav.clients", "Clients", "Clients"},
    // first start and sign-in
    {"setup.title", "Premier démarrage : compte administrateur", "First start: administrator account"},
    {"setup.intro",
        "Ce compte gère les utilisateurs, les règles de relance et toutes les données. "
        "Vous pourrez ensuite créer les comptes des responsables et des chargés de recouvrement.",
        "This account manages users, relance rules and all the data. You can then create the accounts of "
        "managers and collectors."},
    {"setup.first_name", "Prénom", "First name"},
    {"setup.last_name", "Nom", "Last name"},
    {"setup.confirm", "Confirmer le mot de passe", "Confirm the password"},
    {"setup.password_rule", "10 caractères au moins, dont une lettre et un chiffre.",
        "At least 10 characters, with a letter and a digit."},
    {"setup.create", "Créer le compte administrateur", "Create the administrator account"},
    {"auth.title", "Connexion", "Sign in"},
    {"auth.email", "E-mail", "E-mail"},
    {"auth.password", "Mot de passe", "Password"},
    {"auth.sign_in", "Se connecter", "Sign in"},
    {"auth.sign_out", "Se déconnecter", "Sign out"},
    {"role.admin", "Administrateur", "Administrator"},
    {"role.manager", "Responsable", "Manager"},
    {"role.agent", "Chargé de recouvrement", "Collector"},
    // client balance
    {"summary.open", "Encours", "Owed"},
    {"summary.overdue", "dont échu", "of which overdue"},
    {"summary.credit", "Crédit client", "Client credit"},
    {"summary.balance", "Solde", "Balance"},
    {"summary.oldest", "Plus ancienne échéance", "Oldest due date"},
    {"invoices.owed", "Factures à encaisser (%lld)", "Invoices owed (%lld)"},
    {"invoices.number", "Facture", "Invoice"},
    {"invoices.due", "Échéance", "Due"},
    {"invoices.status", "Statut", "Status"},
    {"invoices.open", "Reste dû", "Still owed"},
    {"status.open", "Ouverte", "Open"},
    {"status.partially_paid", "Payée en partie", "Partly paid"},
    {"status.disputed", "En litige", "Disputed"},
    {"status.paid", "Payée", "Paid"},
    {"status.cancelled", "Annulée", "Cancelled"},
    // clients screen
    {"clients.search", "Rechercher (nom ou code)", "Search (name or code)"},
    {"clients.new", "Nouveau client", "New client"},
    {"clients.count", "%lld client(s)", "%lld client(s)"},
    {"clients.empty", "Aucun client pour l’instant.", "No clients yet."},
    {"clients.no_match", "Aucun client ne correspond à « %s ».", "No client matches “%s”."},
    {"clients.load_demo", "Charger les données de démonstration", "Load the demo data"},
    {"clients.loading", "Chargement…", "Loading…"},
    {"col.code", "Code", "Code"},
    {"col.name", "Raison sociale", "Company name"},
    {"col.email", "E-mail", "E-mail"},
    {"col.phone", "Téléphone", "Phone"},
    {"col.siret", "SIRET", "SIRET"},
    {"col.open", "Encours", "Owed"},
    {"col.overdue", "Échu", "Overdue"},
    {"col.created", "Créé le", "Created"},
    // client form
    {"form.new_title", "Nouveau client", "New client"},
    {"form.edit_title", "Modifier le client", "Edit client"},
    {"form.code", "Code *", "Code *"},
    {"form.name", "Raison sociale *", "Company name *"},
    {"form.email", "E-mail", "E-mail"},
    {"form.phone", "Téléphone", "Phone"},
    {"form.address", "Adresse", "Address"},
    {"form.siret", "SIRET", "SIRET"},
    {"form.save", "Enregistrer", "Save"},
    {"form.cancel", "Annuler", "Cancel"},
    {"form.delete", "Supprimer", "Delete"},
    {"form.saving", "Enregistrement…", "Saving…"},
    {"form.saved", "Client enregistré.", "Client saved."},
    {"form.deleted", "Client supprimé.", "Client deleted."},
    {"form.confirm_delete", "Supprimer définitivement ce client ?", "Delete this client for good?"},
    {"form.confirm_title", "Confirmation", "Confirmation"},
    {"form.required_hint", "* champ obligatoire", "* required field"},
    // errors, by reason
    {"err.required", "Ce champ est obligatoire.", "This field is required."},
    {"err.too_long", "Ce texte est trop long.", "This text is too long."},
    {"err.invalid_characters", "Ce texte contient des caractères non autorisés.",
        "This text holds characters that are not allowed."},
    {"err.invalid_code", "Lettres, chiffres et - _ . / uniquement.", "Letters, digits and - _ . / only."},
    {"err.duplicate", "Ce code est déjà utilisé par un autre client.", "Another client already uses this code."},
    {"err.invalid_email", "Adresse e-mail invalide (exemple : compta@societe.fr).",
        "Invalid e-mail address (e.g. accounts@company.com)."},
    {"err.invalid_phone", "Numéro invalide : chiffres, espaces et + . - ( ) uniquement.",
        "Invalid number: digits, spaces and + . - ( ) only."},
    {"err.invalid_siret", "SIRET invalide : 14 chiffres avec une clé correcte.",
        "Invalid SIRET: 14 digits with a correct check digit."},
    {"err.not_found", "Cet élément n’existe plus.", "This item no longer exists."},
    {"err.not_empty", "La base contient déjà des données.", "The database already holds data."},
    {"err.storage", "Erreur de stockage : les données n’ont pas été modifiées.", "Storage error: nothing was changed."},
    {"err.locked", "La base est ouverte dans un autre onglet.", "The database is open in another tab."},
    {"err.internal", "Erreur interne : les données n’ont pas été modifiées.", "Internal error: nothing was changed."},
    {"err.generic", "Opération refusée.", "Operation refused."},
    {"err.mismatch", "Les deux mots de passe diffèrent.", "The two passwords differ."},
    {"err.weak_password", "Mot de passe trop faible : 10 caractères au moins, dont une lettre et un chiffre.",
        "Password too weak: at least 10 characters, with a letter and a digit."},
    {"err.wrong_credentials", "E-mail ou mot de passe incorrect.", "Wrong e-mail or password."},
    {"err.account_locked", "Trop d’essais infructueux : compte bloqué pendant 15 minutes.",
        "Too many failed attempts: the account is locked for 15 minutes."},
    {"err.inactive", "Ce compte est désactivé.", "This account is deactivated."},
    {"err.session_expired", "Session expirée : reconnectez-vous.", "Session expired: sign in again."},
    {"err.no_session", "Connectez-vous pour continuer.", "Sign in to continue."},
    {"err.forbidden", "Votre rôle ne permet pas cette opération.", "Your role does not allow this."},
    {"err.not_your_client", "Ce client ne vous est pas attribué.", "This client is not assigned to you."},
    {"err.has_history", "Ce client a un historique : archivez-le plutôt.",
        "This client has a history: archive it instead."},
    {"err.unknown_value", "Valeur non reconnue.", "Unknown value."},
};

} // namespace

void setLanguage(Language lang)
{
    g_language = lang;
}
Language language()
{
    return g_language;
}

const char* tr(const char* key)
{
    for (const auto& e : kTexts)
        if (std::strcmp(e.key, key) == 0)
            return g_language == Language::Fr ? e.fr : e.en;
    return key;
}

std::string errorText(const std::string& code, const std::string& reason, const std::string& field)
{
    (void)field;
    const std::string byReason = "err." + reason;
    if (!reason.empty() && std::strcmp(tr(byReason.c_str()), byReason.c_str()) != 0)
        return tr(byReason.c_str());
    const std::string byCode = "err." + code;
    if (std::strcmp(tr(byCode.c_str()), byCode.c_str()) != 0)
        return tr(byCode.c_str());
    return tr("err.generic");
}

} // namespace crm::app
