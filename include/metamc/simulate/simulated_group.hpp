// Meta-analyses simulated from the random-effects model, for benchmarks and tests.
#ifndef METAMC_SIMULATE_SIMULATED_GROUP_HPP
#define METAMC_SIMULATE_SIMULATED_GROUP_HPP

#include <cstdint>

#include "metamc/data/study.hpp"

namespace metamc {

/// k studies with standard errors uniform on [0.1, 0.5] and effects y_i ~ N(theta_i, se_i^2),
/// theta_i ~ N(mu, tau^2); reproducible from `seed` (Philox key 9, group coordinate `seed`).
Group simulated_group(int k, std::uint32_t seed, double mu = -0.2, double tau = 0.15);

/// k 2x2 tables of `patients` per arm from the binomial-normal model (models/binomial_normal.hpp)
/// on the odds ratio: control log odds alpha_i ~ N(-1.5, 0.5^2), theta_i ~ N(mu, tau^2), each
/// patient's event a Bernoulli draw; with the effect sizes of the tables (0.5 added to a zero
/// cell), as the study reader computes them. Reproducible from `seed` (Philox key 10).
Group simulated_count_group(int k, std::uint32_t seed, int patients = 200, double mu = -0.3,
                            double tau = 0.2);

}  // namespace metamc

#endif  // METAMC_SIMULATE_SIMULATED_GROUP_HPP
