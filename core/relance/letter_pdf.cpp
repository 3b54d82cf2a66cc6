#include "core/relance/letter_pdf.hpp"

#include "core/util/format.hpp"
#include "core/util/text.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

namespace crm::relance {

std::string toWinAnsi(const std::string& utf8)
{
    // Windows-1252's 0x80–0x9F block, by code point.
    static const std::pair<unsigned, unsigned char> kHigh[] = {{0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83},
        {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
        {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94},
        {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
        {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F}};
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        unsigned cp = 0;
        std::size_t len = 1;
        if (c < 0x80)
            cp = c;
        else if ((c & 0xE0) == 0xC0)
            cp = c & 0x1F, len = 2;
        else if ((c & 0xF0) == 0xE0)
            cp = c & 0x0F, len = 3;
        else if ((c & 0xF8) == 0xF0)
            cp = c & 0x07, len = 4;
        else
            cp = '?';
        if (i + len > utf8.size()) {
            out += '?';
            break;
        }
        for (std::size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += len;
        if (cp == 0x202F || cp == 0x2009 || cp == 0x00A0) // narrow and thin spaces, no-break space
            out += '\xA0';
        else if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            out += static_cast<char>(cp);
        else {
            char mapped = '?';
            for (const auto& [from, to] : kHigh)
                if (from == cp)
                    mapped = static_cast<char>(to);
            out += mapped;
        }
    }
    return out;
}

namespace {

// True when every character of `utf8` is in Windows-1252 (what the standard Helvetica
// shows): toWinAnsi writes no '?' the text did not have.
bool fitsWinAnsi(const std::string& utf8)
{
    const std::string w = toWinAnsi(utf8);
    return std::count(w.begin(), w.end(), '?') == std::count(utf8.begin(), utf8.end(), '?');
}

// Scripts DejaVu Sans has no glyphs for, which Droid Sans Fallback has: Han ideographs,
// kana, hangul and their punctuation and full-width forms.
bool isCjk(long cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F)
        || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

std::string fontPath(const char* file)
{
    return std::string(CRM_PDF_FONT_DIR) + "/" + file;
}

bool readable(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f)
        std::fclose(f);
    return f != nullptr;
}

// libharu reports errors through this callback; we note the first one and check it
// at the end (never throw through C frames).
struct HpdfError {
    HPDF_STATUS code = 0, detail = 0;
};

void onError(HPDF_STATUS error, HPDF_STATUS detail, void* user)
{
    auto* e = static_cast<HpdfError*>(user);
    if (e->code == 0)
        *e = {error, detail};
}

struct DocDeleter {
    void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};

constexpr float kLeft = 56, kRight = 539, kTop = 800, kBottom = 70; // A4: 595 × 842 points
// The window of a French window envelope (DL or C5, window on the right): 110 to 200 mm
// from the left, 45 to 90 mm from the top. The recipient's block is printed inside it.
constexpr float kMm = 2.8346f;
constexpr float kWindowLeft = 113 * kMm, kWindowTop = 842 - 50 * kMm, kWindowBottom = 842 - 88 * kMm;

class Writer {
public:
    explicit Writer(const LetterInput& in)
        : m_in(in),
          m_error(std::make_unique<HpdfError>()),
          m_doc(HPDF_New(onError, m_error.get()))
    {
        if (!m_doc)
            throw std::runtime_error("libharu: cannot create a document");
        m_regular = HPDF_GetFont(m_doc.get(), "Helvetica", "WinAnsiEncoding");
        m_bold = HPDF_GetFont(m_doc.get(), "Helvetica-Bold", "WinAnsiEncoding");
        HPDF_SetInfoAttr(m_doc.get(), HPDF_INFO_CREATOR, "CRM Recouvrement");
        HPDF_SetInfoAttr(m_doc.get(), HPDF_INFO_TITLE, toWinAnsi(in.subject).c_str());
        newPage();
    }

    void text(float x, const std::string& utf8, float size = 10, bool bold = false)
    {
        ensure(size + 4);
        put(x, m_y, utf8, size, bold);
    }
    void line(const std::string& utf8, float size = 10, bool bold = false)
    {
        text(kLeft, utf8, size, bold);
        m_y -= size + 4;
    }
    // Wrapped paragraph within the margins.
    void paragraph(const std::string& utf8, float size = 10)
    {
        if (utf8.empty()) {
            m_y -= size + 4;
            return;
        }
        if (!fitsWinAnsi(utf8) && unicodeFonts()) {
            for (const auto& piece : wrapped(utf8, size)) {
                ensure(size + 4);
                put(kLeft, m_y, piece, size, false);
                m_y -= size + 4;
            }
            return;
        }
        const std::string w = toWinAnsi(utf8);
        HPDF_Page_SetFontAndSize(m_page, m_regular, size);
        std::size_t at = 0;
        while (at < w.size()) {
            ensure(size + 4);
            HPDF_REAL used = 0;
            HPDF_UINT n = HPDF_Page_MeasureText(m_page, w.c_str() + at, kRight - kLeft, HPDF_TRUE, &used);
            if (n == 0) // one word wider than the line: cut it
                n = HPDF_Page_MeasureText(m_page, w.c_str() + at, kRight - kLeft, HPDF_FALSE, &used);
            if (n == 0)
                n = 1;
            putRaw(kLeft, m_y, w.substr(at, n), size, false);
            at += n;
            while (at < w.size() && w[at] == ' ')
                ++at;
            m_y -= size + 4;
        }
    }
    void rule()
    {
        ensure(6);
        HPDF_Page_SetLineWidth(m_page, 0.5);
        HPDF_Page_MoveTo(m_page, kLeft, m_y + 3);
        HPDF_Page_LineTo(m_page, kRight, m_y + 3);
        HPDF_Page_Stroke(m_page);
        m_y -= 6;
    }
    void gap(float points) { m_y -= points; }
    void moveTo(float y) { m_y = y; }
    void rightAligned(float right, float y, const std::string& utf8, float size, bool bold)
    {
        put(right - width(utf8, size, bold), y, utf8, size, bold);
    }
    float y() const { return m_y; }
    void ensure(float height)
    {
        if (m_y - height < kBottom)
            newPage();
    }
    std::string bytes()
    {
        HPDF_SaveToStream(m_doc.get());
        std::string out(HPDF_GetStreamSize(m_doc.get()), '\0');
        HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
        HPDF_ReadFromStream(m_doc.get(), reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
        out.resize(size);
        if (m_error->code != 0)
            throw std::runtime_error(
                "libharu error " + std::to_string(m_error->code) + " (" + std::to_string(m_error->detail) + ")");
        return out;
    }

private:
    void newPage()
    {
        m_page = HPDF_AddPage(m_doc.get());
        HPDF_Page_SetSize(m_page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        m_y = kTop;
        ++m_pages;
        footer();
    }
    void footer()
    {
        const bool en = m_in.language == "en";
        std::string legal = m_in.companyName;
        if (!m_in.siret.empty())
            legal += " — SIRET " + m_in.siret;
        if (!m_in.vatNumber.empty())
            legal += (en ? " — VAT " : " — TVA ") + m_in.vatNumber;
        put(kLeft, 40, legal, 7.5f, false);
        if (m_in.formalNotice && m_in.consumer && m_in.contractCharges)
            put(kLeft, 30,
                en ? "Late-payment interest as agreed in the contract." : "Intérêts de retard prévus au contrat.", 7.5f,
                false);
        else if (m_in.formalNotice && !m_in.consumer)
            put(kLeft, 30,
                en ? "Late-payment interest and the 40 EUR fixed recovery fee: French Commercial Code, articles "
                     "L441-10 "
                     "and D441-5."
                   : "Pénalités de retard et indemnité forfaitaire de 40 € pour frais de recouvrement : articles "
                     "L441-10 "
                     "et D441-5 du Code de commerce.",
                7.5f, false);
        put(kRight - 40, 40, (en ? "Page " : "Page ") + std::to_string(m_pages), 7.5f, false);
    }
    // Text outside Windows-1252 goes in runs: DejaVu Sans (or its bold) for every script it
    // covers, Droid Sans Fallback for CJK.
    void put(float x, float y, const std::string& utf8, float size, bool bold)
    {
        if (fitsWinAnsi(utf8) || !unicodeFonts()) {
            putRaw(x, y, toWinAnsi(utf8), size, bold);
            return;
        }
        for (const auto& [font, run] : runs(utf8, bold)) {
            HPDF_Page_BeginText(m_page);
            HPDF_Page_SetFontAndSize(m_page, font, size);
            HPDF_Page_TextOut(m_page, x, y, run.c_str());
            HPDF_Page_EndText(m_page);
            x += HPDF_Page_TextWidth(m_page, run.c_str());
        }
    }
    float width(const std::string& utf8, float size, bool bold)
    {
        if (fitsWinAnsi(utf8) || !unicodeFonts()) {
            HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
            return HPDF_Page_TextWidth(m_page, toWinAnsi(utf8).c_str());
        }
        float total = 0;
        for (const auto& [font, run] : runs(utf8, bold)) {
            HPDF_Page_SetFontAndSize(m_page, font, size);
            total += HPDF_Page_TextWidth(m_page, run.c_str());
        }
        return total;
    }
    // The pieces of `utf8` in the font that has their glyphs.
    std::vector<std::pair<HPDF_Font, std::string>> runs(const std::string& utf8, bool bold)
    {
        std::vector<std::pair<HPDF_Font, std::string>> out;
        for (std::size_t i = 0; i < utf8.size();) {
            const std::size_t start = i;
            long cp = text::decodeUtf8(utf8, i);
            std::string piece;
            if (cp < 0) { // not UTF-8: one byte, shown as '?'
                i = start + 1;
                cp = '?';
                piece = "?";
            } else
                piece = utf8.substr(start, i - start);
            HPDF_Font font = isCjk(cp) && m_cjk ? m_cjk : bold ? m_uniBold : m_uni;
            if (out.empty() || out.back().first != font)
                out.emplace_back(font, piece);
            else
                out.back().second += piece;
        }
        return out;
    }
    // Lines of `utf8` within the margins: words kept whole where they fit, cut where a word
    // is wider than a line (ideographs are written without spaces).
    std::vector<std::string> wrapped(const std::string& utf8, float size)
    {
        std::vector<std::string> out;
        std::string line;
        auto fits = [&](const std::string& t) { return width(t, size, false) <= kRight - kLeft; };
        std::size_t at = 0;
        while (at < utf8.size()) {
            std::size_t end = utf8.find(' ', at);
            if (end == std::string::npos)
                end = utf8.size();
            const std::string word = utf8.substr(at, end - at);
            at = end + 1;
            if (fits(line.empty() ? word : line + " " + word)) {
                line = line.empty() ? word : line + " " + word;
                continue;
            }
            if (!line.empty())
                out.push_back(std::move(line));
            line.clear();
            for (std::size_t i = 0; i < word.size();) { // a word wider than a line, character by character
                std::size_t next = i;
                if (text::decodeUtf8(word, next) < 0)
                    next = i + 1;
                const std::string more = line + word.substr(i, next - i);
                if (!line.empty() && !fits(more)) {
                    out.push_back(std::move(line));
                    line = word.substr(i, next - i);
                } else
                    line = more;
                i = next;
            }
        }
        if (!line.empty())
            out.push_back(std::move(line));
        return out;
    }
    // DejaVu Sans, its bold and Droid Sans Fallback, embedded at the first text that needs
    // them (a letter in Windows-1252 embeds nothing, as before). False when DejaVu is missing:
    // such text is then written in Helvetica, '?' for what it lacks.
    bool unicodeFonts()
    {
        if (m_unicodeTried)
            return m_uni != nullptr;
        m_unicodeTried = true;
        const std::string regular = fontPath("dejavu/DejaVuSans.ttf"), bold = fontPath("dejavu/DejaVuSans-Bold.ttf"),
                          cjk = fontPath("droid/DroidSansFallbackFull.ttf");
        if (!readable(regular) || !readable(bold))
            return false;
        HPDF_UseUTFEncodings(m_doc.get());
        auto load = [&](const std::string& path) -> HPDF_Font {
            const char* name = HPDF_LoadTTFontFromFile(m_doc.get(), path.c_str(), HPDF_TRUE);
            return name ? HPDF_GetFont(m_doc.get(), name, "UTF-8") : nullptr;
        };
        m_uni = load(regular);
        m_uniBold = load(bold);
        if (readable(cjk))
            m_cjk = load(cjk);
        if (!m_uni || !m_uniBold)
            m_uni = m_uniBold = m_cjk = nullptr;
        return m_uni != nullptr;
    }
    void putRaw(float x, float y, const std::string& winAnsi, float size, bool bold)
    {
        HPDF_Page_BeginText(m_page);
        HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
        HPDF_Page_TextOut(m_page, x, y, winAnsi.c_str());
        HPDF_Page_EndText(m_page);
    }

    const LetterInput& m_in;
    std::unique_ptr<HpdfError> m_error;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> m_doc;
    HPDF_Page m_page = nullptr;
    HPDF_Font m_regular = nullptr, m_bold = nullptr;
    HPDF_Font m_uni = nullptr, m_uniBold = nullptr, m_cjk = nullptr; // for text outside Windows-1252
    bool m_unicodeTried = false;
    float m_y = kTop;
    int m_pages = 0;
};

std::vector<std::string> lines(const std::string& s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == '\n') {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

void invoiceTable(Writer& w, const LetterInput& in)
{
    const bool en = in.language == "en";
    const auto& d = in.data;
    auto money = [&](std::int64_t c) { return fmt::money(c, d.currency, in.language); };
    const float cols[] = {kLeft, kLeft + 95, kLeft + 165, kLeft + 245, kLeft + 325, kLeft + 405, kRight};
    w.ensure(30);
    const float y = w.y();
    w.text(cols[0], en ? "Invoice" : "Facture", 8.5f, true);
    w.text(cols[1], en ? "Due date" : "Échéance", 8.5f, true);
    w.rightAligned(cols[3] - 6, y, en ? "Amount" : "Montant TTC", 8.5f, true);
    w.rightAligned(cols[4] - 6, y, en ? "Unpaid" : "Reste dû", 8.5f, true);
    w.rightAligned(cols[5] - 6, y, en ? "Interest" : "Intérêts", 8.5f, true);
    w.rightAligned(cols[6], y, en ? "Recovery fee" : "Indemnité", 8.5f, true);
    w.gap(12);
    w.rule();
    std::int64_t open = 0, fees = 0, interest = 0;
    bool interestKnown = true;
    for (const auto& i : d.invoices) {
        w.ensure(14);
        const float row = w.y();
        w.text(cols[0], i.number, 8.5f);
        w.text(cols[1], fmt::date(i.dueDate), 8.5f);
        w.rightAligned(cols[3] - 6, row, money(i.amountCents), 8.5f, false);
        w.rightAligned(cols[4] - 6, row, money(i.openCents), 8.5f, false);
        w.rightAligned(cols[5] - 6, row, i.interestCents ? money(*i.interestCents) : "—", 8.5f, false);
        w.rightAligned(cols[6], row, money(i.feeCents), 8.5f, false);
        w.gap(12);
        open += i.openCents;
        fees += i.feeCents;
        if (i.interestCents)
            interest += *i.interestCents;
        else
            interestKnown = false;
    }
    w.rule();
    const float row = w.y();
    w.text(cols[0], en ? "Total" : "Total", 8.5f, true);
    w.rightAligned(cols[4] - 6, row, money(open), 8.5f, true);
    w.rightAligned(cols[5] - 6, row, interestKnown ? money(interest) : "—", 8.5f, true);
    w.rightAligned(cols[6], row, money(fees), 8.5f, true);
    w.gap(14);
    w.ensure(14);
    const float total = w.y();
    w.text(cols[0], en ? "Total due" : "Total dû", 10, true);
    w.rightAligned(cols[6], total, money(open + interest + fees) + (interestKnown ? "" : " *"), 10, true);
    w.gap(16);
}

} // namespace

std::string letterPdf(const LetterInput& in)
{
    const bool en = in.language == "en";
    Writer w(in);
    // Letterhead.
    w.line(
        in.companyName.empty() ? (en ? "(company name not set)" : "(raison sociale non renseignée)") : in.companyName,
        14, true);
    for (const auto& l : lines(in.companyAddress))
        if (!l.empty())
            w.line(l, 9);
    std::string contact;
    if (!in.companyPhone.empty())
        contact += (en ? "Phone " : "Tél. ") + in.companyPhone;
    if (!in.companyEmail.empty())
        contact += (contact.empty() ? "" : " — ") + in.companyEmail;
    if (!contact.empty())
        w.line(contact, 9);
    const float belowHead = w.y();
    // The recipient, in the envelope's window; a formal notice's mention just above it.
    const float x = kWindowLeft;
    if (in.formalNotice) {
        w.moveTo(kWindowTop + 16);
        w.text(x,
            en ? "Registered letter with acknowledgement of receipt" : "Lettre recommandée avec accusé de réception",
            8.5f, true);
    }
    w.moveTo(kWindowTop - 10);
    w.text(x, in.clientName, 10, true);
    w.gap(13);
    if (!in.clientContact.empty()) {
        w.text(x, (en ? "Attn: " : "À l'attention de ") + in.clientContact, 10);
        w.gap(13);
    }
    for (const auto& l : lines(in.clientAddress))
        if (!l.empty() && w.y() > kWindowBottom) {
            w.text(x, l, 10);
            w.gap(13);
        }
    w.moveTo(std::min({w.y(), belowHead, kWindowBottom}));
    w.gap(16);
    w.text(x, (en ? "On " : "Le ") + fmt::date(in.date), 10);
    w.gap(30);
    if (in.formalNotice) {
        w.line(en ? "FORMAL NOTICE" : "MISE EN DEMEURE", 13, true);
        w.gap(4);
    }
    w.line((en ? "Subject: " : "Objet : ") + in.subject, 10, true);
    w.gap(10);
    bool tableDrawn = false;
    for (const auto& l : lines(in.body)) {
        if (l.find(kTableMarker) != std::string::npos) {
            invoiceTable(w, in);
            tableDrawn = true;
            continue;
        }
        w.paragraph(l);
    }
    if (!tableDrawn) {
        w.gap(8);
        invoiceTable(w, in);
    }
    // Who signs, under the closing.
    if (!in.signatory.empty()) {
        w.gap(14);
        w.ensure(50);
        for (const auto& l : lines(in.signatory))
            if (!l.empty()) {
                w.text(x, l, 10);
                w.gap(13);
            }
    }
    // Payment reference.
    w.gap(8);
    w.ensure(60);
    w.rule();
    w.line(en ? "Payment details" : "Modalités de paiement", 9, true);
    w.line("IBAN : " + (in.iban.empty() ? "—" : in.iban) + "    BIC : " + (in.bic.empty() ? "—" : in.bic), 9);
    w.line((en ? "Reference to quote: " : "Référence à rappeler : ") + in.paymentReference, 9);
    return w.bytes();
}

} // namespace crm::relance
