#include "metamc/run/shard_files.hpp"

#include <map>

#include "metamc/error.hpp"
#include "metamc/version.hpp"

namespace metamc {

std::string shard_command(const JsonDocument& shard) {
  const JsonDocument::Json& root = shard.root();
  if (!root.is_object() || !root.contains("shard") || !root["shard"].is_object())
    shard.fail("", "is not a shard of 'metamc fit --shard i/n' or 'metamc simulate --shard i/n'");
  // Before the fields, which another version may lay out otherwise.
  const std::string version =
      shard.text(shard.at(shard.at(root, "metamc", ""), "version", "metamc"), "metamc.version");
  if (version != kVersion)
    shard.fail("", "was written by metamc " + version + "; this is metamc " + kVersion +
                       ": merge with the version that wrote the shards");
  const std::string command =
      shard.text(shard.at(root["shard"], "command", "shard"), "shard.command");
  if (command != "fit" && command != "simulate")
    shard.fail("shard.command", "is neither fit nor simulate: " + command);
  return command;
}

std::vector<JsonDocument> read_shard_files(const std::vector<std::string>& files) {
  if (files.empty()) throw UsageError("merge needs the shards' files");
  std::vector<JsonDocument> read;
  for (const std::string& file : files) read.emplace_back(file, "the shard");
  // Which shard each file is: all n of one command, each once.
  std::map<std::uint64_t, std::size_t> by_index;
  std::uint64_t count = 0;
  std::string command;
  for (std::size_t i = 0; i < read.size(); ++i) {
    const JsonDocument& f = read[i];
    const std::string its_command = shard_command(f);
    const JsonDocument::Json& shard = f.at(f.root(), "shard", "");
    const std::uint64_t index = f.whole(f.at(shard, "index", "shard"), "shard.index");
    const std::uint64_t n = f.whole(f.at(shard, "count", "shard"), "shard.count");
    if (index >= n)
      f.fail("shard", "has index " + std::to_string(index) + " of " + std::to_string(n));
    if (i == 0) count = n, command = its_command;
    if (its_command != command)
      f.fail("", "is a shard of 'metamc " + its_command + "', but " + read.front().path() +
                     " is one of 'metamc " + command + "'");
    if (n != count)
      f.fail("shard.count", "is " + std::to_string(n) + ", but " + read.front().path() +
                                " is one of " + std::to_string(count));
    const auto [it, added] = by_index.emplace(index, i);
    if (!added)
      f.fail("shard", std::to_string(index) + "/" + std::to_string(n) + " is also " +
                          read[it->second].path());
  }
  for (std::uint64_t i = 0; i < count; ++i)
    if (!by_index.count(i))
      throw DataError("shard " + std::to_string(i) + "/" + std::to_string(count) +
                      " is missing: merge needs all " + std::to_string(count) + " shards");
  std::vector<JsonDocument> ordered;
  for (const auto& [index, i] : by_index) ordered.push_back(std::move(read[i]));
  return ordered;
}

void check_one_run(const std::vector<JsonDocument>& shards, const RunOf& run_of) {
  const JsonDocument::Json run = run_of(shards.front().root());
  for (const JsonDocument& f : shards)
    if (run_of(f.root()) != run)
      f.fail("", "is a shard of another run than " + shards.front().path() +
                     " (another input, configuration or version)");
}

}  // namespace metamc
