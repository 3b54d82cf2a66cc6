// The layering of ARCHITECTURE.md, read from the sources: SQL only in the models (and
// the bulk test-data generator), no command file over 400 lines, the interface never
// including the core (but the in-process transport of the composition roots), the core
// never including the interface.
#include "tests/source_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#ifdef CRM_HAS_SOURCE_TREE
using crm::test::forEachSource;

TEST_CASE("layering: SQL lives in the models")
{
    int files = 0;
    for (const char* folder : {"core/api", "core/service"})
        forEachSource(folder, [&](const std::string& path, const std::string& text) {
            CAPTURE(path);
            ++files;
            CHECK(text.find("db::Statement") == std::string::npos);
            CHECK(text.find("sqlite3") == std::string::npos);
            CHECK(text.find(".exec(") == std::string::npos);
        });
    CHECK(files > 20);
}

TEST_CASE("layering: no file of the command API exceeds 400 lines")
{
    forEachSource("core/api", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        CHECK(std::count(text.begin(), text.end(), '\n') <= 400);
    });
}

TEST_CASE("layering: the interface talks to the core in JSON only; the core knows no interface")
{
    // The desktop program (desktop/: its entry, the core in-process, its file storage) owns
    // both the interface and the core, as the browser's worker and page do between them;
    // the interface itself (app/) never includes the core.
    forEachSource("app", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        // The shared pieces: the human formats (1 234,56 €, 24/11/2026), pure text
        // functions the letters and the screens must write alike, and the calendar's
        // arithmetic on ISO dates (a day, a month before: the dashboard's periods).
        std::string rest = text;
        for (const char* shared : {"#include \"core/util/format.hpp\"", "#include \"core/util/time.hpp\""})
            for (auto at = rest.find(shared); at != std::string::npos; at = rest.find(shared))
                rest.erase(at, 10);
        CHECK(rest.find("#include \"core/") == std::string::npos);
    });
    forEachSource("core", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        CHECK(text.find("imgui") == std::string::npos);
        CHECK(text.find("#include \"app/") == std::string::npos);
        CHECK(text.find("emscripten") == std::string::npos);
    });
}
#endif
