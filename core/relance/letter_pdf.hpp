// Reminder letters and formal notices (mise en demeure) as PDF, with libharu.
//
// A4 portrait: the company's letterhead (name, address, SIRET, VAT number, phone,
// e-mail), the recipient's block in the window of a French window envelope, the date, the subject, the body rendered
// from the template, and a table of the invoices with principal, interest and recovery fee itemised, then the totals,
// the signatory and the payment reference (IBAN, BIC, reference). A formal notice carries "Lettre recommandée avec
// accusé de réception" and "MISE EN DEMEURE", and its footer cites articles L441-10 and D441-5 of the Code de commerce.
//
// Text in Windows-1252 (French accents, €) is written in the standard Helvetica, embedded in
// nothing. Text outside it (Łukasz, Жук, 東京) is written in runs of DejaVu Sans (Latin,
// Greek, Cyrillic and the other scripts it covers; its bold for headings) and Droid Sans
// Fallback (Han ideographs, kana, hangul), embedded with libharu's UTF-8 encoding: Debian's
// fonts-dejavu-core and fonts-droid-fallback, found under CRM_PDF_FONT_DIR (the system's
// fonts natively; /fonts in the browser's worker, which writes them there). A letter needing
// them is larger (about 90 kB for DejaVu, 1 MB more with CJK); without the fonts such
// text falls back to '?'.
#pragma once

#include "core/relance/render.hpp"

#include <string>

namespace crm::relance {

struct LetterInput {
    bool formalNotice = false;
    bool consumer = false;        // the recipient is a consumer: no D441-5 fee, nor its citation
    bool contractCharges = false; // a consumer's contract sets late-payment interest
    std::string language = "fr";
    // company
    std::string companyName, companyAddress, siret, vatNumber, companyPhone, companyEmail, iban, bic;
    std::string signatory; // who signs, under the closing (name and title, may span lines)
    // recipient
    std::string clientName, clientContact, clientAddress;
    std::string date; // YYYY-MM-DD
    std::string subject;
    std::string body; // rendered, with kTableMarker on its own line where the table goes
    std::string paymentReference;
    RenderData data; // the invoices and the currency
};

// The line a rendered body holds where the invoice table is drawn.
inline const std::string kTableMarker = "\x01TABLE\x01";

// The PDF file's bytes. Throws std::runtime_error when libharu fails.
std::string letterPdf(const LetterInput& in);

// UTF-8 to Windows-1252 (what the PDF's WinAnsiEncoding shows); unknown characters become '?'.
std::string toWinAnsi(const std::string& utf8);

} // namespace crm::relance
