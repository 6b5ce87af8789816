#include "cli_merge.hpp"

namespace metamc {

MergeCommand::MergeCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "merge",
          "Combine the shards of a fit or of a simulation study ('metamc fit --shard i/n', "
          "'metamc simulate --shard i/n', JSON) into the output of the unsharded run, the same "
          "to the last digit")) {
  CLI::App& c = *command_;
  c.add_option("files", config_.files, "The shards' JSON files, all n of them, in any order")
      ->required();
  c.add_option("--format", format_, "Output format: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  c.add_option("--output,-o", config_.output, "Write the output to this file (atomically)");
  c.add_flag("--force", config_.force, "Replace an output file even when it is read-only");
  c.add_flag("--no-studies", config_.no_studies,
             "A fit's table without the per-study rows, as 'metamc fit --no-studies'");
}

MergeConfig MergeCommand::config() const {
  MergeConfig c = config_;
  c.format = format_ == "json"  ? OutputFormat::json
             : format_ == "csv" ? OutputFormat::csv
                                : OutputFormat::table;
  return c;
}

}  // namespace metamc
