// Checks the subcommands of the command line share (cli.cpp, cli_simulate.cpp).
#ifndef METAMC_SRC_CLI_CHECKS_HPP
#define METAMC_SRC_CLI_CHECKS_HPP

#include <CLI/CLI.hpp>
#include <string>

#include "metamc/data/measure.hpp"
#include "metamc/error.hpp"
#include "metamc/run/run_config.hpp"
#include "metamc/run/shard.hpp"
#include "metamc/text.hpp"

namespace metamc {

/// A level given as a fraction; a percentage is refused with the fraction it meant.
inline double checked_level(double level) {
  if (level > 1 && level < 100)
    throw UsageError("--level " + shortest_decimal(level) +
                     " looks like a percentage; give a fraction, e.g. --level " +
                     shortest_decimal(level / 100));
  if (!(level > 0 && level < 1)) throw UsageError("--level must lie in (0, 1)");
  return level;
}

/// --measure: the default measure, `fallback` when not given.
inline Measure checked_measure(const std::string& text, Measure fallback) {
  if (text.empty()) return fallback;
  const auto m = parse_measure(text);
  if (!m) throw UsageError("--measure '" + text + "' is unknown; use HR, RR, OR, MD, SMD or GEN");
  return *m;
}

/// --benefit: the default favourable direction, `fallback` when not given.
inline Benefit checked_benefit(const std::string& text, Benefit fallback) {
  if (text.empty()) return fallback;
  const auto b = parse_benefit(text);
  if (!b) throw UsageError("--benefit '" + text + "' is unknown; use lower or higher");
  return *b;
}

/// --seed: a whole number from 0 to 2^64 - 1, nothing CLI11 would wrap or round.
inline CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) {
        const std::string largest = "18446744073709551615";  // 2^64 - 1
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        const bool fits =
            text.size() < largest.size() || (text.size() == largest.size() && text <= largest);
        return digits && fits ? std::string()
                              : "'" + text + "' is not a whole number from 0 to 2^64 - 1";
      },
      "UINT64");
}

/// --shard TEXT with --format FORMAT (given or not): a shard is JSON for `metamc merge`; another
/// format given is a UsageError pointing to merge's --format.
inline OutputFormat shard_format(const std::string& shard, bool format_given,
                                 const std::string& format) {
  if (format_given && format != "json")
    throw UsageError("--shard " + shard + " writes JSON for 'metamc merge'; --format " + format +
                     " is for the merged output ('metamc merge --format " + format + "')");
  return OutputFormat::json;
}

/// --shard "i/n" with n >= 1 and 0 <= i < n.
inline Shard parse_shard(const std::string& text) {
  const std::vector<std::string> parts = split(text, '/');
  const auto whole = [](const std::string& s, std::uint64_t& out) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoull(s);
    return true;
  };
  std::uint64_t index = 0, count = 0;
  if (parts.size() != 2 || !whole(trim(parts[0]), index) || !whole(trim(parts[1]), count) ||
      count == 0)
    throw UsageError("--shard '" + text + "': expected i/n, e.g. 0/8, with n at least 1");
  if (index >= count)
    throw UsageError("--shard '" + text + "': shards are numbered 0 to " +
                     std::to_string(count - 1) + " (with Slurm, give the array as --array=0-" +
                     std::to_string(count - 1) + ")");
  return {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

}  // namespace metamc

#endif  // METAMC_SRC_CLI_CHECKS_HPP
