// How much memory a run may use, so that a run too big for the machine is refused before it
// starts instead of being killed by the kernel after hours.
#ifndef METAMC_SYSTEM_MEMORY_HPP
#define METAMC_SYSTEM_MEMORY_HPP

#include <string>

namespace metamc {

/// Bytes this process may still allocate: the smaller of MemAvailable (/proc/meminfo) and, in a
/// control group with a limit (containers, batch schedulers), the limit less the group's usage.
/// The environment variable METAMC_MEMORY_LIMIT (bytes) lowers it further, for tests.
double available_memory_bytes();

/// Asks the C library to keep freed blocks of up to 32 MiB for reuse rather than return them to
/// the system: the diagnostics allocate and free buffers of a few MiB per quantity, and each
/// fresh mapping costs a page fault per 4 KiB on first touch (a third of their time, measured
/// with bench/summary_overhead). glibc's mallopt; the program and the benchmarks call it first.
void reuse_freed_memory();

/// "1.5 GiB", "820 MiB", "12 KiB".
std::string format_bytes(double bytes);

}  // namespace metamc

#endif  // METAMC_SYSTEM_MEMORY_HPP
