#pragma once
// Finding the project root and opening the files an evidence record names, safely: nothing
// outside the root is ever opened, and only regular files are read.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "io/folder_facts.hpp"
#include "io/read_file.hpp"

namespace dlcheck {

struct ProjectPaths {
  std::filesystem::path root;          ///< canonical project root
  std::filesystem::path evidence_dir;  ///< canonical folder of the evidence file
  std::filesystem::path display_dir;   ///< the evidence folder as the user named it (normal; "" for "."), for messages
  /// The folder the user named that holds the evidence file (canonical), or empty. It and every
  /// folder above it are trusted; below it no symlink is followed to the evidence file or the root.
  std::filesystem::path anchor;
};

/// The root is `explicit_root` when given, else the nearest ancestor of the evidence folder
/// holding `.git`, else the evidence folder itself.
/// `anchor`, when given, is the folder named on the command line that the evidence file was
/// found in (or the file's own folder when the file was named).
/// `folders`, when given, answers whether a folder holds `.git`, once per folder for a whole run.
ProjectPaths locate_project(const std::filesystem::path& evidence_path,
                            const std::optional<std::filesystem::path>& explicit_root,
                            const std::optional<std::filesystem::path>& anchor = std::nullopt,
                            FolderFacts* folders = nullptr);

/// Why a named file is not opened.
struct FileRefusal {
  enum class Reason {
    bad_path,      ///< empty, absolute or holding a NUL byte
    leaves_root,   ///< `..` out of the project root
    link_outside,  ///< a symlink on the way resolves outside the root
    link_loop,     ///< more symlinks than the kernel would follow
    symlink,       ///< the evidence file itself is a symlink (open_evidence_file follows none)
    missing,       ///< no such file
    directory,     ///< a folder, not a file
    not_regular,   ///< a FIFO, socket or device
    cannot_open,   ///< another error (permission, I/O), said in the message
  } reason;
  std::string message;  ///< "no such file", "an absolute path is not allowed: …", …
};

/// Opens `declared` (relative to the evidence folder) when it is a regular file inside the
/// root. The path is resolved beneath the open root, one component at a time (by openat2 where
/// the kernel has it): no folder swapped for a symlink can lead outside, and nothing outside the
/// root is ever opened. A symlink inside the root is followed while its target stays inside.
/// Messages name the file with display_path(paths, declared).
/// With Accept::files_and_folders a folder is opened too (OpenedFile::is_folder), for reading its
/// entries with openat: a training log may be a folder (TensorBoard, MLflow).
std::variant<OpenedFile, FileRefusal> open_project_file(const ProjectPaths& paths, std::string_view declared,
                                                        Accept accept = Accept::files);

/// Opens the evidence file `name` in `paths.evidence_dir` beneath `paths.anchor`, following no
/// symlink on the way or at the end: a student folder swapped for a link cannot lead outside.
std::variant<OpenedFile, FileRefusal> open_evidence_file(const ProjectPaths& paths, std::string_view name);

/// The path shown for `declared`: the evidence folder as named by the user, joined and normalised.
std::string display_path(const ProjectPaths& paths, std::string_view declared);

namespace detail {
/// For tests: false resolves every path by the component walk, as on kernels without openat2.
void allow_openat2(bool allowed);
}  // namespace detail

}  // namespace dlcheck
