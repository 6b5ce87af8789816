// libFuzzer harness over what `metamc merge` reads: a shard of `metamc fit` or `metamc simulate`
// (JSON) read back and written as table, JSON and CSV, as a merge of that one shard does. Any
// exception that is not a metamc::Error, any crash and any sanitizer report is a finding.
// Built by scripts/fuzz.sh (clang with libFuzzer); not a ctest test.
//
// Input: the shard's JSON text.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "metamc/error.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/reports/simulation_report.hpp"
#include "metamc/run/fit_merge.hpp"
#include "metamc/run/shard_files.hpp"
#include "metamc/run/simulation_merge.hpp"

namespace {

void fuzz_one(const std::string& input) {
  std::istringstream in(input);
  std::vector<metamc::JsonDocument> shards;
  shards.emplace_back(in, "fuzz.json");
  std::ostringstream out;
  if (metamc::shard_command(shards.front()) == "fit") {
    metamc::AnalysisReport report = metamc::merge_fit_shards(shards);
    metamc::write_table(out, report);
    metamc::write_json(out, report);
    metamc::write_csv(out, report);
    report.config.no_studies = true;
    metamc::write_table(out, report);
  } else {
    metamc::SimulationReport report = metamc::merge_simulation_shards(shards);
    for (const metamc::OutputFormat format :
         {metamc::OutputFormat::table, metamc::OutputFormat::json, metamc::OutputFormat::csv}) {
      report.config.format = format;
      metamc::write_simulation(out, report);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fuzz_one(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const metamc::Error&) {
    // Rejected input, with a message: what metamc should do.
  }
  return 0;
}
