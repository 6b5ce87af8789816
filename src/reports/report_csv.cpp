#include <cmath>

#include "metamc/reports/report.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_number(std::optional<double> x) {
  return x && std::isfinite(*x) ? shortest_decimal(*x) : "";
}

}  // namespace

void write_csv(std::ostream& out, const AnalysisReport& report) {
  for (const auto& column : report.config.by) out << csv_text(column) << ',';
  out << "measure,benefit,k,method,mu,se,ci_lower,ci_upper,p,tau2,tau2_ci_lower,tau2_ci_upper,Q,"
         "df,Q_p,I2,H2,hksj_lower,hksj_upper,pi_lower,pi_upper\n";
  for (const GroupResult& result : report.groups) {
    const Group& g = result.group;
    for (const FrequentistFit* fit : {&result.dl, &result.reml, &result.pm}) {
      for (const auto& kv : g.key) out << csv_text(kv.second) << ',';
      auto lower = [](const std::optional<Interval>& i) {
        return i ? std::optional<double>(i->lower) : std::nullopt;
      };
      auto upper = [](const std::optional<Interval>& i) {
        return i ? std::optional<double>(i->upper) : std::nullopt;
      };
      out << to_string(g.measure) << ',' << to_string(g.benefit) << ',' << g.k() << ','
          << to_string(fit->method) << ',' << csv_number(fit->mu) << ',' << csv_number(fit->se)
          << ',' << csv_number(fit->ci.lower) << ',' << csv_number(fit->ci.upper) << ','
          << csv_number(fit->p) << ',' << csv_number(fit->tau2) << ','
          << csv_number(lower(fit->tau2_ci)) << ',' << csv_number(upper(fit->tau2_ci)) << ','
          << csv_number(fit->Q) << ',' << fit->df << ',' << csv_number(fit->Q_p) << ','
          << csv_number(fit->I2) << ',' << csv_number(fit->H2) << ','
          << csv_number(lower(fit->hksj_ci)) << ',' << csv_number(upper(fit->hksj_ci)) << ','
          << csv_number(lower(fit->pi)) << ',' << csv_number(upper(fit->pi)) << '\n';
    }
  }
}

}  // namespace metamc
