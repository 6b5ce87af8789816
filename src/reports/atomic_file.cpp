#include "metamc/reports/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "metamc/error.hpp"

namespace metamc {

void write_file_atomically(const std::string& path, const std::string& content) {
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw OutputError(path + ": cannot create the output file (" + std::strerror(errno) + ")");
  const std::string temporary(name.data());
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    std::remove(temporary.c_str());
    throw OutputError(path + ": " + what + " (" + reason + ")");
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the output file");
    }
    written += static_cast<std::size_t>(n);
  }
  // mkstemp creates the file with mode 0600; give it the usual mode of a new file.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) fail("cannot set the output file's permissions");
  if (::fsync(fd) != 0) fail("cannot flush the output file");
  if (::close(fd) != 0) {
    std::remove(temporary.c_str());
    throw OutputError(path + ": cannot close the output file (" + std::strerror(errno) + ")");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw OutputError(path + ": cannot replace the output file (" + reason + ")");
  }
}

}  // namespace metamc
