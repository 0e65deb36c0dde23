// Benchmark driver: the TensorBoard event-file reader dlcheck runs, on one file, without a record.
//
//   read_events FILE
//
// Reads FILE through read_event_file (both CRCs of every record, the Event decoder) with a sink
// that counts the scalars and keeps the last value of `train/loss` and `val/loss`, and prints the
// counts in the form bench/tensorboard/gen_events.py prints them, for the bench to compare.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <variant>

#include "artifacts/tensorboard_events.hpp"

namespace {

class CountingSink : public dlcheck::ScalarSink {
 public:
  void scalar(std::string_view tag, double, double value, const dlcheck::ScalarPlace&) override {
    ++scalars;
    if (tag == "train/loss") {
      ++train_points;
      train_last = value;
    } else if (tag == "val/loss") {
      ++val_points;
      val_last = value;
    }
  }
  unsigned long long scalars = 0, train_points = 0, val_points = 0;
  double train_last = 0, val_last = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: read_events FILE\n");
    return 2;
  }
  const int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "read_events: cannot open %s: %s\n", argv[1], std::strerror(errno));
    return 2;
  }
  CountingSink sink;
  const auto result = dlcheck::read_event_file(fd, sink);
  ::close(fd);
  if (const auto* error = std::get_if<dlcheck::EventFileError>(&result)) {
    std::fprintf(stderr, "read_events: %s: %s\n", argv[1], error->message.c_str());
    return 1;
  }
  const auto& summary = std::get<dlcheck::EventFileSummary>(result);
  std::printf("records %llu, scalars %llu, train/loss %llu points, last %.6g, val/loss %llu points, last %.6g%s\n",
              static_cast<unsigned long long>(summary.records), sink.scalars, sink.train_points, sink.train_last,
              sink.val_points, sink.val_last, summary.truncated_tail ? ", truncated tail" : "");
  return 0;
}
