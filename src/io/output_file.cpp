#include "metamc/io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <vector>

#include "metamc/error.hpp"

namespace metamc {
namespace {

// A name for the temporary file beside the target: hidden, and unlikely to exist.
std::string temporary_name(const std::string& path, unsigned attempt) {
  const auto slash = path.find_last_of('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto ticks =
      static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".metamc-%d-%llx-%u", static_cast<int>(::getpid()), ticks,
                attempt);
  return directory_of(path) + "/." + base + suffix;
}

bool write_all(int fd, const char* data, std::size_t size, int& error) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

// A stream buffer over a file descriptor that remembers the first write error.
class OutputFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), buffer_(1 << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    if (error_ != 0) return false;
    const auto pending = static_cast<std::size_t>(pptr() - pbase());
    if (!write_all(fd_, pbase(), pending, error_)) return false;
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

OutputFile::OutputFile(const OutputTarget& target) : target_(target) {
  switch (target_.kind) {
    case OutputTarget::Kind::descriptor:
      fd_ = target_.descriptor;
      break;
    case OutputTarget::Kind::stream_device:
      fd_ = ::open(target_.path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) fail("cannot open", errno);
      owns_fd_ = true;
      break;
    case OutputTarget::Kind::existing_file:
    case OutputTarget::Kind::new_file:
      // An unnamed file vanishes by itself if the run dies; it gets a name only in commit().
      if (::access("/proc/self/fd", X_OK) == 0)
        fd_ = ::open(directory_of(target_.path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
      if (fd_ < 0) {
        temporary_ = temporary_name(target_.path, 0) + "XXXXXX";
        std::vector<char> name(temporary_.begin(), temporary_.end());
        name.push_back('\0');
        fd_ = ::mkstemp(name.data());
        if (fd_ < 0) {
          temporary_.clear();
          fail("cannot create a file in the directory", errno);
        }
        temporary_ = name.data();
      }
      owns_fd_ = true;
      break;
  }
  buffer_ = std::make_unique<Buffer>(fd_);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

std::ostream& OutputFile::stream() {
  return *stream_;
}

void OutputFile::fail(const std::string& what, int error) {
  throw OutputError(target_.option + " " + target_.describe() + ": " + what + " (" +
                    std::strerror(error) + ")");
}

void OutputFile::commit() {
  stream_->flush();
  if (buffer_->error() != 0 || !*stream_) fail("cannot write", buffer_->error());
  const bool regular = target_.kind == OutputTarget::Kind::existing_file ||
                       target_.kind == OutputTarget::Kind::new_file;
  if (!regular) return;

  if (target_.kind == OutputTarget::Kind::existing_file) {
    // Keep the owner where we may (root), then the permissions: a private file stays private.
    if (target_.owner != ::geteuid() || target_.group != ::getegid()) {
      if (::fchown(fd_, target_.owner, target_.group) != 0) {
        // Not permitted: the new file is ours, with the old permissions.
      }
    }
    if (::fchmod(fd_, target_.mode & 07777) != 0) fail("cannot set the permissions", errno);
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd_, 0666 & ~mask) != 0) fail("cannot set the permissions", errno);
  }
  if (::fsync(fd_) != 0) fail("cannot write", errno);

  std::string named = temporary_;
  if (named.empty()) {  // O_TMPFILE: link the unnamed file under a temporary name first
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    for (unsigned attempt = 1;; ++attempt) {
      named = temporary_name(target_.path, attempt);
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
      if (errno != EEXIST || attempt > 100) fail("cannot create the file", errno);
    }
    temporary_ = named;
  }
  if (::rename(named.c_str(), target_.path.c_str()) != 0) fail("cannot replace the file", errno);
  temporary_.clear();
  const int directory = ::open(directory_of(target_.path).c_str(), O_RDONLY | O_CLOEXEC);
  if (directory >= 0) {
    ::fsync(directory);  // the rename itself survives a crash
    ::close(directory);
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot close", errno);
}

}  // namespace metamc
