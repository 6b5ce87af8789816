// METAMC_HD marks functions that both the CPU backend and the CUDA kernels run: it expands to
// __host__ __device__ under nvcc and to nothing for a host compiler. It is the only CUDA-aware
// name outside kernels/.
#ifndef METAMC_HOST_DEVICE_HPP
#define METAMC_HOST_DEVICE_HPP

#if defined(__CUDACC__)
#define METAMC_HD __host__ __device__
#else
#define METAMC_HD
#endif

#endif  // METAMC_HOST_DEVICE_HPP
