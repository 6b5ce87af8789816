// File names of the plots: safe on every file system, unique (plots/plot_files.hpp).
#include "metamc/plots/plot_files.hpp"

#include <gtest/gtest.h>

namespace metamc {
namespace {

TEST(PlotFiles, StemsAreSafeAndUnique) {
  const std::vector<GroupKey> keys = {
      {{"setting", "NDMM"}, {"outcome", "VGPR or better"}},
      {{"setting", "NDMM"}, {"outcome", "VGPR/or better"}},
      {{"setting", "../etc"}, {"outcome", "x"}},
      {},
      {{"setting", "Ø"}},
  };
  EXPECT_EQ(plot_file_stems(keys),
            (std::vector<std::string>{"NDMM_VGPR_or_better", "NDMM_VGPR_or_better-2", "_._etc_x",
                                      "all", "__"}));
}

}  // namespace
}  // namespace metamc
