#include "metamc/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "metamc/text.hpp"

namespace metamc {
namespace {

void write_stderr(const std::string& text) {
  const ssize_t n = ::write(2, text.data(), text.size());
  (void)n;  // a progress line that cannot be written is not worth an error
}

std::string duration(double seconds) {
  if (seconds < 60) return fixed(seconds, 0) + " s";
  if (seconds < 3600) return fixed(seconds / 60, 1) + " min";
  return fixed(seconds / 3600, 1) + " h";
}

}  // namespace

Progress::Progress(bool enabled) : enabled_(enabled && ::isatty(2) == 1) {
  if (const char* after = std::getenv("METAMC_PROGRESS_AFTER")) {
    const ParsedNumber n = parse_number(after);
    if (n.status == ParsedNumber::Status::ok) delay_ = n.value;
  }
  if (enabled_) thread_ = std::thread([this] { run(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (shown_) write_stderr("\r\033[K");
}

void Progress::stage(const std::string& what, double total, const std::string& unit) {
  const std::lock_guard<std::mutex> lock(mutex_);
  what_ = what;
  unit_ = unit;
  stage_start_ = std::chrono::steady_clock::now();
  done_ = 0;
  total_ = total;
}

void Progress::run() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start).count();
    if (elapsed >= delay_ && total_ > 0)
      draw(elapsed, std::chrono::duration<double>(now - stage_start_).count());
  }
}

void Progress::draw(double elapsed, double stage_elapsed) {
  const double fraction = std::min(1.0, static_cast<double>(done_.load()) / total_);
  std::string line = "\rmetamc: " + what_ + " " + fixed(100 * fraction, 0) + "%, " +
                     duration(elapsed) + " elapsed";
  if (!unit_.empty() && stage_elapsed > 0)
    line +=
        ", " + significant(static_cast<double>(done_.load()) / stage_elapsed) + " " + unit_ + "/s";
  if (fraction > 0.01)
    line += ", about " + duration(stage_elapsed * (1 - fraction) / fraction) + " left";
  write_stderr(line + "\033[K");
  shown_ = true;
}

}  // namespace metamc
