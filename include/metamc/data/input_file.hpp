// Opening a file the user named as input, with the errors (NoInputError) that say which file and
// why: missing, unreadable, or a directory.
#ifndef METAMC_DATA_INPUT_FILE_HPP
#define METAMC_DATA_INPUT_FILE_HPP

#include <fstream>
#include <string>

namespace metamc {

/// `path` opened for reading in binary mode. `name` says what it is in the messages ("the input
/// file": "cannot open the input file (No such file or directory)"), `kind` what a directory is
/// not ("a CSV file").
std::ifstream open_input_file(const std::string& path, const std::string& name,
                              const std::string& kind);

}  // namespace metamc

#endif  // METAMC_DATA_INPUT_FILE_HPP
