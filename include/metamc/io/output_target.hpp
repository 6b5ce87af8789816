// Where an output goes, decided before the analysis runs, so that a long run never ends by
// destroying something it should not have touched (README, "Output files").
//
//   "-", /dev/stdout, /dev/fd/1, /proc/self/fd/1   the standard output (likewise stderr, fd N)
//   a character device or a FIFO                  written through, never renamed over
//   a symbolic link                                followed: its final target is written
//   an existing regular file                       replaced atomically, keeping its permissions;
//                                                  refused when read-only unless --force
//   a new file                                     created atomically with the usual mode
//   a directory, block device or socket            refused
#ifndef METAMC_IO_OUTPUT_TARGET_HPP
#define METAMC_IO_OUTPUT_TARGET_HPP

#include <sys/types.h>

#include <string>
#include <vector>

namespace metamc {

struct OutputTarget {
  enum class Kind {
    descriptor,     // an open file descriptor (standard output, or /dev/fd/N)
    stream_device,  // a character device or a FIFO: opened and written through
    existing_file,  // a regular file, replaced atomically
    new_file,       // no file yet, created atomically
  };
  std::string option;  // "--output", "--draws-out": names the target in messages
  std::string given;   // the path as given
  std::string path;    // the path written: symbolic links resolved (unused for descriptors)
  Kind kind = Kind::descriptor;
  int descriptor = 1;  // for Kind::descriptor
  // Of an existing file or device: its identity, permissions and owner, kept on replacement.
  dev_t device = 0;
  ino_t inode = 0;
  mode_t mode = 0;
  uid_t owner = 0;
  gid_t group = 0;
  nlink_t links = 0;

  /// "standard output", or the path as given.
  std::string describe() const;
};

/// Resolves `given` for `option`. OutputError (exit 73) when it cannot be written: a directory,
/// a block device, a missing or unwritable directory, a read-only or foreign file without
/// `force`.
OutputTarget resolve_output(const std::string& given, const std::string& option, bool force);

/// An output directory (--plot DIR): a directory that can be written in, or a missing one in an
/// existing, writable directory, which `create` creates. OutputError (exit 73) otherwise.
void prepare_output_directory(const std::string& given, const std::string& option, bool create);

/// The directory part of a path: "." for a bare name, "/" for a file in the root.
std::string directory_of(const std::string& path);

/// The report's destination when no --output is given.
OutputTarget standard_output(const std::string& option);

/// UsageError (exit 64) when an output is one of the input files, or two outputs are the same
/// file, FIFO or stream. Character devices such as /dev/null may take several outputs.
void check_distinct_outputs(const std::vector<std::string>& inputs,
                            const std::vector<OutputTarget>& outputs);

}  // namespace metamc

#endif  // METAMC_IO_OUTPUT_TARGET_HPP
