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
    {"nav.relances", "Relances", "Reminders"},
    {"relances.tab_settings", "Réglages", "Settings"},
    {"relances.previous", "‹ Précédentes", "‹ Previous"},
    {"relances.next", "Suivantes ›", "Next ›"},
    {"relances.page", "%lld–%lld sur %lld", "%lld–%lld of %lld"},
    {"summary.stage", "Étape de recouvrement :", "Collection stage:"},
    {"stage.amiable", "Amiable", "Friendly"},
    {"stage.relance", "Relances", "Reminders"},
    {"stage.mise_en_demeure", "Mise en demeure", "Formal notice"},
    {"stage.contentieux", "Contentieux", "Litigation"},
    {"relances.missing_rates",
        "Taux BCE manquant (%s) : intérêts non calculés et mises en demeure retenues. Saisissez-le dans Réglages.",
        "ECB rate missing (%s): interest not computed and formal notices withheld. Set it in Settings."},
    {"settings.company", "Société expéditrice", "Sending company"},
    {"settings.company_hint", "En-tête des courriers, mentions légales et coordonnées de paiement.",
        "Letterhead, legal mentions and payment details."},
    {"settings.legal_name", "Raison sociale", "Legal name"},
    {"settings.address", "Adresse", "Address"},
    {"settings.siret", "SIRET", "SIRET"},
    {"settings.vat", "N° de TVA intracommunautaire", "VAT number"},
    {"settings.phone", "Téléphone", "Phone"},
    {"settings.email", "E-mail", "E-mail"},
    {"settings.iban", "IBAN", "IBAN"},
    {"settings.bic", "BIC", "BIC"},
    {"settings.save", "Enregistrer", "Save"},
    {"settings.saved", "Réglages enregistrés.", "Settings saved."},
    {"settings.admin_only", "Seul un administrateur peut modifier ces informations.",
        "Only an administrator can change these details."},
    {"settings.rates", "Taux de la BCE (intérêts de retard)", "ECB rates (late-payment interest)"},
    {"settings.rates_hint",
        "Taux de refinancement en vigueur au 1er janvier (S1) ou au 1er juillet (S2) ; taux légal = BCE + 10 points.",
        "Refinancing rate in force on 1 January (H1) or 1 July (H2); legal rate = ECB + 10 points."},
    {"settings.half_year", "Semestre", "Half-year"},
    {"settings.ecb_rate", "Taux BCE", "ECB rate"},
    {"settings.legal_rate", "Taux des pénalités", "Penalty rate"},
    {"settings.set_rate", "Saisir un taux", "Set a rate"},
    {"settings.half1", "1er semestre", "First half"},
    {"settings.half2", "2nd semestre", "Second half"},
    {"settings.set_rate_button", "Enregistrer le taux", "Save the rate"},
    {"settings.rate_saved", "Taux enregistré.", "Rate saved."},
    {"err.invalid_snapshot", "Instantané refusé : rien n’a été modifié (détail des erreurs joint).", "Snapshot refused: nothing was changed (the problems are listed)."},
    {"err.invalid_rate", "Taux invalide (ex. 2,15).", "Invalid rate (e.g. 2.15)."},
    {"relances.date", "Relances du", "Reminders for"},
    {"relances.today", "Aujourd’hui", "Today"},
    {"relances.counts", "%lld action(s) · %lld client(s) · %s", "%lld action(s) · %lld client(s) · %s"},
    {"relances.tab_plan", "À envoyer", "To send"},
    {"relances.tab_sent", "Exécutées", "Executed"},
    {"relances.tab_withheld", "Retenues", "Withheld"},
    {"relances.tab_calls", "Appels", "Calls"},
    {"relances.execute_selected", "Exécuter la sélection (%lld)", "Execute selected (%lld)"},
    {"relances.execute_auto", "Exécuter les automatiques", "Execute automatic ones"},
    {"relances.cancel", "Annuler", "Cancel"},
    {"relances.executed", "%lld relance(s) exécutée(s) ; %lld déjà traitée(s).",
        "%lld reminder(s) executed; %lld already handled."},
    {"relances.nothing", "Rien à envoyer ce jour-là.", "Nothing to send that day."},
    {"relances.none_sent", "Aucune relance exécutée ce jour-là.", "No reminder executed that day."},
    {"relances.none_withheld", "Rien n’est retenu.", "Nothing is withheld."},
    {"relances.no_calls", "Aucun appel à passer.", "No call to make."},
    {"relances.to_confirm", "à confirmer", "to confirm"},
    {"relances.no_rate", "taux manquant", "rate missing"},
    {"relances.col_client", "Client", "Client"},
    {"relances.col_step", "Étape", "Step"},
    {"relances.col_channel", "Canal", "Channel"},
    {"relances.col_invoices", "Factures", "Invoices"},
    {"relances.col_invoice", "Facture", "Invoice"},
    {"relances.col_principal", "Principal", "Principal"},
    {"relances.col_interest", "Intérêts", "Interest"},
    {"relances.col_fee", "Indemnité", "Fee"},
    {"relances.col_total", "Total", "Total"},
    {"relances.col_status", "État", "Status"},
    {"relances.col_reason", "Motif", "Reason"},
    {"relances.col_detail", "Détail", "Detail"},
    {"relances.col_task", "Tâche", "Task"},
    {"relances.col_phone", "Téléphone", "Phone"},
    {"relances.col_due", "Pour le", "Due"},
    {"relances.status_to_send", "à envoyer", "to send"},
    {"relances.status_sent", "envoyée", "sent"},
    {"relances.status_task", "tâche", "task"},
    {"relances.open_mail", "Ouvrir l’e-mail", "Open e-mail"},
    {"relances.open_sms", "Ouvrir le SMS", "Open SMS"},
    {"relances.download", "Télécharger", "Download"},
    {"relances.mark_sent", "Marquer envoyée", "Mark sent"},
    {"relances.saved", "Fichier enregistré : %s", "File saved: %s"},
    {"relances.reason_due", "Étape due le %s (J%+lld)", "Step due on %s (D%+lld)"},
    {"relances.reason_skipped", " ; rattrapage, non envoyées : %s", "; caught up, not sent: %s"},
    {"relances.reason_next", " ; prochaine : %s à partir du %s", "; next: %s from %s"},
    {"relances.reason_last", " ; dernière étape du scénario", "; last step of the scenario"},
    {"relances.reason_no_rate", " ; taux BCE manquant pour %s : intérêts non calculés",
        "; no ECB rate for %s: interest not computed"},
    {"relances.reason_broken", " ; promesse ou échéancier non tenu : reprise",
        "; promise or plan broken: chase resumed"},
    {"relances.promise_title", "Promesse de paiement", "Promise to pay"},
    {"relances.promise_date", "Date promise", "Promised date"},
    {"relances.promise_amount", "Montant promis (vide : tout le dû)", "Promised amount (empty: all owed)"},
    {"relances.promise_save", "Enregistrer la promesse", "Save the promise"},
    {"relances.promise_saved", "Promesse enregistrée : les relances sont suspendues jusqu’à sa date.",
        "Promise saved: reminders wait until its date."},
    {"channel.email", "E-mail", "E-mail"},
    {"channel.sms", "SMS", "SMS"},
    {"channel.letter", "Courrier", "Letter"},
    {"channel.call", "Appel", "Call"},
    {"channel.formal_notice", "Mise en demeure", "Formal notice"},
    {"channel.litigation", "Contentieux", "Litigation"},
    {"withheld.stop", "Arrêt des relances", "Stopped"},
    {"withheld.dispute", "Litige", "Dispute"},
    {"withheld.plan", "Échéancier en cours", "Payment plan"},
    {"withheld.promise", "Promesse de paiement", "Promise to pay"},
    {"withheld.consumer", "Particulier : pas de contentieux automatique", "Consumer: no automatic litigation"},
    {"withheld.below_minimum", "Sous le montant minimum", "Below the minimum"},
    {"withheld.too_soon", "Trop tôt après la relance précédente", "Too soon after the previous one"},
    {"withheld.not_business_day", "Jour non ouvré", "Not a business day"},
    {"withheld.no_rate", "Taux BCE manquant", "ECB rate missing"},
    {"outcome.reached", "Joint", "Reached"},
    {"outcome.voicemail", "Messagerie", "Voicemail"},
    {"outcome.promise", "Promesse…", "Promise…"},
    {"outcome.refusal", "Refus", "Refusal"},
    {"outcome.wrong_number", "Faux numéro", "Wrong number"},
    {"outcome.handed_over", "Transmis au contentieux", "Handed over"},
    {"err.invalid_amount", "Montant invalide (ex. 1 234,56).", "Invalid amount (e.g. 1,234.56)."},
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
    {"clients.generate", "Générer un portefeuille de test (10 000 clients, 1 000 000 factures)",
        "Generate a test portfolio (10,000 clients, 1,000,000 invoices)"},
    {"clients.generate_hint", "Pour essayer le produit à grande échelle : deux à trois minutes, annulable.",
        "To try the product at scale: two to three minutes, and it can be cancelled."},
    {"clients.generate_cancel", "Annuler la génération", "Cancel the generation"},
    {"clients.generated", "Portefeuille de test généré.", "Test portfolio generated."},
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
    {"err.duplicate", "Ce code ou ce numéro est déjà utilisé (majuscules et accents n’y changent rien).",
        "Already used: this code or number exists already (case and accents make no difference)."},
    {"err.after_due_date", "La date d’émission est postérieure à l’échéance.", "The issue date is after the due date."},
    {"err.already_cancelled", "Déjà annulé.", "Already cancelled."},
    {"err.already_set_up", "Le compte administrateur existe déjà : connectez-vous.",
        "The administrator account exists already: sign in."},
    {"err.before_from", "La fin de la période précède son début.", "The period ends before it starts."},
    {"err.before_issue_date", "L’échéance précède la date d’émission.", "The due date is before the issue date."},
    {"err.below_paid", "Le montant est inférieur à ce qui a déjà été payé.",
        "The amount is below what was already paid."},
    {"err.busy", "Une autre opération est en cours : réessayez dans un instant.",
        "Another operation is running: try again in a moment."},
    {"err.cancelled", "Opération annulée : rien n’a été modifié.", "Cancelled: nothing was changed."},
    {"err.cancelled_invoice", "Cette facture est annulée.", "This invoice is cancelled."},
    {"err.corrupt", "La base de données est endommagée : restaurez une sauvegarde.",
        "The database is damaged: restore a backup."},
    {"err.currency_mismatch", "Les devises ne correspondent pas.", "The currencies do not match."},
    {"err.disk_full", "Espace de stockage plein : libérez de la place (exportez puis supprimez des documents).",
        "Storage is full: free some space (export, then delete documents)."},
    {"err.duplicate_key", "La requête répète un même champ.", "The request repeats a field."},
    {"err.exceeds_payment", "Les affectations dépassent le montant disponible.",
        "The allocations exceed the amount available."},
    {"err.already_done", "Cette tâche est déjà faite.", "This task is already done."},
    {"err.already_ended", "Cette suspension est déjà levée.", "This hold has already ended."},
    {"err.default_required", "Choisissez d’abord un autre scénario par défaut.",
        "Make another scenario the default first."},
    {"err.exceeds_balance", "Les échéances dépassent le montant dû.", "The instalments exceed what is owed."},
    {"err.in_past", "Cette date est déjà passée.", "This date is in the past."},
    {"err.invalid_bic", "BIC invalide (8 ou 11 caractères).", "Invalid BIC (8 or 11 characters)."},
    {"err.invalid_iban", "IBAN invalide (clé de contrôle).", "Invalid IBAN (check digits)."},
    {"err.invalid_vat", "Numéro de TVA invalide.", "Invalid VAT number."},
    {"err.is_default", "Le scénario par défaut ne peut pas être supprimé.", "The default scenario cannot be deleted."},
    {"err.is_task", "Cette action se traite depuis sa tâche.", "This action is done from its task."},
    {"err.no_link", "Pas de lien pour ce canal : téléchargez le fichier.",
        "No link for this channel: download the file."},
    {"err.not_in_order", "Les échéances doivent se suivre, une par jour au plus.",
        "Instalments must be in date order."},
    {"err.not_open", "Cette facture n’est plus due.", "This invoice is no longer owed."},
    {"err.unknown_scenario", "Scénario inconnu.", "Unknown scenario."},
    {"err.empty_placeholder", "Champ de fusion vide {}.", "Empty placeholder {}."},
    {"err.stray_brace", "Accolade } isolée (écrivez }} pour une accolade).", "Stray } (write }} for a brace)."},
    {"err.far_future", "Date d’émission trop lointaine (plus d’un an).", "Issue date too far ahead (over a year)."},
    {"err.has_allocations", "Des paiements sont affectés à cette facture : libérez-les d’abord.",
        "Payments are allocated to this invoice: release them first."},
    {"err.in_future", "Cette date est dans le futur.", "This date is in the future."},
    {"err.in_use", "Élément utilisé ailleurs : il ne peut pas être supprimé.", "Used elsewhere: it cannot be deleted."},
    {"err.inactive_user", "Cet utilisateur est désactivé.", "This user is deactivated."},
    {"err.invalid", "Valeur invalide.", "Invalid value."},
    {"err.invalid_currency", "Devise inconnue : un code ISO 4217 comme EUR.",
        "Unknown currency: an ISO 4217 code such as EUR."},
    {"err.invalid_date", "Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."},
    {"err.invalid_instant", "Date et heure invalides.", "Invalid date and time."},
    {"err.invalid_tag", "Étiquette invalide : 1 à 32 caractères, sans virgule.",
        "Invalid tag: 1 to 32 characters, no comma."},
    {"err.io_error", "Erreur de lecture ou d’écriture : rien n’a été modifié.",
        "Read or write error: nothing was changed."},
    {"err.malformed", "Requête illisible.", "Unreadable request."},
    {"err.not_disputed", "Cette facture n’est pas en litige.", "This invoice is not disputed."},
    {"err.not_positive", "Le montant doit être supérieur à zéro.", "The amount must be more than zero."},
    {"err.null_not_allowed", "Valeur vide non permise : laissez le champ de côté.",
        "Empty value not allowed: leave the field out."},
    {"err.only_for_calls", "Seulement pour un appel.", "For calls only."},
    {"err.only_for_promises", "Seulement pour une promesse de paiement.", "For promises to pay only."},
    {"err.other_client", "Cette facture appartient à un autre client.", "This invoice belongs to another client."},
    {"err.out_of_range", "Valeur hors des limites permises.", "Value out of the allowed range."},
    {"err.over_allocation", "Plus que ce qui reste dû sur la facture.", "More than what is still owed on the invoice."},
    {"err.read_only", "La base est en lecture seule.", "The database is read-only."},
    {"err.too_deep", "Requête trop imbriquée.", "Request nested too deeply."},
    {"err.too_large", "Montant ou fichier trop grand.", "Amount or file too large."},
    {"err.too_many", "Trop d’éléments.", "Too many items."},
    {"err.total_too_large",
        "Montant refusé : le total du portefeuille dépasserait la limite (90 000 milliards d’euros).",
        "Amount refused: the portfolio's total would pass the limit (90 000 billion euros)."},
    {"err.unclosed_placeholder", "Une accolade { n’est pas fermée.", "A { is never closed."},
    {"err.unknown_client", "Client inconnu.", "Unknown client."},
    {"err.unknown_invoice", "Facture inconnue.", "Unknown invoice."},
    {"err.unknown_parameter", "Champ inconnu.", "Unknown field."},
    {"err.unknown_placeholder", "Champ de fusion inconnu.", "Unknown placeholder."},
    {"err.unknown_template", "Modèle inconnu.", "Unknown template."},
    {"err.unknown_user", "Utilisateur inconnu.", "Unknown user."},
    {"err.voided", "Ce paiement est annulé.", "This payment is voided."},
    {"err.wrong_channel", "Ce modèle est fait pour un autre canal.", "This template is for another channel."},
    {"err.wrong_password", "Mot de passe actuel incorrect.", "The current password is wrong."},
    {"err.wrong_type", "Valeur d’un type inattendu.", "Value of an unexpected type."},
    {"date.hint", "jj/mm/aaaa", "dd/mm/yyyy"},
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

std::vector<std::string> textKeys()
{
    std::vector<std::string> keys;
    for (const auto& e : kTexts)
        keys.push_back(e.key);
    return keys;
}

bool hasText(const std::string& key, Language lang)
{
    for (const auto& e : kTexts)
        if (key == e.key)
            return (lang == Language::Fr ? e.fr : e.en)[0] != '\0';
    return false;
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
