// The SQLite store of MLflow (mlflow.db), read through a descriptor the caller opened.
//
// SQLite opens databases by name. Even "file:/proc/self/fd/N" is resolved by SQLite to the path
// the descriptor points at and opened again by that path, so a folder swapped for a symlink in
// between would lead elsewhere. A private VFS reads the open descriptor itself (pread), refuses
// every other named file (journals, WAL) and every write, and reports the file immutable, so
// SQLite takes no lock and looks for no journal.

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "artifacts/mlflow_runs.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

constexpr const char* kVfsName = "dlcheck-fd";
constexpr const char* kNamePrefix = "dlcheck-fd-";

struct FdFile {
  sqlite3_file base;
  int fd;
};

int fd_close(sqlite3_file*) { return SQLITE_OK; }  // the caller owns the descriptor

int fd_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  const int fd = reinterpret_cast<FdFile*>(file)->fd;
  auto* bytes = static_cast<char*>(out);
  std::size_t done = 0;
  const auto wanted = static_cast<std::size_t>(amount);
  while (done < wanted) {
    const ssize_t got = ::pread(fd, bytes + done, wanted - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return SQLITE_IOERR_READ;
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  if (done == wanted) return SQLITE_OK;
  std::memset(bytes + done, 0, wanted - done);  // SQLite requires the rest zeroed
  return SQLITE_IOERR_SHORT_READ;
}

int fd_write(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_READONLY; }
int fd_truncate(sqlite3_file*, sqlite3_int64) { return SQLITE_READONLY; }
int fd_sync(sqlite3_file*, int) { return SQLITE_OK; }

int fd_file_size(sqlite3_file* file, sqlite3_int64* size) {
  struct stat info {};
  if (::fstat(reinterpret_cast<FdFile*>(file)->fd, &info) != 0) return SQLITE_IOERR_FSTAT;
  *size = static_cast<sqlite3_int64>(info.st_size);
  return SQLITE_OK;
}

int fd_lock(sqlite3_file*, int) { return SQLITE_OK; }
int fd_check_reserved_lock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}
int fd_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int fd_sector_size(sqlite3_file*) { return 4096; }
int fd_device_characteristics(sqlite3_file*) { return SQLITE_IOCAP_IMMUTABLE; }

const sqlite3_io_methods kFdMethods = {1,  // no shared memory, no mmap: an immutable file needs neither
                                       fd_close,
                                       fd_read,
                                       fd_write,
                                       fd_truncate,
                                       fd_sync,
                                       fd_file_size,
                                       fd_lock,
                                       fd_lock,
                                       fd_check_reserved_lock,
                                       fd_file_control,
                                       fd_sector_size,
                                       fd_device_characteristics,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr,
                                       nullptr};

sqlite3_vfs* base_vfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

// The main database is the descriptor named "dlcheck-fd-N"; a nameless temporary file (a large
// sort) goes to the default VFS, which deletes it on close; any other named file (a journal, a
// WAL) is refused, so none is ever read or created.
int vfs_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;
  if (name == nullptr) return base_vfs(vfs)->xOpen(base_vfs(vfs), name, file, flags, out_flags);
  const std::string_view text(name);
  if ((flags & SQLITE_OPEN_MAIN_DB) == 0 || !text.starts_with(kNamePrefix)) return SQLITE_CANTOPEN;
  const std::string_view number = text.substr(std::strlen(kNamePrefix));
  int fd = -1;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), fd);
  if (error != std::errc{} || end != number.data() + number.size() || fd < 0) return SQLITE_CANTOPEN;
  auto* opened = reinterpret_cast<FdFile*>(file);
  opened->fd = fd;
  opened->base.pMethods = &kFdMethods;
  if (out_flags != nullptr) *out_flags = SQLITE_OPEN_READONLY;
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs*, const char*, int) { return SQLITE_IOERR_DELETE; }

int vfs_access(sqlite3_vfs*, const char*, int, int* result) {
  *result = 0;  // no journal, no WAL, nothing beside the database exists for SQLite
  return SQLITE_OK;
}

int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

void* vfs_dl_open(sqlite3_vfs*, const char*) { return nullptr; }  // extensions are never loaded
void vfs_dl_error(sqlite3_vfs*, int size, char* out) { sqlite3_snprintf(size, out, "extensions are not loaded"); }
void (*vfs_dl_sym(sqlite3_vfs*, void*, const char*))(void) { return nullptr; }
void vfs_dl_close(sqlite3_vfs*, void*) {}
int vfs_randomness(sqlite3_vfs* vfs, int size, char* out) {
  return base_vfs(vfs)->xRandomness(base_vfs(vfs), size, out);
}
int vfs_sleep(sqlite3_vfs* vfs, int microseconds) { return base_vfs(vfs)->xSleep(base_vfs(vfs), microseconds); }
int vfs_current_time(sqlite3_vfs* vfs, double* now) { return base_vfs(vfs)->xCurrentTime(base_vfs(vfs), now); }
int vfs_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  return base_vfs(vfs)->xGetLastError(base_vfs(vfs), size, out);
}
int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  sqlite3_vfs* base = base_vfs(vfs);
  if (base->iVersion >= 2 && base->xCurrentTimeInt64 != nullptr) return base->xCurrentTimeInt64(base, now);
  double days = 0;
  const int rc = base->xCurrentTime(base, &days);
  *now = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}

// Registers the VFS once (not as the default); false when SQLite cannot start.
bool register_vfs() {
  static std::once_flag once;
  static bool registered = false;
  static sqlite3_vfs vfs{};
  std::call_once(once, [] {
    if (sqlite3_initialize() != SQLITE_OK) return;
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    if (base == nullptr) return;
    vfs.iVersion = 2;
    vfs.szOsFile = std::max(static_cast<int>(sizeof(FdFile)), base->szOsFile);
    vfs.mxPathname = base->mxPathname;
    vfs.zName = kVfsName;
    vfs.pAppData = base;
    vfs.xOpen = vfs_open;
    vfs.xDelete = vfs_delete;
    vfs.xAccess = vfs_access;
    vfs.xFullPathname = vfs_full_pathname;
    vfs.xDlOpen = vfs_dl_open;
    vfs.xDlError = vfs_dl_error;
    vfs.xDlSym = vfs_dl_sym;
    vfs.xDlClose = vfs_dl_close;
    vfs.xRandomness = vfs_randomness;
    vfs.xSleep = vfs_sleep;
    vfs.xCurrentTime = vfs_current_time;
    vfs.xGetLastError = vfs_get_last_error;
    vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    registered = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  });
  return registered;
}

// SQLite has one heap limit for the process: it only ever grows to the largest asked for.
void raise_heap_limit(std::int64_t wanted) {
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  const sqlite3_int64 current = sqlite3_hard_heap_limit64(-1);
  if (current == 0 || current < wanted) sqlite3_hard_heap_limit64(wanted);
}

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

struct StepBudget {
  std::uint64_t used = 0;
  std::uint64_t limit = 0;
};

// Called every 1000 instructions; a non-zero return interrupts the statement.
int count_steps(void* context) {
  auto* budget = static_cast<StepBudget*>(context);
  return ++budget->used > budget->limit ? 1 : 0;
}

MlflowError error(std::string message) {
  MlflowError result;
  result.message = std::move(message);
  return result;
}

// The message for a failed SQLite call, in dlcheck's words where the cause is the file.
MlflowError database_error(sqlite3* db, int code, const MlflowLimits& limits) {
  // SQLite's message may quote the file's own schema: hostile bytes.
  const std::string detail = printable(db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      return error("this is not an SQLite database (file is not a database)");
    case SQLITE_CORRUPT:
      return error(fmt::format("the database is corrupt ({})", detail));
    case SQLITE_INTERRUPT:
      return error(
          fmt::format("reading the database took more than {} thousand SQLite steps", limits.max_database_kilo_steps));
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return error(fmt::format("reading the database needs more memory than allowed ({})", detail));
    default:
      return error(fmt::format("cannot read the database: {}", detail));
  }
}

/// A text column of the current row; valid until the statement steps again.
std::string_view column_view(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement, column))};
}

std::string column_text(sqlite3_stmt* statement, int column) { return std::string(column_view(statement, column)); }

bool is_number(sqlite3_stmt* statement, int column) {
  const int type = sqlite3_column_type(statement, column);
  return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
}

std::variant<Database, MlflowError> open_database(int fd, StepBudget& budget, const MlflowLimits& limits) {
  if (!register_vfs()) return error("cannot start SQLite");
  raise_heap_limit(limits.max_database_heap);
  const std::string uri = fmt::format("file:{}{}?mode=ro&immutable=1", kNamePrefix, fd);
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, kVfsName);
  Database db(raw);
  if (code != SQLITE_OK) return database_error(db.get(), code, limits);
  sqlite3_extended_result_codes(db.get(), 1);
  // A hostile schema gets no say: no triggers, no views, no functions with side effects, cells checked.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, 1 << 20);
  sqlite3_limit(db.get(), SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_progress_handler(db.get(), 1000, count_steps, &budget);
  char* message = nullptr;
  const int pragmas =
      sqlite3_exec(db.get(), "PRAGMA cell_size_check=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192", nullptr,
                   nullptr, &message);
  sqlite3_free(message);
  if (pragmas != SQLITE_OK) return database_error(db.get(), pragmas, limits);
  return db;
}

std::variant<Statement, MlflowError> prepare(sqlite3* db, const char* sql, const MlflowLimits& limits) {
  sqlite3_stmt* raw = nullptr;
  const int code = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  Statement statement(raw);
  if (code == SQLITE_ERROR) return error(fmt::format("not an MLflow database: {}", printable(sqlite3_errmsg(db))));
  if (code != SQLITE_OK) return database_error(db, code, limits);
  return statement;
}

// runs and metrics must be real tables: a view could make reading them cost anything.
std::optional<MlflowError> check_tables(sqlite3* db, const MlflowLimits& limits) {
  auto prepared = prepare(db, "SELECT type FROM sqlite_master WHERE name = ?1", limits);
  if (auto* failure = std::get_if<MlflowError>(&prepared)) return std::move(*failure);
  sqlite3_stmt* statement = std::get<Statement>(prepared).get();
  for (const char* table : {"runs", "metrics"}) {
    sqlite3_reset(statement);
    sqlite3_bind_text(statement, 1, table, -1, SQLITE_STATIC);
    const int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) return error(fmt::format("not an MLflow database: it has no {} table", table));
    if (code != SQLITE_ROW) return database_error(db, code, limits);
    if (column_view(statement, 0) != "table") {
      return error(fmt::format("not an MLflow database: {} is not a table", table));
    }
  }
  return std::nullopt;
}

struct RunRows {
  std::vector<MlflowRunInfo> runs;
  std::size_t deleted = 0;
};

std::variant<RunRows, MlflowError> read_runs(sqlite3* db, const MlflowLimits& limits) {
  auto prepared = prepare(db,
                          "SELECT run_uuid, name, experiment_id, status, start_time, end_time, lifecycle_stage "
                          "FROM runs",
                          limits);
  if (auto* failure = std::get_if<MlflowError>(&prepared)) return std::move(*failure);
  sqlite3_stmt* statement = std::get<Statement>(prepared).get();
  RunRows rows;
  std::size_t seen = 0;
  while (true) {
    const int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return database_error(db, code, limits);
    if (++seen > limits.max_runs) return error(fmt::format("more than {} MLflow runs", limits.max_runs));
    if (column_view(statement, 6) == "deleted") {
      ++rows.deleted;
      continue;
    }
    MlflowRunInfo run;
    run.id = column_text(statement, 0);
    run.name = column_text(statement, 1);
    run.experiment_id = column_text(statement, 2);
    run.status = column_text(statement, 3);
    run.start_time = sqlite3_column_int64(statement, 4);
    run.end_time = sqlite3_column_int64(statement, 5);
    rows.runs.push_back(std::move(run));
  }
  return rows;
}

// MLflow stores NaN as 0 with is_nan set, and ±infinity as ±DBL_MAX (SQL has no infinity).
double stored_value(double value, bool is_nan) {
  if (is_nan) return std::numeric_limits<double>::quiet_NaN();
  if (value == DBL_MAX) return std::numeric_limits<double>::infinity();
  if (value == -DBL_MAX) return -std::numeric_limits<double>::infinity();
  return value;
}

}  // namespace

MlflowResult read_mlflow_database(int database, std::string_view requested_run, ScalarSink& sink,
                                  const MlflowLimits& limits) {
  StepBudget budget{0, limits.max_database_kilo_steps};
  auto opened = open_database(database, budget, limits);
  if (auto* failure = std::get_if<MlflowError>(&opened)) return std::move(*failure);
  sqlite3* db = std::get<Database>(opened).get();
  if (auto failure = check_tables(db, limits)) return std::move(*failure);

  auto rows = read_runs(db, limits);
  if (auto* failure = std::get_if<MlflowError>(&rows)) return std::move(*failure);
  const RunRows& runs = std::get<RunRows>(rows);
  auto chosen = detail::choose_run(runs.runs, requested_run);
  if (auto* failure = std::get_if<MlflowError>(&chosen)) {
    if (runs.runs.empty()) {
      failure->message = runs.deleted == 0 ? "no MLflow run in the database"
                                           : fmt::format("no MLflow run in the database but {} deleted", runs.deleted);
    }
    return std::move(*failure);
  }
  MlflowRead read;
  read.run = runs.runs[std::get<std::size_t>(chosen)];
  if (runs.deleted > 0) read.notes.push_back(fmt::format("{} deleted runs passed over", runs.deleted));

  auto prepared = prepare(db,
                          "SELECT key, value, is_nan, step FROM metrics WHERE run_uuid = ?1 "
                          "ORDER BY key, step, timestamp",
                          limits);
  if (auto* failure = std::get_if<MlflowError>(&prepared)) return std::move(*failure);
  sqlite3_stmt* statement = std::get<Statement>(prepared).get();
  sqlite3_bind_text(statement, 1, read.run.id.data(), static_cast<int>(read.run.id.size()), SQLITE_STATIC);
  std::string key;
  while (true) {
    const int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return database_error(db, code, limits);
    // Every metric row: viewed, not copied, and kept only when the key changes.
    const std::string_view row_key = column_view(statement, 0);
    if (!is_number(statement, 1) || !is_number(statement, 3)) {
      return error(
          fmt::format("a metrics row of key \"{}\" has a value or step that is not a number", printable(row_key)));
    }
    if (read.values == 0 || row_key != key) {
      ++read.metric_keys;
      key.assign(row_key);
    }
    const double value = stored_value(sqlite3_column_double(statement, 1), sqlite3_column_int64(statement, 2) != 0);
    sink.scalar(key, sqlite3_column_double(statement, 3), value, ScalarPlace{});
    ++read.values;
  }
  return read;
}

}  // namespace dlcheck
