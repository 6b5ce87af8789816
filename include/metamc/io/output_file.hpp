// An output written as a stream and made visible all at once.
//
// A regular file is written to an unnamed temporary file in its directory (O_TMPFILE; a named
// temporary where the file system has none) and renamed over the target by commit(), with the
// permissions and owner the target had. A run that fails or is killed before commit() leaves the
// old file as it was and nothing beside it. Devices, FIFOs and descriptors are written through.
#ifndef METAMC_IO_OUTPUT_FILE_HPP
#define METAMC_IO_OUTPUT_FILE_HPP

#include <memory>
#include <ostream>
#include <string>

#include "metamc/io/output_target.hpp"

namespace metamc {

class OutputFile {
 public:
  /// Opens the target (the temporary file, for regular files). OutputError when it cannot.
  explicit OutputFile(const OutputTarget& target);
  ~OutputFile();  // without commit(): the temporary file is discarded
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();

  /// Flushes, syncs and puts the file in place. OutputError (exit 73) on any write failure.
  void commit();

 private:
  class Buffer;
  [[noreturn]] void fail(const std::string& what, int error);

  OutputTarget target_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string temporary_;  // a named temporary file, when O_TMPFILE was not available
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

}  // namespace metamc

#endif  // METAMC_IO_OUTPUT_FILE_HPP
