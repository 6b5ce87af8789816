#include "metamc/reports/simulation_report.hpp"

#include <cmath>

#include "metamc/model/prior_parse.hpp"
#include "metamc/reports/json_writer.hpp"
#include "metamc/reports/text_table.hpp"
#include "metamc/text.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

std::string share(std::optional<double> x) {
  return x ? fixed(*x, 3) : "-";
}

std::string number(std::optional<double> x) {
  return x ? significant(*x) : "-";
}

// The true mu as readers know it: "HR 0.8" for ratio measures, "mu -0.22" otherwise.
std::string truth(Measure measure, double mu) {
  return is_ratio(measure) ? std::string(to_string(measure)) + " " + significant(std::exp(mu))
                           : "mu " + significant(mu);
}

std::string csv_number(std::optional<double> x) {
  return x && std::isfinite(*x) ? shortest_decimal(*x) : "";
}

void write_performance(JsonWriter& json, const Scenario& s, const MethodPerformance& m) {
  json.key("tau").value(s.tau);
  json.key("mu").value(s.mu);
  json.key("method").value(to_string(m.method));
  json.key("replicates").value(m.replicates);
  json.key("coverage").value(m.coverage);
  json.key("coverage_mcse").value(m.coverage_mcse);
  json.key("width_mean").value(m.width_mean);
  json.key("width_median").value(m.width_median);
  json.key("pi_coverage").value(m.pi_coverage);
  json.key("tau2_zero_share").value(m.tau2_zero_share);
  json.key("significant_rate").value(m.significant_rate);
  json.key("p_benefit_095_rate").value(m.p_benefit_095_rate);
  json.key("divergent_share").value(m.divergent_share);
}

// A shard's tally, exactly (run/simulation_merge.hpp reads it back): the counts, the partials
// of the exact sums, and the widths' bins as pairs (bin minus the previous bin, count).
void write_tally(JsonWriter& json, const PerformanceTally& t) {
  json.key("tally").begin_object();
  json.key("fitted").value(static_cast<unsigned long long>(t.fitted));
  json.key("covered").value(static_cast<unsigned long long>(t.covered));
  json.key("with_pi").value(static_cast<unsigned long long>(t.with_pi));
  json.key("tau2_zero").value(static_cast<unsigned long long>(t.tau2_zero));
  json.key("significant").value(static_cast<unsigned long long>(t.significant));
  json.key("p_benefit_095").value(static_cast<unsigned long long>(t.p_benefit_095));
  json.key("sampled").value(static_cast<unsigned long long>(t.sampled));
  json.key("divergent").value(static_cast<unsigned long long>(t.divergent));
  json.key("width_sum").inline_array(t.width_sum.partials());
  json.key("pi_sum").inline_array(t.pi_sum.partials());
  std::vector<unsigned long long> bins;
  std::uint32_t previous = 0;
  for (const auto& [bin, n] : t.widths.bins()) {
    bins.push_back(bin - previous);
    bins.push_back(n);
    previous = bin;
  }
  json.key("width_bins").inline_integers(bins);
  json.end_object();
}

}  // namespace

void write_simulation_table(std::ostream& out, const SimulationReport& report) {
  const SimulateConfig& c = report.config;
  out << "metamc " << kVersion << ": simulation study of the designs of " << c.input << "\n";
  out << c.study.replicates << " replicates per scenario, seed " << c.study.seed << ", "
      << fixed(100 * c.study.level, 0) << "% intervals. Bayes: " << to_string(c.study.tau_prior)
      << ", " << to_string(c.study.mu_prior) << "; exact for the normal model"
      << (c.model_choice == ModelChoice::normal
              ? ""
              : ", HMC for the binomial model of groups of counts (" +
                    counted(c.study.sampler.chains, "chain") + " x (" +
                    std::to_string(c.study.sampler.warmup) + " + " +
                    std::to_string(c.study.sampler.draws) + ") per replicate)")
      << (c.cuda ? "; effect-size designs on the GPU" : "") << "\n";
  out << "Coverage of the true mu (MCSE); widths on the analysis scale (log for ratios); the "
         "prediction interval's coverage of a new trial's effect; tau2 = 0: share estimated as "
         "0; significant: interval entirely on the favourable side of 0\n";
  for (const GroupSimulation& g : report.groups) {
    out << "\n== " << describe(g.group.key) << ": " << to_string(g.group.measure)
        << ", k = " << g.se.size() << ", standard errors";
    for (std::size_t i = 0; i < g.se.size(); ++i) out << (i ? ", " : " ") << significant(g.se[i]);
    out << "; " << to_string(g.group.benefit) << " favours the experimental arm\n";
    for (const ScenarioTally& tally : g.scenarios) {
      const ScenarioResult s = summarise(tally);
      out << "\n  true tau = " << shortest_decimal(s.scenario.tau) << ", true "
          << truth(g.group.measure, s.scenario.mu) << ":\n";
      TextTable table;
      table.add_row({"method", "coverage (MCSE)", "width mean", "median", "PI coverage", "tau2 = 0",
                     "significant", "P(benefit) > 0.95"});
      for (const MethodPerformance& m : s.methods)
        table.add_row({to_string(m.method), share(m.coverage) + " (" + share(m.coverage_mcse) + ")",
                       number(m.width_mean), number(m.width_median), share(m.pi_coverage),
                       share(m.tau2_zero_share), share(m.significant_rate),
                       share(m.p_benefit_095_rate)});
      table.print(out, "  ");
      for (const MethodPerformance& m : s.methods)
        if (m.divergent_share && *m.divergent_share > 0)
          out << "  " << to_string(m.method) << ": " << fixed(100 * *m.divergent_share, 1)
              << "% of the replicates had divergent transitions\n";
    }
    for (const std::string& note : g.notes) out << "  note: " << note << "\n";
  }
}

void write_simulation_json(std::ostream& out, const SimulationReport& report) {
  const SimulateConfig& c = report.config;
  JsonWriter json(out);
  json.begin_object();
  json.key("metamc").begin_object().key("version").value(kVersion).end_object();
  json.key("config").begin_object();
  json.key("input").value(c.input);
  json.key("by").begin_array();
  for (const auto& column : c.by) json.value(column);
  json.end_array();
  json.key("replicates").value(c.study.replicates);
  json.key("seed").value(static_cast<unsigned long long>(c.study.seed));
  json.key("level").value(c.study.level);
  json.key("taus").inline_array(c.taus);
  json.key("mus");
  if (c.mus.empty())
    json.null();  // 0 and each group's DL estimate
  else
    json.inline_array(c.mus);
  json.key("tau_prior").value(to_string(c.study.tau_prior));
  json.key("mu_prior").value(to_string(c.study.mu_prior));
  json.key("model").value(to_string(c.model_choice));
  json.key("backend").value(c.cuda ? "cuda" : "cpu");
  json.key("baseline_prior").value(to_string(c.study.baseline));
  json.key("chains").value(c.study.sampler.chains);
  json.key("warmup").value(c.study.sampler.warmup);
  json.key("draws").value(c.study.sampler.draws);
  json.end_object();
  if (c.shard) {
    json.key("shard").begin_object();
    json.key("command").value("simulate");
    json.key("index").value(static_cast<unsigned long long>(c.shard->index));
    json.key("count").value(static_cast<unsigned long long>(c.shard->count));
    json.end_object();
  }
  json.key("warnings").begin_array();
  for (const auto& w : report.warnings) json.value(w);
  json.end_array();
  json.key("groups").begin_array();
  for (const GroupSimulation& g : report.groups) {
    json.begin_object();
    json.key("key").begin_object();
    for (const auto& [column, value] : g.group.key) json.key(column).value(value);
    json.end_object();
    json.key("measure").value(to_string(g.group.measure));
    json.key("benefit").value(to_string(g.group.benefit));
    json.key("k").value(g.se.size());
    json.key("se").inline_array(g.se);
    json.key("simulation").begin_array();
    for (const ScenarioTally& tally : g.scenarios) {
      if (c.shard) {
        // Every method, with its tally: another shard's replicates may give the intervals this
        // one's did not.
        for (int m = 0; m < kIntervalMethods; ++m) {
          const PerformanceTally& t = tally.methods[static_cast<std::size_t>(m)];
          json.begin_object();
          write_performance(json, tally.scenario, t.performance(static_cast<IntervalMethod>(m)));
          write_tally(json, t);
          json.end_object();
        }
        continue;
      }
      for (const MethodPerformance& m : summarise(tally).methods) {
        json.begin_object();
        write_performance(json, tally.scenario, m);
        json.end_object();
      }
    }
    json.end_array();
    json.key("notes").begin_array();
    for (const auto& note : g.notes) json.value(note);
    json.end_array();
    json.key("seconds").value(g.seconds);
    json.end_object();
  }
  json.end_array();
  json.key("seconds").value(report.seconds);
  json.end_object();
}

void write_simulation_csv(std::ostream& out, const SimulationReport& report) {
  for (const auto& column : report.config.by) out << csv_field("by." + column) << ',';
  out << "measure,benefit,k,tau,mu,method,replicates,coverage,coverage_mcse,width_mean,"
         "width_median,pi_coverage,tau2_zero_share,significant_rate,p_benefit_095_rate,"
         "divergent_share\n";
  for (const GroupSimulation& g : report.groups)
    for (const ScenarioTally& tally : g.scenarios) {
      const ScenarioResult s = summarise(tally);
      for (const MethodPerformance& m : s.methods) {
        for (const auto& kv : g.group.key)
          if (!report.config.by.empty()) out << csv_field(kv.second) << ',';
        out << to_string(g.group.measure) << ',' << to_string(g.group.benefit) << ',' << g.se.size()
            << ',' << shortest_decimal(s.scenario.tau) << ',' << shortest_decimal(s.scenario.mu)
            << ',' << to_string(m.method) << ',' << m.replicates;
        for (const auto& x :
             {m.coverage, m.coverage_mcse, m.width_mean, m.width_median, m.pi_coverage,
              m.tau2_zero_share, m.significant_rate, m.p_benefit_095_rate, m.divergent_share})
          out << ',' << csv_number(x);
        out << '\n';
      }
    }
}

void write_simulation(std::ostream& out, const SimulationReport& report) {
  switch (report.config.format) {
    case OutputFormat::table:
      write_simulation_table(out, report);
      break;
    case OutputFormat::json:
      write_simulation_json(out, report);
      break;
    case OutputFormat::csv:
      write_simulation_csv(out, report);
      break;
  }
}

}  // namespace metamc
