#pragma once
// Finding the project root and opening the files an evidence record names, safely: nothing
// outside the root is ever opened, and only regular files are read.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace dlcheck {

struct ProjectPaths {
  std::filesystem::path root;           ///< canonical project root
  std::filesystem::path evidence_dir;   ///< canonical folder of the evidence file
  bool evidence_dir_canonical = false;  ///< false only when it could not be resolved (then absolute)
  std::filesystem::path display_dir;    ///< the evidence folder as the user named it (normal; "" for "."), for messages
};

/// The root is `explicit_root` when given, else the nearest ancestor of the evidence folder
/// holding `.git`, else the evidence folder itself.
ProjectPaths locate_project(const std::filesystem::path& evidence_path,
                            const std::optional<std::filesystem::path>& explicit_root);

struct OpenedFile {
  int fd = -1;  ///< open for reading; the caller owns it
  std::uint64_t size = 0;
};

struct FileRefusal {
  std::string message;  ///< "no such file", "an absolute path is not allowed", …
};

/// Opens `declared` (relative to the evidence folder) when it is a regular file inside the root.
/// Messages name the file with display_path(paths, declared).
std::variant<OpenedFile, FileRefusal> open_project_file(const ProjectPaths& paths, std::string_view declared);

/// The path shown for `declared`: the evidence folder as named by the user, joined and normalised.
std::string display_path(const ProjectPaths& paths, std::string_view declared);

}  // namespace dlcheck
