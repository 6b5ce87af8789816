// --draws-out: every MCMC draw as CSV, written group by group as the draws are made.
#ifndef METAMC_REPORTS_DRAWS_WRITER_HPP
#define METAMC_REPORTS_DRAWS_WRITER_HPP

#include <ostream>
#include <string>
#include <vector>

#include "metamc/run/results.hpp"

namespace metamc {

/// Columns: the --by columns, chain, iteration (1-based, after warmup), mu, tau, tau2,
/// theta_new, theta.1 ... theta.K (K the largest k; empty beyond a group's k), on the analysis
/// scale; where any group has 2x2 counts, then control_risk.1 ... K and risk_difference.1 ... K,
/// each study's control-arm risk and p_t - p_c (empty for groups without the binomial model).
class DrawsCsvWriter : public DrawsConsumer {
 public:
  DrawsCsvWriter(std::ostream& out, std::vector<std::string> by) : out_(out), by_(std::move(by)) {}

  /// Writes the header.
  void begin(const std::vector<Group>& groups) override;
  /// Writes the group's rows.
  void consume(const Group& group, const GroupDraws& draws) override;

 private:
  std::ostream& out_;
  std::vector<std::string> by_;
  int max_k_ = 0;
  bool arm_columns_ = false;
};

}  // namespace metamc

#endif  // METAMC_REPORTS_DRAWS_WRITER_HPP
