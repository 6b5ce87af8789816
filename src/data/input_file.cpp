#include "metamc/data/input_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "metamc/error.hpp"

namespace metamc {

std::ifstream open_input_file(const std::string& path, const std::string& name,
                              const std::string& kind) {
  const auto cannot = [&] {
    return NoInputError(path + ": cannot open " + name + " (" + std::strerror(errno) + ")");
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw cannot();
  if (S_ISDIR(st.st_mode)) throw NoInputError(path + ": is a directory, not " + kind);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw cannot();
  return in;
}

}  // namespace metamc
