#include "engine/init.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "io/atomic_write.hpp"
#include "record/templates.hpp"

namespace dlcheck {
namespace fs = std::filesystem;

std::variant<InitDone, InitRefused> init_evidence(const std::string& folder, bool force) {
  std::error_code error;
  // A new folder is made one level deep, so a typo in a parent is an error rather than a tree of
  // folders. mkdir never follows a link: a dangling symlink named DIR stays "not a folder".
  if (!fs::exists(fs::symlink_status(folder, error))) {
    const fs::path parent = fs::path(folder).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, error)) {
      return InitRefused{fmt::format("cannot create {}: its parent folder {} does not exist", folder, parent.string())};
    }
    if (!fs::create_directory(folder, error) && error) {
      return InitRefused{fmt::format("cannot create {}: {}", folder, error.message())};
    }
  }
  if (!fs::is_directory(folder, error)) return InitRefused{fmt::format("{} is not a folder", folder)};
  const fs::path target = fs::path(folder) / "evidence.json";
  InitDone done{target.string(), ""};
  if (fs::exists(fs::symlink_status(target, error))) {
    if (!force) {
      return InitRefused{fmt::format("{} exists; dlcheck init never overwrites it (--force keeps a .bak copy first)",
                                     target.string())};
    }
    fs::path backup = target.string() + ".bak";
    for (int n = 2; fs::exists(fs::symlink_status(backup, error)); ++n)
      backup = fmt::format("{}.bak.{}", target.string(), n);
    fs::copy_file(target, backup, fs::copy_options::none, error);
    if (error) return InitRefused{fmt::format("cannot keep a copy of {}: {}", target.string(), error.message())};
    done.backup = backup.string();
  }
  if (auto failure = write_file_atomically(target.string(), std::string(evidence_template()))) {
    return InitRefused{*failure};
  }
  return done;
}

}  // namespace dlcheck
