#include "metamc/reports/draws_writer.hpp"

#include <algorithm>

#include "metamc/text.hpp"

namespace metamc {
void write_draws_csv(std::ostream& out, const AnalysisReport& report) {
  int max_k = 0;
  for (const auto& d : report.draws) max_k = std::max(max_k, d.k);
  for (const auto& column : report.config.by) out << csv_field(column) << ',';
  out << "chain,iteration,mu,tau,tau2,theta_new";
  for (int i = 1; i <= max_k; ++i) out << ",theta." << i;
  out << '\n';
  for (std::size_t g = 0; g < report.draws.size(); ++g) {
    const GroupDraws& d = report.draws[g];
    std::string key;
    for (const auto& kv : report.groups[g].group.key) key += csv_field(kv.second) + ',';
    for (int c = 0; c < d.chains; ++c) {
      for (int n = 0; n < d.draws; ++n) {
        const std::size_t at = d.at(c, n);
        out << key << c + 1 << ',' << n + 1 << ',' << shortest_decimal(d.mu[at]) << ','
            << shortest_decimal(d.tau[at]) << ',' << shortest_decimal(d.tau[at] * d.tau[at]) << ','
            << shortest_decimal(d.theta_new[at]);
        for (int i = 0; i < max_k; ++i)
          out << ',' << (i < d.k ? shortest_decimal(d.theta_of(i)[at]) : "");
        out << '\n';
      }
    }
  }
}

}  // namespace metamc
