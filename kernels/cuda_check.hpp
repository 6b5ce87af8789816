// Every CUDA runtime call and kernel launch of the backend goes through METAMC_CUDA_CHECK, which
// turns a failure into an exception naming the expression, the file and the line.
#ifndef METAMC_KERNELS_CUDA_CHECK_HPP
#define METAMC_KERNELS_CUDA_CHECK_HPP

#include <cuda_runtime.h>

#include <string>

#include "metamc/error.hpp"

namespace metamc {

/// A CUDA runtime failure after the device was found usable (launch failure, out of memory).
struct CudaError : Error {
  explicit CudaError(const std::string& m) : Error(ExitCode::software, m) {}
};

inline void cuda_check(cudaError_t status, const char* expression, const char* file, int line) {
  if (status == cudaSuccess) return;
  throw CudaError(std::string("CUDA error: ") + expression + " failed at " + file + ":" +
                  std::to_string(line) + ": " + cudaGetErrorString(status));
}

}  // namespace metamc

#define METAMC_CUDA_CHECK(expression) \
  ::metamc::cuda_check((expression), #expression, __FILE__, __LINE__)

#endif  // METAMC_KERNELS_CUDA_CHECK_HPP
