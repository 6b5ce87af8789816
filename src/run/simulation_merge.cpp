#include "metamc/run/simulation_merge.hpp"

#include "metamc/error.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/run/shard_files.hpp"

namespace metamc {
namespace {

using Json = JsonDocument::Json;

PerformanceTally read_tally(const JsonDocument& f, const Json& j, const std::string& field) {
  PerformanceTally t;
  const auto count = [&](const char* key) {
    return f.whole(f.at(j, key, field), field + "." + key);
  };
  t.fitted = count("fitted");
  t.covered = count("covered");
  t.with_pi = count("with_pi");
  t.tau2_zero = count("tau2_zero");
  t.significant = count("significant");
  t.p_benefit_095 = count("p_benefit_095");
  t.sampled = count("sampled");
  t.divergent = count("divergent");
  t.width_sum =
      ExactSum::from_partials(f.numbers(f.at(j, "width_sum", field), field + ".width_sum"));
  t.pi_sum = ExactSum::from_partials(f.numbers(f.at(j, "pi_sum", field), field + ".pi_sum"));
  const Json& bins = f.array(f.at(j, "width_bins", field), field + ".width_bins");
  if (bins.size() % 2) f.fail(field + ".width_bins", "has an odd number of entries");
  std::uint64_t bin = 0;
  for (std::size_t i = 0; i < bins.size(); i += 2) {
    const std::string at = field + ".width_bins[" + std::to_string(i) + "]";
    const std::uint64_t gap = f.whole(bins[i], at), n = f.whole(bins[i + 1], at);
    if (i > 0 && gap == 0) f.fail(at, "repeats a bin");
    bin += gap;
    try {
      if (bin > 0xFFFFFFFFu) throw std::invalid_argument("no such bin");
      t.widths.add_bin(static_cast<std::uint32_t>(bin), n);
    } catch (const std::invalid_argument&) {
      f.fail(at, "is not a bin of a width");
    }
  }
  const std::uint64_t most = t.fitted;
  if (t.widths.count() != t.fitted || t.covered > most || t.with_pi > most || t.tau2_zero > most ||
      t.significant > most || t.p_benefit_095 > most)
    f.fail(field, "has counts that do not add up");
  return t;
}

// The run's configuration as the shards record it (all equal: checked before).
SimulateConfig read_config(const JsonDocument& f) {
  const Json& j = f.at(f.root(), "config", "");
  const std::string at = "config";
  SimulateConfig c;
  const auto positive = [&](const char* key) {
    const std::uint64_t n = f.whole(f.at(j, key, at), at + "." + key);
    if (n < 1 || n > (1u << 30)) f.fail(at + "." + key, "is out of range");
    return static_cast<int>(n);
  };
  c.input = f.text(f.at(j, "input", at), at + ".input");
  for (const Json& column : f.array(f.at(j, "by", at), at + ".by"))
    c.by.push_back(f.text(column, at + ".by"));
  c.study.replicates = positive("replicates");
  c.study.seed = f.whole(f.at(j, "seed", at), at + ".seed");
  c.study.level = f.number(f.at(j, "level", at), at + ".level");
  c.taus = f.numbers(f.at(j, "taus", at), at + ".taus");
  const Json& mus = f.at(j, "mus", at);
  if (!mus.is_null()) c.mus = f.numbers(mus, at + ".mus");
  const std::string tau_prior = f.text(f.at(j, "tau_prior", at), at + ".tau_prior");
  const std::string mu_prior = f.text(f.at(j, "mu_prior", at), at + ".mu_prior");
  const std::string baseline = f.text(f.at(j, "baseline_prior", at), at + ".baseline_prior");
  const std::string model = f.text(f.at(j, "model", at), at + ".model");
  bool known_model = false;
  for (const ModelChoice m : {ModelChoice::automatic, ModelChoice::normal, ModelChoice::binomial})
    if (model == to_string(m)) c.model_choice = m, known_model = true;
  if (!known_model) f.fail(at + ".model", "is not a model: " + model);
  // Shards written before --backend cuda existed have no "backend": the CPU's.
  const std::string backend =
      j.contains("backend") ? f.text(j["backend"], at + ".backend") : std::string("cpu");
  if (backend != "cpu" && backend != "cuda")
    f.fail(at + ".backend", "is not a backend: " + backend);
  c.cuda = backend == "cuda";
  c.study.sampler.chains = positive("chains");
  c.study.sampler.warmup = positive("warmup");
  c.study.sampler.draws = positive("draws");
  try {
    c.study.tau_prior = parse_tau_prior(tau_prior);
    c.study.mu_prior = parse_mu_prior(mu_prior);
    c.study.baseline = parse_baseline_prior(baseline);
  } catch (const UsageError& e) {
    f.fail(at, std::string("has a prior metamc cannot read: ") + e.what());
  }
  return c;
}

GroupSimulation read_group(const JsonDocument& f, const Json& j, const std::string& at) {
  GroupSimulation g;
  const Json& key = f.at(j, "key", at);
  if (!key.is_object()) f.fail(at + ".key", "is not an object");
  for (const auto& [column, value] : key.items())
    g.group.key.emplace_back(column, f.text(value, at + ".key." + column));
  const std::string measure = f.text(f.at(j, "measure", at), at + ".measure");
  const std::string benefit = f.text(f.at(j, "benefit", at), at + ".benefit");
  const auto m = parse_measure(measure);
  const auto b = parse_benefit(benefit);
  if (!m) f.fail(at + ".measure", "is not a measure: " + measure);
  if (!b) f.fail(at + ".benefit", "is not a direction: " + benefit);
  g.group.measure = *m;
  g.group.benefit = *b;
  g.se = f.numbers(f.at(j, "se", at), at + ".se");
  for (const Json& note : f.array(f.at(j, "notes", at), at + ".notes"))
    g.notes.push_back(f.text(note, at + ".notes"));
  const Json& rows = f.array(f.at(j, "simulation", at), at + ".simulation");
  if (rows.size() % kIntervalMethods)
    f.fail(at + ".simulation", "does not have a row for every method of every scenario");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string row = at + ".simulation[" + std::to_string(r) + "]";
    const auto method = static_cast<IntervalMethod>(r % kIntervalMethods);
    if (f.text(f.at(rows[r], "method", row), row + ".method") != to_string(method))
      f.fail(row + ".method", std::string("should be ") + to_string(method));
    if (r % kIntervalMethods == 0) {
      ScenarioTally s;
      s.scenario = {f.number(f.at(rows[r], "tau", row), row + ".tau"),
                    f.number(f.at(rows[r], "mu", row), row + ".mu")};
      g.scenarios.push_back(s);
    }
    g.scenarios.back().methods[r % kIntervalMethods] =
        read_tally(f, f.at(rows[r], "tally", row), row + ".tally");
  }
  g.seconds = f.number(f.at(j, "seconds", at), at + ".seconds");
  return g;
}

// What must be equal in every shard of one study: all but the shard, its tallies and figures,
// and the timings.
Json study_of(const Json& shard) {
  Json j = shard;
  j.erase("shard");
  j.erase("seconds");
  if (j.contains("groups") && j["groups"].is_array())
    for (Json& g : j["groups"]) {
      if (!g.is_object()) continue;
      g.erase("seconds");
      if (g.contains("simulation") && g["simulation"].is_array())
        for (Json& row : g["simulation"])
          if (row.is_object())
            row = Json{{"tau", row.value("tau", Json())},
                       {"mu", row.value("mu", Json())},
                       {"method", row.value("method", Json())}};
    }
  return j;
}

}  // namespace

SimulationReport merge_simulation_shards(const std::vector<JsonDocument>& shards) {
  check_one_run(shards, study_of);
  const JsonDocument& first = shards.front();
  SimulationReport report;
  report.config = read_config(first);
  for (const Json& w : first.array(first.at(first.root(), "warnings", ""), "warnings"))
    report.warnings.push_back(first.text(w, "warnings"));
  for (std::size_t index = 0; index < shards.size(); ++index) {
    const JsonDocument& f = shards[index];
    const Json& groups = f.array(f.at(f.root(), "groups", ""), "groups");
    for (std::size_t i = 0; i < groups.size(); ++i) {
      GroupSimulation g = read_group(f, groups[i], "groups[" + std::to_string(i) + "]");
      if (index == 0) {
        report.groups.push_back(std::move(g));
        continue;
      }
      GroupSimulation& total = report.groups[i];
      for (std::size_t s = 0; s < g.scenarios.size(); ++s) total.scenarios[s].add(g.scenarios[s]);
      total.seconds += g.seconds;
    }
    report.seconds += f.number(f.at(f.root(), "seconds", ""), "seconds");
  }
  return report;
}

}  // namespace metamc
