// open_input_file: the messages name the file and say why it cannot be read.
#include "metamc/data/input_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "metamc/error.hpp"

namespace metamc {
namespace {

std::string refusal(const std::string& path) {
  try {
    open_input_file(path, "the shard", "a shard");
  } catch (const NoInputError& e) {
    return e.what();
  }
  return "";
}

TEST(InputFile, SaysWhichFileAndWhy) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(refusal(dir + "/metamc-no-such-file.json"),
            dir + "/metamc-no-such-file.json: cannot open the shard (No such file or directory)");
  EXPECT_EQ(refusal(dir), dir + ": is a directory, not a shard");
  EXPECT_EQ(refusal(METAMC_CONFIGURED_SOURCE_DIR "/README.md"), "");
}

}  // namespace
}  // namespace metamc
