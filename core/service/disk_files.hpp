// DiskFiles: the StorageFiles of a database that is a file on disk (the desktop window, the
// CLI): backups in `<db>.backups/` beside it (VACUUM INTO copies), a file brought in read
// where it is (or where the user chose it), a copy handed out written to a folder.
#pragma once

#include "core/service/storage_service.hpp"

#include <filesystem>
#include <functional>

namespace crm::service {

class DiskFiles final : public StorageFiles {
public:
    // `choose` asks the user for a file to bring in ("" when they give up; none: a path must
    // be given); `downloads` is where an exported copy goes.
    DiskFiles(std::string dbPath, std::function<std::string()> choose, std::filesystem::path downloads);

    Space space() override;
    std::vector<DirectoryFile> list() override;
    std::optional<std::string> read(const std::string& name) override;
    void write(const std::string& name, const std::string& text) override;
    void remove(const std::string& name) override;
    std::uint64_t copyDatabase(db::Database& db, const std::string& name) override;
    FileSource backup(const std::string& name) override;
    Result<std::optional<FileSource>> incoming(const std::string& path) override;
    std::string exportDatabase(db::Database& db, const std::string& name, std::uint64_t& bytes) override;

private:
    std::filesystem::path directory() const;

    std::string m_path;
    std::function<std::string()> m_choose;
    std::filesystem::path m_downloads;
};

} // namespace crm::service
