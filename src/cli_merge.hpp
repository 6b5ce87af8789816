// The `metamc merge` subcommand: its options on the command line and the configuration they make
// (run/shard_files.hpp).
#ifndef METAMC_SRC_CLI_MERGE_HPP
#define METAMC_SRC_CLI_MERGE_HPP

#include <CLI/CLI.hpp>
#include <string>

#include "metamc/run/shard_files.hpp"

namespace metamc {

class MergeCommand {
 public:
  /// Adds the subcommand and its options to `app`.
  explicit MergeCommand(CLI::App& app);

  /// Whether the command line chose it (after parsing).
  bool chosen() const { return command_->parsed(); }

  /// The configuration the options make, after parsing.
  MergeConfig config() const;

 private:
  CLI::App* command_;
  MergeConfig config_;
  std::string format_ = "table";
};

}  // namespace metamc

#endif  // METAMC_SRC_CLI_MERGE_HPP
