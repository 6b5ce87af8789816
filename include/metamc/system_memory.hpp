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

/// "1.5 GiB", "820 MiB", "12 KiB".
std::string format_bytes(double bytes);

}  // namespace metamc

#endif  // METAMC_SYSTEM_MEMORY_HPP
