#pragma once
// Opening a path found by listing a folder (a run folder, a log file below the folder a record
// names) again, one component at a time beneath the open folder, following no symlink: a folder
// swapped for a link since it was listed cannot lead anywhere else.

#include <string>
#include <string_view>
#include <variant>

#include "io/read_file.hpp"

namespace dlcheck {

/// What the last component of the path may be.
enum class BelowLast {
  folder,  ///< a folder, as every component before it
  any,     ///< anything but a symlink (a file, a folder, a FIFO opened without blocking)
};

/// Why open_below stopped.
struct BelowRefusal {
  enum class Reason {
    bad_component,  ///< an empty component, "." or "..": only names listed below the folder are accepted
    symlink,        ///< a component is a symlink
    not_folder,     ///< a component before the last, or the last with BelowLast::folder, is not a folder
    cannot_open,    ///< another error (missing, permission), in `error`
  } reason;
  int error = 0;     ///< the errno this stands for: ELOOP for a symlink, ENOTDIR, EINVAL for a bad component
  std::string path;  ///< the components up to the one refused ("a/b"); "" for the folder itself
};

/// Opens `relative` (components separated by '/') beneath the open folder `folder`, one
/// component at a time, following no symlink. An empty path opens the folder itself (O_PATH).
std::variant<FileDescriptor, BelowRefusal> open_below(int folder, std::string_view relative, BelowLast last);

}  // namespace dlcheck
