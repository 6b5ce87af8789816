#include "metamc/run/fit_merge.hpp"

#include "metamc/error.hpp"
#include "metamc/run/report_reader.hpp"
#include "metamc/run/shard_files.hpp"

namespace metamc {
namespace {

using Json = JsonDocument::Json;

// What must be equal in every shard of one run: all but the shard, its groups and the timing,
// and the threads it ran on, on which no result depends (the merged run records shard 0's).
Json run_of(const Json& shard) {
  Json j = shard;
  j.erase("groups");
  j.erase("seconds");
  if (j.contains("config") && j["config"].is_object()) j["config"].erase("threads");
  if (j.contains("shard") && j["shard"].is_object()) {
    const Json run_groups = j["shard"].value("run_groups", Json());
    j["shard"] = run_groups;
  }
  return j;
}

}  // namespace

AnalysisReport merge_fit_shards(const std::vector<JsonDocument>& shards) {
  check_one_run(shards, run_of);
  AnalysisReport merged;
  const JsonDocument& first = shards.front();
  const std::uint64_t run_groups = first.whole(
      first.at(first.at(first.root(), "shard", ""), "run_groups", "shard"), "shard.run_groups");
  std::vector<const Json*> written_by;  // each shard's run places of its groups, as written
  std::uint64_t written_groups = 0;
  for (const JsonDocument& f : shards) {
    written_by.push_back(
        &f.array(f.at(f.at(f.root(), "shard", ""), "groups", "shard"), "shard.groups"));
    written_groups += written_by.back()->size();
  }
  if (written_groups != run_groups)
    first.fail("shard.run_groups", "is " + std::to_string(run_groups) + ", but the shards hold " +
                                       std::to_string(written_groups) + " groups");
  std::vector<std::optional<GroupResult>> placed(run_groups);
  for (std::size_t s = 0; s < shards.size(); ++s) {
    const JsonDocument& f = shards[s];
    AnalysisReport share = read_json_report(f);
    const Json& written = *written_by[s];
    if (written.size() != share.groups.size())
      f.fail("shard.groups", "does not name each of the shard's " +
                                 std::to_string(share.groups.size()) + " groups once");
    // The shard's groups in the order it wrote them: with --subgroup, nested in their tests.
    std::vector<std::size_t> in_written_order;
    if (share.subgroup_tests.empty())
      for (std::size_t i = 0; i < share.groups.size(); ++i) in_written_order.push_back(i);
    for (const SubgroupTest& t : share.subgroup_tests)
      in_written_order.insert(in_written_order.end(), t.members.begin(), t.members.end());
    std::vector<std::uint32_t> place(share.groups.size());
    for (std::size_t w = 0; w < written.size(); ++w) {
      const std::string at = "shard.groups[" + std::to_string(w) + "]";
      const std::uint64_t g = f.whole(written[w], at);
      if (g >= run_groups || placed[g])
        f.fail(at, "is not a group of the run, or another shard's: " + std::to_string(g));
      place[in_written_order[w]] = static_cast<std::uint32_t>(g);
      placed[g] = std::move(share.groups[in_written_order[w]]);
      placed[g]->stream_group = static_cast<std::uint32_t>(g);
    }
    for (SubgroupTest& t : share.subgroup_tests) {
      for (std::size_t& member : t.members) member = place[member];
      merged.subgroup_tests.push_back(std::move(t));
    }
    merged.seconds += share.seconds;
    if (s == 0) {
      merged.config = share.config;
      merged.warnings = share.warnings;
      merged.backend = share.backend;
    }
  }
  for (std::uint64_t g = 0; g < run_groups; ++g) {
    if (!placed[g])
      throw DataError("group " + std::to_string(g) + " of the run is in none of the shards");
    merged.groups.push_back(std::move(*placed[g]));
  }
  merged.run_groups = merged.groups.size();
  merged.config.shard.reset();
  return merged;
}

}  // namespace metamc
