// The command line of metamc (CLI11).
#ifndef METAMC_SRC_CLI_HPP
#define METAMC_SRC_CLI_HPP

#include <optional>
#include <ostream>
#include <variant>

#include "metamc/run/run_config.hpp"
#include "metamc/run/shard_files.hpp"
#include "metamc/run/simulation.hpp"

namespace metamc {

/// What the command line asks for: `metamc fit`, `metamc simulate` or `metamc merge`.
using Command = std::variant<RunConfig, SimulateConfig, MergeConfig>;

/// Parses `metamc fit FILE [options]`, `metamc simulate FILE [options]` or
/// `metamc merge FILES... [options]`. Returns std::nullopt
/// after printing help or the version to `out`; throws UsageError for anything it cannot accept.
std::optional<Command> parse_command_line(int argc, const char* const* argv, std::ostream& out);

}  // namespace metamc

#endif  // METAMC_SRC_CLI_HPP
