// The command line of metamc (CLI11).
#ifndef METAMC_SRC_CLI_HPP
#define METAMC_SRC_CLI_HPP

#include <optional>
#include <ostream>

#include "metamc/run/run_config.hpp"

namespace metamc {

/// Parses `metamc fit FILE [options]`. Returns std::nullopt after printing help or the version
/// to `out`; throws UsageError for anything it cannot accept.
std::optional<RunConfig> parse_command_line(int argc, const char* const* argv, std::ostream& out);

}  // namespace metamc

#endif  // METAMC_SRC_CLI_HPP
