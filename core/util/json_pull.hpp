// JSON read value by value, without building a document tree — for texts too large to
// hold twice (a snapshot of a million invoices), where the tree costs more than the work
// done with what it holds.
//
// Strict RFC 8259, as nlohmann::json::parse: UTF-8 checked, no trailing commas, no
// comments, escapes decoded (surrogate pairs joined, a lone one refused). The first
// error stops the reader: failed() is true and error() says what and where ("line 3,
// column 14: expected ':'"); every call after it returns false / Token::Error.
//
// Reading an object:   r.expect('{'); if (!r.accept('}')) do { r.string(key); r.expect(':'); …value… }
//                      while (r.accept(',')); r.expect('}');   — and arrays alike with '[' ']'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace crm::jsonpull {

enum class Token {
    Null,
    True,
    False,
    Integer, // fits an int64 (value())
    Number,  // a valid JSON number that is not such an integer (fraction, exponent, too large)
    String,  // decoded into value()'s text
    Object,  // '{' consumed: read its members
    Array,   // '[' consumed: read its elements
    Error,
};

class Reader {
public:
    explicit Reader(std::string_view text, std::size_t at = 0) : m_text(text), m_at(at) { }

    // The next character after white space ('\0' at the end of the text), not consumed.
    char peek();
    // Consumes `c` when it comes next (after white space).
    bool accept(char c);
    // Consumes `c`, or fails ("expected 'c'").
    bool expect(char c);
    // Reads a string (next, after white space) into `out`, decoded.
    bool string(std::string& out);
    // Reads the next value: a scalar (an Integer into `integer`, a String into `text`), or
    // the opening of a container.
    Token value(std::int64_t& integer, std::string& text);
    // Skips the next value whole, checked as strictly as value() reads it; a value whose
    // objects and arrays nest deeper than kMaxDepth levels is refused (it would take the
    // stack, as a text nested 90 000 levels did).
    static constexpr int kMaxDepth = 64;
    bool skip();
    // Skips the next value, which must be an array, checking only its brackets and strings
    // (a later strict read finds what else is wrong), and counts its elements. Several
    // times faster than skip(): for a first pass that only locates the parts of a text.
    bool skipArrayCounting(std::int64_t& elements);
    // True when nothing but white space is left.
    bool atEnd();

    std::size_t offset() const { return m_at; }
    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    // Fails with `what` at the current offset (for a caller's own structural rules).
    bool fail(const std::string& what);

private:
    void whitespace();
    bool skipNested(int depth);
    bool number(std::int64_t& integer, bool& isInteger);
    bool literal(std::string_view word);
    bool hex4(unsigned& out);

    std::string_view m_text;
    std::size_t m_at = 0;
    std::string m_error;
};

} // namespace crm::jsonpull
