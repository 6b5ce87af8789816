// Writing an output file so that readers see either the old file or the complete new one.
#ifndef METAMC_REPORTS_ATOMIC_FILE_HPP
#define METAMC_REPORTS_ATOMIC_FILE_HPP

#include <string>

namespace metamc {

/// Writes `content` to a temporary file beside `path`, then renames it over `path`. On any
/// failure the temporary file is removed, `path` is untouched, and an OutputError is thrown.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace metamc

#endif  // METAMC_REPORTS_ATOMIC_FILE_HPP
