// Tests for checking a large predictions file in chunks on several threads: every result must be
// the one the sequential reader gives, byte for byte.

#include <fcntl.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <functional>
#include <random>
#include <string>
#include <unordered_set>
#include <variant>

#include "artifacts/id_set.hpp"
#include "artifacts/predictions.hpp"
#include "temp_project.hpp"

using namespace dlcheck;

namespace {

constexpr std::size_t kThreads = 3;  // with 4 chunks a thread: 12 chunks

// The file through a FileLineReader, as dlcheck reads it, split from one byte on.
PredictionResult read_file(const std::string& text, std::size_t threads, PredictionOptions options = {}) {
  const testing::TempProject project;
  const auto path = project.write("predictions.csv", text);
  FileLineReader reader(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  options.threads = threads;
  options.parallel_min_bytes = 1;
  return read_predictions(reader, options);
}

// Everything in a result but the chunk count, numbers in their shortest exact form.
std::string describe(const PredictionResult& result) {
  if (const auto* error = std::get_if<PredictionError>(&result)) {
    return fmt::format("error at {}:{}: {}", error->line, error->column, error->message);
  }
  const auto& s = std::get<PredictionSummary>(result);
  std::string out =
      fmt::format("{} [{}] [{}] [{}] kind {} rows {} wrong {} accuracy {} error {} p {} r {} f1 {}\n", s.format,
                  s.id_column, s.label_column, s.prediction_column, static_cast<int>(s.kind), s.rows, s.wrong,
                  s.accuracy, s.error_rate, s.precision.value_or(-1), s.recall.value_or(-1), s.f1.value_or(-1));
  out += fmt::format("counts {} {} positive {}\n", s.class_counts.rows, s.class_counts.correct,
                     s.class_counts.positive.value_or(99));
  for (const auto& c : s.class_counts.classes) {
    out += fmt::format("class {} {} {} {} {}\n", c.label, c.true_positives, c.false_positives, c.false_negatives,
                       c.support);
  }
  for (const auto& c : s.per_class) out += fmt::format("per class {} {} {}\n", c.label, c.total, c.correct);
  for (const auto& c : s.top_confusions) out += fmt::format("confusion {} {} {}\n", c.label, c.prediction, c.count);
  out += fmt::format("sums {} {} {} mae {} mse {} rmse {}\n", s.error_sums.rows, s.error_sums.absolute_error_sum,
                     s.error_sums.squared_error_sum, s.mae, s.mse, s.rmse);
  for (const auto& w : s.watched) {
    out += fmt::format("watched {} {} {} {} {} {}\n", w.id, w.found, w.line, w.label, w.prediction, w.correct);
  }
  out += fmt::format("forbidden {}\n", s.forbidden_total);
  for (const auto& hit : s.forbidden_examples) out += fmt::format("forbidden {} {}\n", hit.id, hit.line);
  return out;
}

std::size_t chunks_of(const PredictionResult& result) {
  const auto* summary = std::get_if<PredictionSummary>(&result);
  return summary == nullptr ? 0 : summary->chunks;
}

// 400 rows of ten classes, 82 % right, wrong ones spread over all pairs; `row(n, line)` may
// change row n (1-based), as written, and `line_end` ends every line.
std::string make_file(const std::function<void(std::size_t, std::string&)>& row = {},
                      std::string_view line_end = "\n") {
  static constexpr std::array<std::string_view, 10> kLabels = {"cat",  "dog",  "automobile", "truck", "airplane",
                                                               "ship", "deer", "horse",      "bird",  "frog"};
  std::string text = fmt::format("id,label,prediction,confidence{}", line_end);
  for (std::size_t n = 1; n <= 400; ++n) {
    const std::size_t label = (n * 7) % 10;
    const std::size_t prediction = n % 11 < 2 ? (label + n % 9 + 1) % 10 : label;
    std::string line = fmt::format("img_{:08},{},{},0.{}", n, kLabels[label], kLabels[prediction], n % 97);
    if (row) row(n, line);
    text += line;
    text += line_end;
  }
  return text;
}

PredictionOptions watching() {
  static const IdList train_ids = [] {
    IdList list;
    for (const std::string_view id : {"img_00000003", "img_00000077", "img_00000140", "img_00000201", "img_00000260",
                                      "img_00000333", "img_00000390", "img_00000399", "not_a_row"}) {
      list.add(id, list.size() + 1);
    }
    return list;
  }();
  static const IdSet train(train_ids);
  PredictionOptions options;
  options.kind = TargetKind::class_labels;
  options.top_confusions = 7;  // cuts through ties
  options.watch_ids = {"img_00000399", "img_00000002", "nowhere", "img_00000150", "img_00000002", "img_00000300"};
  options.forbidden_ids = &train;
  return options;
}

// The same result on one thread and in 12 chunks on three, which it must have been read in.
void check_chunked(const std::string& text, const PredictionOptions& options = watching()) {
  const PredictionResult one = read_file(text, 1, options), several = read_file(text, kThreads, options);
  CHECK(chunks_of(one) == 1);
  CHECK(chunks_of(several) == 12);
  CHECK(describe(several) == describe(one));
  CHECK(describe(one) == describe(parse_predictions(text, options)));
}

// The same result on one thread and on three, which fell back to reading it whole.
void check_whole(const std::string& text, const PredictionOptions& options = watching()) {
  const PredictionResult one = read_file(text, 1, options), several = read_file(text, kThreads, options);
  CHECK(chunks_of(several) == chunks_of(one));
  CHECK(describe(several) == describe(one));
}

}  // namespace

TEST_CASE("prediction chunks: the same summary in 12 chunks as in one pass", "[predictions][chunks]") {
  const std::string text = make_file();
  check_chunked(text);
  const auto summary = std::get<PredictionSummary>(read_file(text, kThreads, watching()));
  // The watched rows lie in several chunks; their lines are the file's.
  REQUIRE(summary.watched.size() == 6);
  CHECK(summary.watched[0].line == 400);
  CHECK(summary.watched[1].line == 3);
  CHECK_FALSE(summary.watched[2].found);
  CHECK(summary.watched[3].line == 151);
  CHECK(summary.watched[5].line == 301);
  CHECK(summary.forbidden_total == 8);
  REQUIRE(summary.forbidden_examples.size() == 5);
  CHECK(summary.forbidden_examples[4].id == "img_00000260");
  CHECK(summary.forbidden_examples[4].line == 261);
}

TEST_CASE("prediction chunks: a repeated id is watched where it first appears", "[predictions][chunks]") {
  const std::string text = make_file([](std::size_t n, std::string& line) {
    if (n == 350) line = "img_00000150,frog,frog,0.9";
  });
  check_chunked(text);
}

TEST_CASE("prediction chunks: CRLF line endings and a byte-order mark", "[predictions][chunks]") {
  check_chunked("\xEF\xBB\xBF" + make_file({}, "\r\n"));
  // A row that starts with the mark keeps it: only line 1 of the file loses it.
  check_chunked(make_file([](std::size_t n, std::string& line) {
    if (n % 33 == 0) line = "\xEF\xBB\xBF" + line;
  }));
}

TEST_CASE("prediction chunks: blank lines anywhere, and no newline at the end", "[predictions][chunks]") {
  std::string text = "\n  \n" + make_file([](std::size_t n, std::string& line) {
                       if (n % 3 == 0) line += "\n";
                       if (n % 5 == 0) line += "\r\n \t\n";
                     });
  check_chunked(text);
  text.pop_back();
  check_chunked(text);
}

TEST_CASE("prediction chunks: integer labels with the kind undecided", "[predictions][chunks]") {
  PredictionOptions options = watching();
  options.kind.reset();
  const std::string text = make_file([](std::size_t n, std::string& line) {
    line = fmt::format("img_{:08},{},{},0.5", n, n % 4, n % 5 == 0 ? 1 : n % 4);
  });
  check_chunked(text, options);
  CHECK(std::get<PredictionSummary>(read_file(text, kThreads, options)).kind == TargetKind::class_labels);
}

TEST_CASE("prediction chunks: the first error in the file, wherever the chunks lie", "[predictions][chunks]") {
  const auto empty_label_at = [](std::size_t row) {
    return [row](std::size_t n, std::string& line) {
      if (n == row) line = fmt::format("img_{:08},,cat,0.5", n);
    };
  };
  check_whole(make_file(empty_label_at(350)));
  const auto late = read_file(make_file(empty_label_at(350)), kThreads, watching());
  REQUIRE(std::holds_alternative<PredictionError>(late));
  CHECK(std::get<PredictionError>(late).message == "empty label in column \"label\"");
  CHECK(std::get<PredictionError>(late).line == 351);
  CHECK(std::get<PredictionError>(late).column == 14);

  // An earlier error in an earlier chunk wins.
  const std::string two = make_file([](std::size_t n, std::string& line) {
    if (n == 40) line += ",extra";
    if (n == 350) line = "img_00000350,,cat,0.5";
  });
  check_whole(two);
  const auto early = read_file(two, kThreads, watching());
  REQUIRE(std::holds_alternative<PredictionError>(early));
  CHECK(std::get<PredictionError>(early).message == "row has 5 fields, but the header has 4");
  CHECK(std::get<PredictionError>(early).line == 41);
}

TEST_CASE("prediction chunks: a line over the limit is reported with its line in the file", "[predictions][chunks]") {
  const std::string text = make_file([](std::size_t n, std::string& line) {
    if (n == 300) line += std::string(2 << 20, 'x');
  });
  check_whole(text);
  const auto result = read_file(text, kThreads, watching());
  REQUIRE(std::holds_alternative<PredictionError>(result));
  CHECK(std::get<PredictionError>(result).message ==
        "line 301 is longer than the limit of 1048576 bytes (--max-line-length)");
}

TEST_CASE("prediction chunks: a file with a quote is read in one pass", "[predictions][chunks]") {
  // A quoted field may hold a line break, so the lines cannot be cut apart.
  const std::string text = make_file([](std::size_t n, std::string& line) {
    if (n == 380) line = "\"img_00000380\nsecond line\",cat,\"dog\",0.5";
  });
  CHECK(chunks_of(read_file(text, kThreads, watching())) == 1);
  check_whole(text);
  const std::string quoted_header = "\"id\",label,prediction,confidence\n" + make_file().substr(31);
  CHECK(chunks_of(read_file(quoted_header, kThreads, watching())) == 1);
  check_whole(quoted_header);
}

TEST_CASE("prediction chunks: numeric targets and JSON Lines are read in one pass", "[predictions][chunks]") {
  PredictionOptions options = watching();
  options.kind.reset();
  // A fraction in a late chunk makes the targets numeric, whose sums are added in file order.
  const std::string numbers = make_file([](std::size_t n, std::string& line) {
    line = fmt::format("img_{:08},{},{},0.5", n, n % 4, n == 390 ? "2.5" : std::to_string(n % 3));
  });
  CHECK(chunks_of(read_file(numbers, kThreads, options)) == 1);
  check_whole(numbers, options);
  options.kind = TargetKind::numeric;
  CHECK(chunks_of(read_file(numbers, kThreads, options)) == 1);

  std::string lines;
  for (int n = 0; n < 300; ++n)
    lines += fmt::format("{{\"id\": \"x{}\", \"label\": \"a\", \"prediction\": \"b\"}}\n", n);
  CHECK(chunks_of(read_file(lines, kThreads, watching())) == 1);
  check_whole(lines);
}

TEST_CASE("prediction chunks: a file under the size from which it is split is read in one pass",
          "[predictions][chunks]") {
  const std::string text = make_file();
  PredictionOptions options = watching();
  options.threads = kThreads;
  options.parallel_min_bytes = text.size() + 1;
  const testing::TempProject project;
  FileLineReader reader(::open(project.write("p.csv", text).c_str(), O_RDONLY | O_CLOEXEC));
  CHECK(chunks_of(read_predictions(reader, options)) == 1);
}

TEST_CASE("prediction chunks: a header alone and no rows", "[predictions][chunks]") {
  check_whole("id,label,prediction\n\n\n");
  const auto result = read_file("id,label,prediction\n\n\n", kThreads, watching());
  REQUIRE(std::holds_alternative<PredictionError>(result));
  CHECK(std::get<PredictionError>(result).message == "no rows after the header");
}

TEST_CASE("prediction chunks: more labels in all than --max-labels, though not in any chunk", "[predictions][chunks]") {
  // Ten classes, each chunk sees all of them; an eleventh label late in the file makes 11 in
  // all. With a limit of 10 no chunk goes over, the merge does, and one pass says where.
  const std::string text = make_file([](std::size_t n, std::string& row) {
    if (n == 390) row = "img_00000390,zebra,cat,0.5";
  });
  PredictionOptions options = watching();
  options.max_labels = 10;
  check_whole(text, options);
  const PredictionResult one = read_file(text, 1, options);
  REQUIRE(std::holds_alternative<PredictionError>(one));
  CHECK(describe(one) ==
        "error at 391:14: more than 10 distinct labels and predictions (--max-labels); is the label column "
        "\"label\" a class?");
}

TEST_CASE("predictions: rows counted by (label, prediction) pair count as rows counted by label", "[predictions]") {
  // Plain rows are counted by pair; the same rows with quoted labels go through CsvReader and are
  // counted by label. Labels of up to 16 bytes and longer, booleans in several spellings,
  // numbers written two ways, and enough classes for more than the 4,096 pairs the table holds.
  std::mt19937 random(20240603);
  std::vector<std::string> few = {"cat",  "dog", "automobile", "sixteen_bytes_xx", "seventeen_bytes_x", "True", "true",
                                  "TRUE", "1",   "1.0"};
  std::vector<std::string> whole = few;  // without 1.0, which makes undecided targets numeric
  whole.back() = "2";
  std::vector<std::string> many;
  for (int i = 0; i < 100; ++i) many.push_back(fmt::format("class_{:03}{}", i, std::string(i % 15, 'x')));
  for (const auto* labels : {&few, &whole, &many}) {
    for (const bool classes : {true, false}) {
      std::string plain = "id,label,prediction\n", quoted = plain;
      const std::size_t wrong_in_10 = labels == &many ? 9 : 3;  // many: about 6,600 pairs
      for (std::size_t n = 1; n <= 12000; ++n) {
        const std::string& label = (*labels)[random() % labels->size()];
        const std::string& prediction = random() % 10 < wrong_in_10 ? (*labels)[random() % labels->size()] : label;
        plain += fmt::format("img_{},{},{}\n", n, label, prediction);
        quoted += fmt::format("img_{},\"{}\",\"{}\"\n", n, label, prediction);
      }
      PredictionOptions options;
      if (classes) options.kind = TargetKind::class_labels;
      options.top_confusions = 50;
      INFO((labels == &few     ? "few"
            : labels == &whole ? "whole"
                               : "many")
           << " labels, kind " << (classes ? "classes" : "undecided"));
      CHECK(describe(parse_predictions(plain, options)) == describe(parse_predictions(quoted, options)));
    }
  }
}
