#include "core/report/report_pdf.hpp"

#include "core/relance/letter_pdf.hpp"

#include <hpdf.h>

#include <memory>
#include <numeric>
#include <stdexcept>

namespace crm::report {

namespace {

struct HpdfError {
    HPDF_STATUS code = 0, detail = 0;
};

void onError(HPDF_STATUS error, HPDF_STATUS detail, void* user)
{
    auto* e = static_cast<HpdfError*>(user);
    if (e->code == 0) {
        e->code = error;
        e->detail = detail;
    }
}

constexpr float kMargin = 40, kRow = 15, kSize = 9;

class Writer {
public:
    Writer(const PdfTable& t) : m_t(t), m_doc(HPDF_New(onError, &m_error), HPDF_Free)
    {
        if (!m_doc)
            throw std::runtime_error("libharu: cannot create a document");
        m_regular = HPDF_GetFont(m_doc.get(), "Helvetica", "WinAnsiEncoding");
        m_bold = HPDF_GetFont(m_doc.get(), "Helvetica-Bold", "WinAnsiEncoding");
        HPDF_SetInfoAttr(m_doc.get(), HPDF_INFO_CREATOR, "CRM Recouvrement");
        HPDF_SetInfoAttr(m_doc.get(), HPDF_INFO_TITLE, relance::toWinAnsi(t.title).c_str());
        m_landscape = t.headers.size() > 6;
        const float total = std::accumulate(t.weights.begin(), t.weights.end(), 0.0f);
        const float width = (m_landscape ? 842.0f : 595.0f) - 2 * kMargin;
        float x = kMargin;
        for (std::size_t k = 0; k < t.headers.size(); ++k) {
            const float w
                = (k < t.weights.size() && total > 0 ? t.weights[k] / total : 1.0f / t.headers.size()) * width;
            m_columns.push_back({x, x + w});
            x += w;
        }
        // Rows per page: the first page has the title block, the others only the header.
        const float height = m_landscape ? 595.0f : 842.0f;
        m_firstRows = static_cast<std::size_t>((height - 2 * kMargin - 110) / kRow);
        m_otherRows = static_cast<std::size_t>((height - 2 * kMargin - 40) / kRow);
        const std::size_t lines = t.rows.size() + (t.total.empty() ? 0 : 1);
        m_pageCount = lines <= m_firstRows ? 1 : 1 + (lines - m_firstRows + m_otherRows - 1) / m_otherRows;
    }

    std::string write()
    {
        newPage(true);
        std::size_t onPage = 0;
        for (const auto& row : m_t.rows) {
            if (onPage == (m_pages == 1 ? m_firstRows : m_otherRows)) {
                newPage(false);
                onPage = 0;
            }
            drawRow(row, false);
            ++onPage;
        }
        if (!m_t.total.empty()) {
            if (onPage == (m_pages == 1 ? m_firstRows : m_otherRows))
                newPage(false);
            rule();
            drawRow(m_t.total, true);
        }
        if (m_t.rows.empty())
            put(kMargin, m_y, "-", kSize, false);
        HPDF_SaveToStream(m_doc.get());
        std::string out(HPDF_GetStreamSize(m_doc.get()), '\0');
        auto size = static_cast<HPDF_UINT32>(out.size());
        HPDF_ReadFromStream(m_doc.get(), reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
        out.resize(size);
        if (m_error.code != 0)
            throw std::runtime_error(
                "libharu error " + std::to_string(m_error.code) + " (" + std::to_string(m_error.detail) + ")");
        return out;
    }

private:
    struct Column {
        float left, right;
    };

    void newPage(bool first)
    {
        m_page = HPDF_AddPage(m_doc.get());
        HPDF_Page_SetSize(m_page, HPDF_PAGE_SIZE_A4, m_landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
        ++m_pages;
        const float top = HPDF_Page_GetHeight(m_page) - kMargin;
        const float right = HPDF_Page_GetWidth(m_page) - kMargin;
        m_y = top;
        if (first) {
            put(kMargin, m_y, ansi(m_t.company.empty() ? "(raison sociale non renseignée)" : m_t.company), 11, true);
            putRight(right, m_y, ansi(m_t.madeOn), kSize, false);
            m_y -= 28;
            put(kMargin, m_y, ansi(m_t.title), 16, true);
            m_y -= 20;
            put(kMargin, m_y, ansi(m_t.scope), 10, false);
            m_y -= 30;
        } else {
            put(kMargin, m_y, ansi(m_t.title), kSize, true);
            putRight(right, m_y, ansi(m_t.company), kSize, false);
            m_y -= 22;
        }
        drawRow(m_t.headers, true);
        rule();
        const std::string page = "page " + std::to_string(m_pages) + " / " + std::to_string(m_pageCount);
        putRight(right, kMargin - 16, page, 8, false);
    }

    void drawRow(const std::vector<std::string>& cells, bool bold)
    {
        for (std::size_t k = 0; k < cells.size() && k < m_columns.size(); ++k) {
            const bool right = k < m_t.right.size() && m_t.right[k];
            const std::string text = fit(cells[k], m_columns[k].right - m_columns[k].left - 6, bold);
            if (right)
                putRight(m_columns[k].right - 3, m_y, text, kSize, bold);
            else
                put(m_columns[k].left + 3, m_y, text, kSize, bold);
        }
        m_y -= kRow;
    }

    void rule()
    {
        HPDF_Page_SetLineWidth(m_page, 0.5);
        HPDF_Page_MoveTo(m_page, kMargin, m_y + kRow - 3);
        HPDF_Page_LineTo(m_page, HPDF_Page_GetWidth(m_page) - kMargin, m_y + kRow - 3);
        HPDF_Page_Stroke(m_page);
    }

    // The text in Windows-1252, cut to `width` (an ellipsis marks the cut).
    std::string fit(const std::string& utf8, float width, bool bold)
    {
        std::string w = relance::toWinAnsi(utf8);
        HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, kSize);
        if (HPDF_Page_TextWidth(m_page, w.c_str()) <= width)
            return w;
        while (!w.empty() && HPDF_Page_TextWidth(m_page, (w + "\x85").c_str()) > width)
            w.pop_back();
        return w + "\x85"; // … in Windows-1252
    }

    // put / putRight: text already in Windows-1252 (ansi() converts).
    static std::string ansi(const std::string& utf8) { return relance::toWinAnsi(utf8); }
    void put(float x, float y, const std::string& w, float size, bool bold)
    {
        HPDF_Page_BeginText(m_page);
        HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
        HPDF_Page_TextOut(m_page, x, y, w.c_str());
        HPDF_Page_EndText(m_page);
    }
    void putRight(float right, float y, const std::string& w, float size, bool bold)
    {
        HPDF_Page_SetFontAndSize(m_page, bold ? m_bold : m_regular, size);
        const float width = HPDF_Page_TextWidth(m_page, w.c_str());
        HPDF_Page_BeginText(m_page);
        HPDF_Page_TextOut(m_page, right - width, y, w.c_str());
        HPDF_Page_EndText(m_page);
    }

    const PdfTable& m_t;
    HpdfError m_error;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> m_doc;
    HPDF_Page m_page = nullptr;
    HPDF_Font m_regular = nullptr, m_bold = nullptr;
    bool m_landscape = false;
    std::vector<Column> m_columns;
    std::size_t m_firstRows = 0, m_otherRows = 0, m_pageCount = 1, m_pages = 0;
    float m_y = 0;
};

} // namespace

std::string tablePdf(const PdfTable& t)
{
    return Writer(t).write();
}

} // namespace crm::report
