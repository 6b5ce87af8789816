// The JSON output is a contract that scripts rely on (shared/DESIGN.md, README "Output"): parsed
// with nlohmann/json, every field at its place and of its type, for both Bayesian methods, both
// samplers and both models.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "metamc/mcmc/cuda_backend.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

json parsed(const Result& r) {
  EXPECT_EQ(r.code, 0) << r.err;
  return json::parse(r.out);
}

void expect_interval(const json& j, const char* name) {
  ASSERT_TRUE(j.contains(name)) << name;
  if (j[name].is_null()) return;
  ASSERT_TRUE(j[name].is_array()) << name;
  ASSERT_EQ(j[name].size(), 2u) << name;
  EXPECT_LE(j[name][0].get<double>(), j[name][1].get<double>()) << name;
}

void expect_frequentist(const json& fit) {
  for (const char* key : {"mu", "se", "p", "tau2", "Q", "df"})
    EXPECT_TRUE(fit.at(key).is_number()) << key;
  for (const char* key : {"Q_p", "I2", "H2"}) EXPECT_TRUE(fit.contains(key)) << key;
  for (const char* key : {"ci", "tau2_ci", "hksj_ci", "pi"}) expect_interval(fit, key);
}

void expect_scalar(const json& s, bool with_sd) {
  for (const char* key : {"mean", "median"}) EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_EQ(s.contains("sd"), with_sd);
  expect_interval(s, "ci");
}

// `sampler`: the run's config.sampler; "mixed" under --sampler auto, where the groups of counts
// take the binomial model with HMC and the others the collapsed sampler.
void expect_group(const json& g, const std::string& run_sampler) {
  EXPECT_TRUE(g.at("key").is_object());
  EXPECT_TRUE(g.at("measure").is_string());
  EXPECT_TRUE(g.at("benefit").is_string());
  const auto k = g.at("k").get<std::size_t>();
  ASSERT_EQ(g.at("studies").size(), k);
  for (const json& s : g["studies"]) {
    EXPECT_TRUE(s.at("study").is_string());
    EXPECT_TRUE(s.at("yi").is_number());
    EXPECT_TRUE(s.at("sei").is_number());
    EXPECT_TRUE(s.contains("input_level"));
    expect_scalar(s.at("shrunken"), false);
  }
  EXPECT_TRUE(g.at("uninformative_studies").is_array());
  EXPECT_TRUE(g.at("notes").is_array());
  for (const char* fit : {"dl", "reml", "pm"}) expect_frequentist(g.at(fit));
  // The binomial GLMM: odds ratios from counts only (the main job's counts are risk ratios).
  ASSERT_TRUE(g.contains("glmm"));
  EXPECT_TRUE(g.at("meta_regression").is_null());  // no --mods
  if (g["measure"] != "OR") {
    EXPECT_TRUE(g["glmm"].is_null());
  }
  const json& b = g.at("bayes");
  EXPECT_EQ(b.at("method"), run_sampler.empty() ? "exact" : "mcmc");
  // Groups of counts take the binomial model (--model auto) unless the run allows only the
  // normal one; the binomial model always runs HMC.
  const bool counts = g["measure"] == "RR" || g["measure"] == "OR";
  const bool mixed = run_sampler == "mixed";
  const bool binomial = counts && (run_sampler == "hmc" || mixed);
  const std::string sampler = mixed ? (counts ? "hmc" : "collapsed") : run_sampler;
  EXPECT_EQ(b.at("model"), binomial ? "binomial" : "normal") << g["key"];
  // Each study's arm risks: the binomial model with its draws kept (as here), null otherwise.
  for (const json& s : g["studies"])
    for (const char* key : {"control_risk", "risk_difference"}) {
      ASSERT_EQ(s.at(key).is_object(), binomial) << key;
      if (binomial) expect_scalar(s[key], false);
    }
  EXPECT_EQ(b.at("sampler"), sampler.empty() ? json() : json(sampler));
  expect_scalar(b.at("mu"), true);
  EXPECT_TRUE(b["mu"].contains("mcse"));
  expect_scalar(b.at("tau"), false);
  expect_scalar(b.at("tau2"), false);
  EXPECT_TRUE(b.at("pred").at("median").is_number());
  expect_interval(b["pred"], "pi");
  for (const char* key : {"p_benefit", "p_pred_benefit"}) {
    const double p = b.at(key).get<double>();
    EXPECT_GE(p, 0);
    EXPECT_LE(p, 1);
  }
  for (const char* key : {"p_benefit_mcse", "p_threshold"}) EXPECT_TRUE(b.contains(key)) << key;
  // The risk difference at the median control risk: for counts (RR here), null otherwise.
  const json& rd = b.at("risk_difference");
  ASSERT_EQ(rd.is_object(), counts) << g["key"];
  if (counts) {
    EXPECT_GT(rd.at("control_risk").get<double>(), 0);
    expect_interval(rd, "ci");
    expect_interval(rd, "pi");
    EXPECT_LE(rd["ci"][0].get<double>(), rd.at("median").get<double>());
    EXPECT_LE(rd.at("median").get<double>(), rd["ci"][1].get<double>());
    EXPECT_TRUE(rd.at("pred_median").is_number());
  }
  const json& d = b.at("diagnostics");
  for (const char* key : {"rhat", "ess_bulk", "ess_tail", "chains", "draws_per_chain", "acceptance",
                          "seconds", "nested_rhat", "divergences", "step_size", "n_leapfrog"})
    EXPECT_TRUE(d.contains(key)) << key;
  if (sampler.empty()) {
    EXPECT_TRUE(d["rhat"].is_null());
  } else {
    EXPECT_LT(d["rhat"].get<double>(), 1.05);
    EXPECT_EQ(d["chains"], 64);
  }
  const bool hmc = sampler == "hmc";
  for (const char* key : {"step_size", "n_leapfrog", "divergences", "nested_rhat"})
    ASSERT_EQ(d[key].is_number(), hmc) << key << " of " << g["key"];
  if (hmc) {
    EXPECT_GT(d["step_size"].get<double>(), 0);
    EXPECT_GE(d["n_leapfrog"].get<double>(), 1);
    EXPECT_TRUE(d["divergences"].is_number_unsigned());
    // 64 chains in 8 superchains; sqrt(1 + B / W) >= 1, and near 1 for a run that has mixed.
    EXPECT_GE(d["nested_rhat"].get<double>(), 1);
    EXPECT_LT(d["nested_rhat"].get<double>(), 1.05);
  }
  EXPECT_TRUE(b.at("notes").is_array());
}

void expect_contract(const json& j, const std::string& sampler) {
  EXPECT_TRUE(j.at("metamc").at("version").is_string());
  const json& c = j.at("config");
  EXPECT_EQ(c.at("level"), 0.95);
  EXPECT_EQ(c.at("method"), sampler.empty() ? "exact" : "mcmc");
  EXPECT_EQ(c.at("sampler"), sampler.empty() ? json() : json(sampler));
  for (const char* key : {"input", "by", "seed", "chains", "warmup", "draws", "backend", "device",
                          "threads", "summaries", "tau_prior", "mu_prior", "threshold"})
    EXPECT_TRUE(c.contains(key)) << key;
  EXPECT_EQ(c["tau_prior"], "tau ~ halfnormal(0.5)");
  EXPECT_EQ(c.at("baseline_prior"), "alpha ~ normal(0, 10)");
  EXPECT_TRUE(c.at("model").is_string());
  EXPECT_TRUE(j.at("warnings").is_array());
  EXPECT_TRUE(j.at("seconds").is_number());
  ASSERT_EQ(j.at("groups").size(), 18u);
  for (const json& g : j["groups"]) expect_group(g, sampler);
  // NDMM PFS: IMROZ entered with its 98.5% interval.
  const json& ndmm = j["groups"][2];
  EXPECT_EQ(ndmm["key"]["setting"], "NDMM");
  EXPECT_EQ(ndmm["key"]["outcome"], "PFS");
  EXPECT_EQ(ndmm["studies"][1]["study"], "IMROZ");
  EXPECT_EQ(ndmm["studies"][1]["input_level"], 0.985);
  EXPECT_TRUE(ndmm["dl"]["pi"].is_null());  // k = 2
}

TEST_F(Cli, JsonContractWithTheExactMethod) {
  expect_contract(parsed(run(kMainJob + " --method exact --format json")), "");
}

TEST_F(Cli, JsonContractWithTheCollapsedSampler) {
  expect_contract(parsed(run(kMainJob + " --format json --model normal --draws 300 --warmup 100")),
                  "collapsed");
}

TEST_F(Cli, JsonContractWithTheSamplersAutoChooses) {
  // --sampler auto (the default): config.sampler names both samplers, each group the one it ran.
  expect_contract(parsed(run(kMainJob + " --format json --draws 300 --warmup 500")), "mixed");
}

TEST_F(Cli, JsonContractWithHmc) {
  // The count outcomes take the binomial model, the others the normal one, all with HMC.
  expect_contract(parsed(run(kMainJob + " --format json --sampler hmc --draws 300 --warmup 500")),
                  "hmc");
}

TEST_F(Cli, HmcOutputDependsOnlyOnTheSeed) {
  const std::string args =
      "fit tests/fixtures/bcg.csv --sampler hmc --format csv --draws 100 --warmup 150 --seed 3";
  const Result one = run(args + " --threads 1");
  const Result two = run(args + " --threads 2");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  // --backend cuda: the chains on a GPU where there is one, else exit 69 (unavailable).
  EXPECT_EQ(run(args + " --backend cuda").code, cuda_device_count() > 0 ? 0 : 69);
}

}  // namespace
}  // namespace metamc::testing
