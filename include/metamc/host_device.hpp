// METAMC_HD marks functions that both the CPU backend and the CUDA kernels run: it expands to
// __host__ __device__ under nvcc and to nothing for a host compiler. METAMC_HD_ALWAYS_INLINE
// marks the same for the few small functions that loops vectorise only when they are inlined (the
// random variates, rng/random_variates.hpp): in a large translation unit, such as the CPU
// backend's, GCC stops inlining once its growth limits are reached, and a call stops the
// vectoriser. They are the only CUDA-aware names outside kernels/.
//
// METAMC_CPU_CLONES marks the few host functions whose loops over chains take most of a run (a
// trajectory's leapfrog steps, mcmc/hmc/hmc_transition.hpp): GCC compiles them twice, for any
// x86-64 (vectors of 2 doubles) and for AVX2 (vectors of 4), and the loader picks the one the CPU
// runs (target_clones). What they inline is compiled with them. The two compute the same bits:
// the same IEEE operations in the same order, the compiler never contracting them into FMAs
// (-ffp-contract=off, and AVX2 alone does not enable FMA). Empty elsewhere, for the GPU, and
// with -DMETAMC_NO_CPU_CLONES (to compare the two), which must then be given to the whole build:
// a file without it would define a plain copy under the name of the other files' clones.
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

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(__CUDACC__) && !defined(METAMC_NO_CPU_CLONES)
#define METAMC_CPU_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define METAMC_CPU_CLONES
#endif

#endif  // METAMC_HOST_DEVICE_HPP
