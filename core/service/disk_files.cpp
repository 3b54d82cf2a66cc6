#include "core/service/disk_files.hpp"

#include "core/db/backup.hpp"

#include <fstream>
#include <sstream>

namespace crm::service {

namespace fs = std::filesystem;

DiskFiles::DiskFiles(std::string dbPath, std::function<std::string()> choose, fs::path downloads)
    : m_path(std::move(dbPath)),
      m_choose(std::move(choose)),
      m_downloads(std::move(downloads))
{
}

fs::path DiskFiles::directory() const
{
    fs::path dir = m_path + ".backups";
    fs::create_directories(dir);
    return dir;
}

StorageFiles::Space DiskFiles::space()
{
    Space s;
    s.where = "disk";
    s.file = m_path;
    std::error_code none;
    s.usage = fs::exists(m_path, none) ? fs::file_size(m_path) : 0;
    for (const auto& f : list())
        s.usage += f.bytes;
    s.quota = s.usage + fs::space(fs::absolute(m_path).parent_path()).available;
    s.persisted = true;
    return s;
}

std::vector<DirectoryFile> DiskFiles::list()
{
    std::vector<DirectoryFile> out;
    for (const auto& entry : fs::directory_iterator(directory()))
        if (entry.is_regular_file())
            out.push_back({entry.path().filename().string(), entry.file_size()});
    return out;
}

std::optional<std::string> DiskFiles::read(const std::string& name)
{
    std::ifstream in(directory() / name, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void DiskFiles::write(const std::string& name, const std::string& text)
{
    // Written beside, then renamed over: a crash leaves the old settings or the new.
    const fs::path target = directory() / name;
    const fs::path part = directory() / (name + ".part");
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush())
            throw std::runtime_error("cannot write " + part.string());
    }
    fs::rename(part, target);
}

void DiskFiles::remove(const std::string& name)
{
    fs::remove(directory() / name);
}

std::uint64_t DiskFiles::copyDatabase(db::Database& db, const std::string& name)
{
    const fs::path target = directory() / name;
    db::copyTo(db, target.string());
    return fs::file_size(target);
}

FileSource DiskFiles::backup(const std::string& name)
{
    return {(directory() / name).string(), {}};
}

Result<std::optional<FileSource>> DiskFiles::incoming(const std::string& path)
{
    std::string chosen = path;
    if (chosen.empty() && m_choose)
        chosen = m_choose();
    if (chosen.empty())
        return std::optional<FileSource>{};
    return std::optional<FileSource>{FileSource{chosen, {}}};
}

std::string DiskFiles::exportDatabase(db::Database& db, const std::string& name, std::uint64_t& bytes)
{
    // crm-recouvrement-2026-12-07.sqlite, then "… (2).sqlite" when that one is taken.
    const std::string stem = name.substr(0, name.rfind('.'));
    fs::create_directories(m_downloads);
    fs::path target = m_downloads / name;
    for (int n = 2; fs::exists(target); ++n)
        target = m_downloads / (stem + " (" + std::to_string(n) + ").sqlite");
    db::copyTo(db, target.string());
    bytes = fs::file_size(target);
    return target.string();
}

} // namespace crm::service
