#include "metamc/io/output_target.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "metamc/error.hpp"

namespace metamc {
namespace {

constexpr int kMaxLinks = 40;  // as the kernel's limit on symbolic links in one lookup

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The descriptor that names like "/dev/stdout" or "/proc/self/fd/3" stand for: writing to
// them by name would reopen (and, renamed over, destroy) whatever the descriptor points at.
std::optional<int> descriptor_alias(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string p(prefix);
    if (path.compare(0, p.size(), p) != 0 || path.size() == p.size()) continue;
    const std::string number = path.substr(p.size());
    if (number.find_first_not_of("0123456789") != std::string::npos || number.size() > 6)
      return std::nullopt;
    return std::atoi(number.c_str());
  }
  return std::nullopt;
}

std::string octal_mode(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

[[noreturn]] void refuse(const std::string& option, const std::string& given,
                         const std::string& why) {
  throw OutputError(option + " " + given + ": " + why);
}

// Follows symbolic links to the path that will be written. A dangling link names the file to
// create.
std::string follow_links(const std::string& option, const std::string& given) {
  std::string path = given;
  for (int hops = 0; hops < kMaxLinks; ++hops) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    std::string target(static_cast<std::size_t>(PATH_MAX), '\0');
    const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n < 0)
      refuse(option, given, std::string("cannot read the link (") + std::strerror(errno) + ")");
    target.resize(static_cast<std::size_t>(n));
    path = target.front() == '/' ? target : directory_of(path) + "/" + target;
  }
  refuse(option, given, "too many levels of symbolic links");
}

void require_writable_directory(const std::string& option, const std::string& given,
                                const std::string& directory) {
  struct stat st {};
  if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    refuse(option, given, "no such directory '" + directory + "'");
  if (::access(directory.c_str(), W_OK | X_OK) != 0)
    refuse(option, given,
           "cannot write in the directory '" + directory + "' (" + std::strerror(errno) + ")");
}

void set_identity(OutputTarget& t, const struct stat& st) {
  t.device = st.st_dev;
  t.inode = st.st_ino;
  t.mode = st.st_mode;
  t.owner = st.st_uid;
  t.group = st.st_gid;
  t.links = st.st_nlink;
}

bool same_file(const OutputTarget& a, const OutputTarget& b) {
  if (a.kind == OutputTarget::Kind::new_file || b.kind == OutputTarget::Kind::new_file)
    return a.kind == b.kind && a.path == b.path;
  return a.inode != 0 && a.device == b.device && a.inode == b.inode;
}

}  // namespace

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string OutputTarget::describe() const {
  if (kind == Kind::descriptor && descriptor == 1) return "standard output";
  return given;
}

void prepare_output_directory(const std::string& given, const std::string& option, bool create) {
  if (given.empty()) refuse(option, "''", "an empty directory name");
  std::string path = given;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) refuse(option, given, std::strerror(errno));
    require_writable_directory(option, given, directory_of(path));
    if (create && ::mkdir(path.c_str(), 0777) != 0)
      refuse(option, given,
             std::string("cannot create the directory (") + std::strerror(errno) + ")");
    return;
  }
  if (!S_ISDIR(st.st_mode)) refuse(option, given, "is not a directory");
  require_writable_directory(option, given, path);
}

OutputTarget standard_output(const std::string& option) {
  OutputTarget t;
  t.option = option;
  t.given = "-";
  t.kind = OutputTarget::Kind::descriptor;
  t.descriptor = 1;
  struct stat st {};
  if (::fstat(1, &st) == 0) set_identity(t, st);
  return t;
}

OutputTarget resolve_output(const std::string& given, const std::string& option, bool force) {
  if (given.empty()) refuse(option, "''", "an empty file name");
  if (const auto fd = descriptor_alias(given)) {
    OutputTarget t = standard_output(option);
    t.given = given;
    t.descriptor = *fd;
    struct stat st {};
    if (::fstat(*fd, &st) != 0)
      refuse(option, given, "descriptor " + std::to_string(*fd) + " is not open");
    set_identity(t, st);
    return t;
  }
  if (given.back() == '/') refuse(option, given, "is a directory");

  OutputTarget t;
  t.option = option;
  t.given = given;
  t.path = follow_links(option, given);
  struct stat st {};
  if (::stat(t.path.c_str(), &st) != 0) {
    if (errno != ENOENT) refuse(option, given, std::strerror(errno));
    const std::string directory = directory_of(t.path);
    require_writable_directory(option, given, directory);
    // New files are compared by their canonical path: the directory's, plus the name.
    char canonical[PATH_MAX];
    if (::realpath(directory.c_str(), canonical) != nullptr)
      t.path = std::string(canonical) + "/" + base_of(t.path);
    t.kind = OutputTarget::Kind::new_file;
    return t;
  }
  set_identity(t, st);
  if (S_ISDIR(st.st_mode)) refuse(option, given, "is a directory");
  if (S_ISBLK(st.st_mode))
    refuse(option, given, "is a block device (a disk); metamc will not write to it");
  if (S_ISSOCK(st.st_mode)) refuse(option, given, "is a socket");
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
    if (::access(t.path.c_str(), W_OK) != 0) refuse(option, given, std::strerror(errno));
    t.kind = OutputTarget::Kind::stream_device;
    return t;
  }
  t.kind = OutputTarget::Kind::existing_file;
  // Root may write anything; a file without write permission is still meant to stay as it is.
  const bool read_only = (st.st_mode & 0222) == 0;
  if (::access(t.path.c_str(), W_OK) != 0 || read_only) {
    if (errno == EROFS) refuse(option, given, "is on a read-only file system");
    if (!force)
      refuse(option, given,
             read_only ? "the file is read-only (mode " + octal_mode(st.st_mode) +
                             "); give --force to replace it"
                       : std::string("this user may not write the file (") + std::strerror(errno) +
                             "); give --force to replace it");
  }
  require_writable_directory(option, given, directory_of(t.path));
  return t;
}

void check_distinct_outputs(const std::vector<std::string>& inputs,
                            const std::vector<OutputTarget>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputTarget& a = outputs[i];
    for (std::size_t j = 0; j < i; ++j) {
      const OutputTarget& b = outputs[j];
      const bool both_descriptors = a.kind == OutputTarget::Kind::descriptor &&
                                    b.kind == OutputTarget::Kind::descriptor &&
                                    a.descriptor == b.descriptor;
      // Character devices (/dev/null, a terminal) take any number of writers in turn.
      if (!both_descriptors && (!same_file(a, b) || S_ISCHR(a.mode))) continue;
      throw UsageError(a.option + " " + a.given + " and " + b.option + " " + b.given +
                       " would write to the same " +
                       (a.kind == OutputTarget::Kind::descriptor ? "stream (" + a.describe() + ")"
                                                                 : std::string("file")) +
                       "; give each output its own file");
    }
    for (const std::string& input : inputs) {
      struct stat st {};
      const int status = input == "-" ? ::fstat(0, &st) : ::stat(input.c_str(), &st);
      if (status != 0 || S_ISCHR(st.st_mode) || a.kind == OutputTarget::Kind::new_file) continue;
      if (st.st_dev == a.device && st.st_ino == a.inode)
        throw UsageError(a.option + " " + a.given + " is the input file " +
                         (input == "-" ? "(standard input)" : input) +
                         "; writing it would destroy the data: choose another output file");
    }
  }
}

}  // namespace metamc
