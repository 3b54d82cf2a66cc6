// The project's own sources, for tests that check facts about the code itself (every
// error reason has a message, SQL stays in the models...). Native only: the tree is
// read from CRM_SOURCE_DIR, which the wasm build under Node cannot see.
#pragma once

#if defined(CRM_SOURCE_DIR) && !defined(__EMSCRIPTEN__)
#define CRM_HAS_SOURCE_TREE 1

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace crm::test {

// Calls f(path relative to the tree, text) for every .cpp and .hpp under `folder`.
template <class F> void forEachSource(const char* folder, F&& f)
{
    namespace fs = std::filesystem;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(CRM_SOURCE_DIR) / folder)) {
        const auto ext = e.path().extension();
        if (ext != ".cpp" && ext != ".hpp")
            continue;
        std::ifstream in(e.path());
        std::stringstream s;
        s << in.rdbuf();
        f(e.path().lexically_relative(CRM_SOURCE_DIR).string(), s.str());
    }
}

} // namespace crm::test
#endif
