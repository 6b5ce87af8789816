// METAMC_HD marks functions that both the CPU backend and the CUDA kernels run: it expands to
// __host__ __device__ under nvcc and to nothing for a host compiler. METAMC_HD_ALWAYS_INLINE
// marks the same for the few small functions that loops vectorise only when they are inlined (the
// random variates, rng/random_variates.hpp): in a large translation unit, such as the CPU
// backend's, GCC stops inlining once its growth limits are reached, and a call stops the
// vectoriser. They are the only CUDA-aware names outside kernels/.
#ifndef METAMC_HOST_DEVICE_HPP
#define METAMC_HOST_DEVICE_HPP

#if defined(__CUDACC__)
#define METAMC_HD __host__ __device__
#define METAMC_HD_ALWAYS_INLINE __host__ __device__ __forceinline__
#else
#define METAMC_HD
#if defined(__GNUC__)
#define METAMC_HD_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define METAMC_HD_ALWAYS_INLINE inline
#endif
#endif

#endif  // METAMC_HOST_DEVICE_HPP
