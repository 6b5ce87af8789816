// The folders read as the pipeline (README, "Layout"): a file includes only headers of its own
// layer or of layers before it. This walks include/metamc, src, models and kernels and checks
// every #include "metamc/..." and "models/..." against that order, so that an arrow back up
// fails here rather than in a reader's head.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace metamc {
namespace {

namespace fs = std::filesystem;

// Layers in pipeline order; folders of one layer may include each other.
const std::map<std::string, int>& layer_ranks() {
  static const std::map<std::string, int> ranks{
      {"base", 0},  // include/metamc/*.hpp: errors, text, intervals, threads
      {"math", 1},     {"rng", 1},     {"memory", 1},      {"data", 2}, {"frequentist", 3},
      {"models", 4},   {"model", 5},   {"diagnostics", 6}, {"mcmc", 7}, {"posterior", 8},
      {"simulate", 9}, {"kernels", 9}, {"io", 10},         {"run", 11}, {"reports", 12},
      {"plots", 12},   {"cli", 13},  // src/*.cpp: main and the command line
  };
  return ranks;
}

// The layer of a path relative to the source root ("src/mcmc/x.cpp" -> "mcmc").
std::string layer_of(const std::string& path) {
  static const std::regex folder("^(?:include/metamc|src)/([a-z_]+)/");
  std::smatch m;
  if (path.rfind("models/", 0) == 0) return "models";
  if (path.rfind("kernels/", 0) == 0) return "kernels";
  if (std::regex_search(path, m, folder)) return m[1];
  return path.rfind("src/", 0) == 0 ? "cli" : "base";
}

int rank_of(const std::string& layer, const std::string& where) {
  const auto found = layer_ranks().find(layer);
  if (found == layer_ranks().end()) {
    ADD_FAILURE() << where << ": folder '" << layer << "' has no place in the layers";
    return 0;
  }
  return found->second;
}

TEST(IncludeLayers, NoFileIncludesALaterLayer) {
  const fs::path root = testing::source_dir();
  static const std::regex include_line("^#include \"((metamc|models)/[^\"]+)\"");
  int files = 0, includes = 0;
  std::vector<std::string> violations;
  for (const char* top : {"include/metamc", "src", "models", "kernels"})
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".hpp" && ext != ".cpp" && ext != ".cu" && ext != ".cuh" && ext != ".in") continue;
      const std::string path = fs::relative(entry.path(), root).generic_string();
      const int own = rank_of(layer_of(path), path);
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        std::smatch m;
        if (!std::regex_search(line, m, include_line)) continue;
        ++includes;
        const std::string target = m[2] == "models" ? std::string(m[1]) : "include/" + m[1].str();
        if (rank_of(layer_of(target), path) > own)
          violations.push_back(path + " includes " + m[1].str());
      }
    }
  EXPECT_GT(files, 200);  // the walk found the sources
  EXPECT_GT(includes, 500);
  for (const std::string& v : violations) ADD_FAILURE() << v;
}

TEST(IncludeLayers, LayersAreTheFolders) {
  EXPECT_EQ(layer_of("src/mcmc/cpu_backend.cpp"), "mcmc");
  EXPECT_EQ(layer_of("include/metamc/mcmc/hmc/hmc_warmup.hpp"), "mcmc");
  EXPECT_EQ(layer_of("include/metamc/text.hpp"), "base");
  EXPECT_EQ(layer_of("src/cli.cpp"), "cli");
  EXPECT_EQ(layer_of("models/priors.hpp"), "models");
  EXPECT_EQ(layer_of("kernels/chain_kernels.cuh"), "kernels");
  // A posterior summary that reached up into the run's orchestration would be caught.
  EXPECT_GT(layer_ranks().at(layer_of("include/metamc/run/results.hpp")),
            layer_ranks().at(layer_of("src/posterior/mcmc_summary.cpp")));
}

}  // namespace
}  // namespace metamc
