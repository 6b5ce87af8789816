#include "metamc/system_memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "metamc/text.hpp"

namespace metamc {
namespace {

// A number read from a one-line file such as /sys/fs/cgroup/memory.max ("max" = no limit).
double read_bytes(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::numeric_limits<double>::infinity();
  const ParsedNumber n = parse_number(text);
  return n.status == ParsedNumber::Status::ok ? n.value : std::numeric_limits<double>::infinity();
}

double meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    double kib = 0;
    if (fields >> name >> kib && name == "MemAvailable:") return kib * 1024;
  }
  const long pages = ::sysconf(_SC_AVPHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page)
                               : std::numeric_limits<double>::infinity();
}

}  // namespace

double available_memory_bytes() {
  double available = meminfo_available();
  const double limit = read_bytes("/sys/fs/cgroup/memory.max");  // cgroup v2
  const double used = read_bytes("/sys/fs/cgroup/memory.current");
  if (limit < std::numeric_limits<double>::infinity())
    available = std::min(available, limit - (used < limit ? used : 0));
  if (const char* cap = std::getenv("METAMC_MEMORY_LIMIT")) {
    const ParsedNumber n = parse_number(cap);
    if (n.status == ParsedNumber::Status::ok) available = std::min(available, n.value);
  }
  return std::max(0.0, available);
}

void reuse_freed_memory() {
  // 32 MiB is the largest threshold glibc accepts; freed memory at the top of the heap is
  // returned to the system only beyond 512 MiB.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) bytes /= 1024, ++u;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buffer;
}

}  // namespace metamc
