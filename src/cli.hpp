// The command line of metamc (CLI11).
#ifndef METAMC_SRC_CLI_HPP
#define METAMC_SRC_CLI_HPP

#include <optional>
#include <ostream>
#include <variant>

#include "metamc/run/run_config.hpp"
#include "metamc/run/simulation.hpp"

namespace metamc {

/// What the command line asks for: `metamc fit` or `metamc simulate`.
using Command = std::variant<RunConfig, SimulateConfig>;

/// Parses `metamc fit FILE [options]` or `metamc simulate FILE [options]`. Returns std::nullopt
/// after printing help or the version to `out`; throws UsageError for anything it cannot accept.
std::optional<Command> parse_command_line(int argc, const char* const* argv, std::ostream& out);

}  // namespace metamc

#endif  // METAMC_SRC_CLI_HPP
