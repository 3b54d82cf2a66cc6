// A report as a printable PDF, with libharu: the company's name and the report's title
// and scope at the top, the date it was made, a table whose header repeats on every page,
// a bold total line, "page n / N" at the foot. A4, landscape when the table is wide.
//
// Text is written in the standard Helvetica (Windows-1252: French accents, €); a name
// outside it prints its unknown characters as '?' (the letters embed fonts; a report,
// for the office's printer, does not).
#pragma once

#include <string>
#include <vector>

namespace crm::report {

struct PdfTable {
    std::string company; // the legal name; empty: « (raison sociale non renseignée) »
    std::string title;   // « Balance âgée au 24/11/2026 »
    std::string scope;   // « Toute l'équipe », « Chargé : Léa Martin »
    std::string madeOn;  // « Édité le 07/12/2026 »
    std::vector<std::string> headers;
    std::vector<bool> right;    // right-aligned (numbers), one per column
    std::vector<float> weights; // relative widths, one per column
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> total; // empty: none
};

// The PDF file's bytes. Throws std::runtime_error when libharu fails.
std::string tablePdf(const PdfTable& t);

} // namespace crm::report
