#pragma once
// An MLflow SQLite store for tests: the schema MLflow's migrations leave, and rows for it.

#include <fmt/format.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dlcheck::testing::mlflow {

// The tables of MLflow's SQLite store, with the columns its migrations leave.
constexpr const char* kMlflowSchema = R"sql(
CREATE TABLE experiments (
  experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256),
  lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT,
  CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), UNIQUE (name));
CREATE TABLE runs (
  run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500),
  entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT,
  deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200),
  experiment_id INTEGER, CONSTRAINT run_pk PRIMARY KEY (run_uuid),
  FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id));
CREATE TABLE metrics (
  key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,
  CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan),
  FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid));
CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid);
CREATE TABLE latest_metrics (
  key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL,
  is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid));
INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1700000000000, 1700000000000);
)sql";

/// Runs `sql` on a new or existing database file, failing the test on any error.
inline void run_sql(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  INFO(text);
  REQUIRE(code == SQLITE_OK);
}

inline std::string insert_run(std::string_view id, std::string_view name, std::int64_t start_time,
                              std::string_view lifecycle = "active") {
  return fmt::format(
      "INSERT INTO runs VALUES ('{0}', '{1}', 'LOCAL', '', '', 'student', 'FINISHED', {2}, {3}, NULL, "
      "'', '{4}', 'mlflow-artifacts:/0/{0}/artifacts', 0);\n",
      id, name, start_time, start_time + 1000, lifecycle);
}

inline std::string insert_metric(std::string_view run, std::string_view key, double value, std::int64_t step,
                                 std::int64_t timestamp, bool is_nan = false) {
  return fmt::format("INSERT INTO metrics VALUES ('{}', {:.17g}, {}, '{}', {}, {});\n", key, value, timestamp, run,
                     step, is_nan ? 1 : 0);
}

}  // namespace dlcheck::testing::mlflow
