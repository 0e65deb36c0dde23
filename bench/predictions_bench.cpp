// Benchmark driver: the predictions check dlcheck runs, on one file, without the evidence record.
//
//   [THREADS=N] predictions_bench PREDICTIONS.csv [TRAIN_IDS] [WATCH_ID...]
//
// Reads the file with FileLineReader and read_predictions (class labels, 10 top confusions) and
// prints the accuracy. With TRAIN_IDS (an id list), prediction ids found in it are counted as
// leakage, as dlcheck does with the train split; WATCH_IDs are looked up like listed samples.

#include <fcntl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_set>

// Built by bench/run.sh against the static library of the binary it measures; releases before the
// layered src/ kept their headers in include/dlcheck/.
#if __has_include("artifacts/predictions.hpp")
#include "artifacts/predictions.hpp"
#else
#include "dlcheck/predictions.hpp"
#endif

namespace {

int open_or_complain(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) std::fprintf(stderr, "predictions_bench: cannot open %s: %s\n", path, std::strerror(errno));
  return fd;
}

// The train ids as the reader takes them: a set over the list since ids are stored back to back
// (artifacts/id_set.hpp), a set of strings before.
#if __has_include("artifacts/id_set.hpp")
struct TrainIds {
  dlcheck::IdList list;
  std::optional<dlcheck::IdSet> set;
  void take(dlcheck::IdList&& listed) { list = std::move(listed); }
  const dlcheck::IdSet* get() { return &set.emplace(list); }
};
#else
struct TrainIds {
  std::unordered_set<std::string> set;
  void take(dlcheck::IdList&& listed) {
    set.reserve(listed.ids.size());
    for (const auto& [id, line] : listed.ids) set.insert(id);
  }
  const std::unordered_set<std::string>* get() { return &set; }
};
#endif

bool load_train_ids(const char* path, TrainIds& ids) {
  const int fd = open_or_complain(path);
  if (fd < 0) return false;
  dlcheck::FileLineReader reader(fd);
  auto list = dlcheck::read_id_list(reader);
  if (const auto* error = std::get_if<dlcheck::IdListError>(&list)) {
    std::fprintf(stderr, "predictions_bench: %s:%zu: %s\n", path, error->line, error->message.c_str());
    return false;
  }
  ids.take(std::get<dlcheck::IdList>(std::move(list)));
  return true;
}

void print_summary(const dlcheck::PredictionSummary& summary) {
  std::printf("%s, %llu rows: accuracy %.6f, %llu wrong\n", summary.format.c_str(),
              static_cast<unsigned long long>(summary.rows), summary.accuracy,
              static_cast<unsigned long long>(summary.wrong));
  if (!summary.top_confusions.empty()) {
    const auto& top = summary.top_confusions.front();
    std::printf("most confused: %s -> %s: %llu\n", top.label.c_str(), top.prediction.c_str(),
                static_cast<unsigned long long>(top.count));
  }
  for (const auto& row : summary.watched) {
    std::printf("watch %s: %s\n", row.id.c_str(), !row.found ? "not found" : row.correct ? "right" : "wrong");
  }
  if (summary.forbidden_total > 0) {
    std::printf("leakage: %llu prediction ids are train ids\n",
                static_cast<unsigned long long>(summary.forbidden_total));
  }
}

// THREADS=N in the environment: the threads for one file (0 or unset: one per core), where the
// library has the option.
template <typename Options>
void set_threads(Options& options) {
  if constexpr (requires { options.threads; }) {
    if (const char* threads = std::getenv("THREADS")) options.threads = std::strtoul(threads, nullptr, 10);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: predictions_bench PREDICTIONS.csv [TRAIN_IDS] [WATCH_ID...]\n");
    return 2;
  }
  dlcheck::PredictionOptions options;
  options.kind = dlcheck::TargetKind::class_labels;
  options.top_confusions = 10;
  TrainIds train_ids;
  if (argc >= 3) {
    if (!load_train_ids(argv[2], train_ids)) return 2;
    options.forbidden_ids = train_ids.get();
  }
  for (int i = 3; i < argc; ++i) options.watch_ids.emplace_back(argv[i]);
  set_threads(options);

  const int fd = open_or_complain(argv[1]);
  if (fd < 0) return 2;
  dlcheck::FileLineReader reader(fd);
  const auto result = dlcheck::read_predictions(reader, options);
  if (const auto* error = std::get_if<dlcheck::PredictionError>(&result)) {
    std::fprintf(stderr, "predictions_bench: %s:%zu:%zu: %s\n", argv[1], error->line, error->column,
                 error->message.c_str());
    return 1;
  }
  print_summary(std::get<dlcheck::PredictionSummary>(result));
  return 0;
}
