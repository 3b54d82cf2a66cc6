// A small XML tree read with expat (Debian's libexpat; built for WebAssembly by tools/setup),
// for the bank statement formats: elements by local name (the namespace kept apart: CAMT's
// versions differ by their namespace only), their attributes and text, and the line each
// starts on. A statement has no DTD: one (and so any entity declaration, the way to the
// "billion laughs") is refused, as are documents nested deeper than `maxDepth`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::bank {

struct XmlNode {
    std::string name;      // the local name
    std::string ns;        // the namespace URI (empty: none)
    std::string text;      // the character data directly inside, white space trimmed at both ends
    std::int64_t line = 0; // where the start tag is
    std::vector<std::pair<std::string, std::string>> attributes; // local name -> value
    std::vector<XmlNode> children;

    // The first child named `name`, or null.
    const XmlNode* child(std::string_view name) const;
    // Every child named `name`, in order.
    std::vector<const XmlNode*> all(std::string_view name) const;
    // Down a path of first children (`at({"Bal", "Amt"})`), or null.
    const XmlNode* at(std::initializer_list<std::string_view> path) const;
    // The text down a path, empty when the path is not there.
    std::string textAt(std::initializer_list<std::string_view> path) const;
    std::string attribute(std::string_view name) const;
};

struct XmlError {
    std::int64_t line = 0, column = 0;
    std::string message;
};

struct XmlDocument {
    XmlNode root; // the document element
    std::optional<XmlError> error;
};

XmlDocument parseXml(std::string_view text, int maxDepth = 64);

} // namespace crm::bank
