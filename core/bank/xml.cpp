#include "core/bank/xml.hpp"

#include "core/util/crypto.hpp"
#include "core/util/text.hpp"

#include <expat.h>

#include <cstring>
#include <memory>

namespace crm::bank {

const XmlNode* XmlNode::child(std::string_view n) const
{
    for (const auto& c : children)
        if (c.name == n)
            return &c;
    return nullptr;
}

std::vector<const XmlNode*> XmlNode::all(std::string_view n) const
{
    std::vector<const XmlNode*> out;
    for (const auto& c : children)
        if (c.name == n)
            out.push_back(&c);
    return out;
}

const XmlNode* XmlNode::at(std::initializer_list<std::string_view> path) const
{
    const XmlNode* n = this;
    for (auto p : path)
        if (!(n = n->child(p)))
            return nullptr;
    return n;
}

std::string XmlNode::textAt(std::initializer_list<std::string_view> path) const
{
    const XmlNode* n = at(path);
    return n ? n->text : std::string();
}

std::string XmlNode::attribute(std::string_view n) const
{
    for (const auto& [k, v] : attributes)
        if (k == n)
            return v;
    return {};
}

namespace {

constexpr char kSeparator = '\x01'; // between a namespace URI and a local name (expat's NS mode)

struct Builder {
    XML_Parser parser = nullptr;
    std::vector<XmlNode> open; // the elements started and not yet ended, outermost first
    XmlNode root;
    bool hasRoot = false;
    int maxDepth = 64;
    std::optional<XmlError> error;

    void stop(std::string message)
    {
        if (!error)
            error = XmlError{static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser)),
                static_cast<std::int64_t>(XML_GetCurrentColumnNumber(parser)) + 1, std::move(message)};
        XML_StopParser(parser, XML_FALSE);
    }
};

void splitName(const char* full, std::string& ns, std::string& local)
{
    const char* cut = std::strchr(full, kSeparator);
    if (cut) {
        ns.assign(full, cut);
        local.assign(cut + 1);
    } else {
        ns.clear();
        local.assign(full);
    }
}

void XMLCALL onStart(void* data, const XML_Char* name, const XML_Char** attributes)
{
    auto& b = *static_cast<Builder*>(data);
    if (static_cast<int>(b.open.size()) >= b.maxDepth) {
        b.stop("elements nested deeper than " + std::to_string(b.maxDepth));
        return;
    }
    XmlNode n;
    splitName(name, n.ns, n.name);
    n.line = static_cast<std::int64_t>(XML_GetCurrentLineNumber(b.parser));
    for (int k = 0; attributes[k]; k += 2) {
        std::string ns, local;
        splitName(attributes[k], ns, local);
        n.attributes.emplace_back(std::move(local), attributes[k + 1]);
    }
    b.open.push_back(std::move(n));
}

void XMLCALL onEnd(void* data, const XML_Char*)
{
    auto& b = *static_cast<Builder*>(data);
    XmlNode n = std::move(b.open.back());
    b.open.pop_back();
    n.text = text::trim(n.text);
    if (b.open.empty()) {
        b.root = std::move(n);
        b.hasRoot = true;
    } else
        b.open.back().children.push_back(std::move(n));
}

void XMLCALL onText(void* data, const XML_Char* s, int len)
{
    auto& b = *static_cast<Builder*>(data);
    if (!b.open.empty())
        b.open.back().text.append(s, static_cast<std::size_t>(len));
}

void XMLCALL onDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int)
{
    static_cast<Builder*>(data)->stop("a document type declaration (DTD): a bank statement has none");
}

} // namespace

XmlDocument parseXml(std::string_view text, int maxDepth)
{
    XmlDocument out;
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(
        XML_ParserCreateNS(nullptr, kSeparator), XML_ParserFree);
    if (!parser) {
        out.error = XmlError{0, 0, "out of memory"};
        return out;
    }
    // The hash tables' salt from libsodium's random bytes (expat's own entropy may be poor
    // in a browser).
    const std::string token = crypto::randomToken();
    unsigned long salt = 0;
    for (char c : token)
        salt = salt * 131 + static_cast<unsigned char>(c);
    XML_SetHashSalt(parser.get(), salt);
    Builder b;
    b.parser = parser.get();
    b.maxDepth = maxDepth;
    XML_SetUserData(parser.get(), &b);
    XML_SetElementHandler(parser.get(), onStart, onEnd);
    XML_SetCharacterDataHandler(parser.get(), onText);
    XML_SetStartDoctypeDeclHandler(parser.get(), onDoctype);
    // Fed in slices: expat takes an int length.
    constexpr std::size_t kSlice = std::size_t{1} << 24;
    std::size_t at = 0;
    bool ok = true;
    do {
        const std::size_t n = std::min(kSlice, text.size() - at);
        const bool last = at + n == text.size();
        ok = XML_Parse(parser.get(), text.data() + at, static_cast<int>(n), last ? XML_TRUE : XML_FALSE)
            == XML_STATUS_OK;
        at += n;
    } while (ok && at < text.size());
    if (b.error)
        out.error = b.error;
    else if (!ok)
        out.error = XmlError{static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser.get())),
            static_cast<std::int64_t>(XML_GetCurrentColumnNumber(parser.get())) + 1,
            XML_ErrorString(XML_GetErrorCode(parser.get()))};
    else if (!b.hasRoot)
        out.error = XmlError{1, 1, "no element"};
    else
        out.root = std::move(b.root);
    return out;
}

} // namespace crm::bank
