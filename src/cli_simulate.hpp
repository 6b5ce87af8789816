// The `metamc simulate` subcommand: its options on the command line and the configuration they
// make (run/simulation.hpp).
#ifndef METAMC_SRC_CLI_SIMULATE_HPP
#define METAMC_SRC_CLI_SIMULATE_HPP

#include <CLI/CLI.hpp>
#include <string>

#include "metamc/run/simulation.hpp"

namespace metamc {

class SimulateCommand {
 public:
  /// Adds the subcommand and its options to `app`.
  explicit SimulateCommand(CLI::App& app);

  /// Whether the command line chose it (after parsing).
  bool chosen() const { return command_->parsed(); }

  /// The configuration the options make, after parsing; UsageError for what it cannot accept.
  SimulateConfig config() const;

 private:
  CLI::App* command_;
  SimulateConfig config_;
  std::string by_, taus_, mus_, measure_, benefit_, shard_, format_ = "table";
  std::string tau_prior_ = "halfnormal(0.5)", mu_prior_ = "flat", model_ = "auto",
              baseline_prior_ = "normal(0, 10)", backend_ = "cpu";
};

}  // namespace metamc

#endif  // METAMC_SRC_CLI_SIMULATE_HPP
