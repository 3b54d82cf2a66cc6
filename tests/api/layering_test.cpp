// The layering of ARCHITECTURE.md, read from the sources: SQL only in the models (and
// the bulk test-data generator), no command file over 400 lines, the interface never
// including the core (but the in-process transport of the composition roots), the core
// never including the interface.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#if defined(CRM_SOURCE_DIR) && !defined(__EMSCRIPTEN__)
namespace {

namespace fs = std::filesystem;

template <class F> void eachSource(const char* folder, F&& f)
{
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

} // namespace

TEST_CASE("layering: SQL lives in the models")
{
    int files = 0;
    for (const char* folder : {"core/api", "core/service"})
        eachSource(folder, [&](const std::string& path, const std::string& text) {
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
    eachSource("core/api", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        CHECK(std::count(text.begin(), text.end(), '\n') <= 400);
    });
}

TEST_CASE("layering: the interface talks to the core in JSON only; the core knows no interface")
{
    eachSource("app", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        const bool compositionRoot = path == "app/inprocess_transport.hpp" || path == "app/main_desktop.cpp";
        if (!compositionRoot)
            CHECK(text.find("#include \"core/") == std::string::npos);
    });
    eachSource("core", [&](const std::string& path, const std::string& text) {
        CAPTURE(path);
        CHECK(text.find("imgui") == std::string::npos);
        CHECK(text.find("#include \"app/") == std::string::npos);
        CHECK(text.find("emscripten") == std::string::npos);
    });
}
#endif
