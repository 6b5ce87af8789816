// REQUIRE_GPU() at the top of a GPU test: without a usable GPU (and in builds without nvcc, where
// the backend reports no device) the test reports itself as skipped, saying why; with
// METAMC_EXPECT_GPU=1 (scripts/gpu_check.sh on a lent GPU machine) a missing GPU fails instead,
// so that a broken driver cannot make the run look green.
#ifndef METAMC_TESTS_GPU_REQUIRED_HPP
#define METAMC_TESTS_GPU_REQUIRED_HPP

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "metamc/mcmc/cuda_backend.hpp"

namespace metamc::testing {

inline bool gpu_expected() {
  const char* expect = std::getenv("METAMC_EXPECT_GPU");
  return expect && std::string(expect) == "1";
}

}  // namespace metamc::testing

#define REQUIRE_GPU()                                                              \
  if (::metamc::cuda_device_count() == 0) {                                        \
    if (::metamc::testing::gpu_expected())                                         \
      FAIL() << "METAMC_EXPECT_GPU=1 but " << ::metamc::cuda_unavailable_reason(); \
    GTEST_SKIP() << "no usable CUDA GPU (" << ::metamc::cuda_unavailable_reason()  \
                 << "): GPU test skipped";                                         \
  }

#endif  // METAMC_TESTS_GPU_REQUIRED_HPP
