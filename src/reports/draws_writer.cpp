#include "metamc/reports/draws_writer.hpp"

#include <algorithm>

#include "metamc/text.hpp"

namespace metamc {
namespace {

bool has_counts(const Group& g) {
  for (const Study& s : g.studies)
    if (s.counts) return true;
  return false;
}

}  // namespace

void DrawsCsvWriter::begin(const std::vector<Group>& groups) {
  // The binomial model also draws the effects of the tables the fits on log ratios leave out.
  for (const Group& g : groups) {
    max_k_ = std::max(max_k_, static_cast<int>(g.k() + g.uninformative.size()));
    arm_columns_ = arm_columns_ || has_counts(g);
  }
  for (const auto& column : by_) out_ << csv_field(column) << ',';
  out_ << "chain,iteration,mu,tau,tau2,theta_new";
  for (int i = 1; i <= max_k_; ++i) out_ << ",theta." << i;
  if (arm_columns_) {
    for (int i = 1; i <= max_k_; ++i) out_ << ",control_risk." << i;
    for (int i = 1; i <= max_k_; ++i) out_ << ",risk_difference." << i;
  }
  out_ << '\n';
}

void DrawsCsvWriter::consume(const Group& group, const GroupDraws& d) {
  std::string key;
  for (const auto& kv : group.key) key += csv_field(kv.second) + ',';
  for (int c = 0; c < d.chains; ++c) {
    for (int n = 0; n < d.draws; ++n) {
      const std::size_t at = d.at(c, n);
      out_ << key << c + 1 << ',' << n + 1 << ',' << shortest_decimal(d.mu[at]) << ','
           << shortest_decimal(d.tau[at]) << ',' << shortest_decimal(d.tau[at] * d.tau[at]) << ','
           << shortest_decimal(d.theta_new[at]);
      for (int i = 0; i < max_k_; ++i)
        out_ << ',' << (i < d.k ? shortest_decimal(d.theta_of(i)[at]) : "");
      if (arm_columns_) {
        const bool risks = d.has_arm_risks();
        for (int i = 0; i < max_k_; ++i)
          out_ << ',' << (risks && i < d.k ? shortest_decimal(d.control_risk_of(i)[at]) : "");
        for (int i = 0; i < max_k_; ++i)
          out_ << ',' << (risks && i < d.k ? shortest_decimal(d.risk_difference_of(i)[at]) : "");
      }
      out_ << '\n';
    }
  }
}

}  // namespace metamc
