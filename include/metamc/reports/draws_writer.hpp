// --draws-out: every MCMC draw as CSV.
#ifndef METAMC_REPORTS_DRAWS_WRITER_HPP
#define METAMC_REPORTS_DRAWS_WRITER_HPP

#include <ostream>

#include "metamc/analysis.hpp"

namespace metamc {

/// Columns: the --by columns, chain, iteration (1-based, after warmup), mu, tau, tau2,
/// theta_new, theta.1 ... theta.K (K the largest k; empty beyond a group's k). Analysis scale.
void write_draws_csv(std::ostream& out, const AnalysisReport& report);

}  // namespace metamc

#endif  // METAMC_REPORTS_DRAWS_WRITER_HPP
