#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli_checks.hpp"
#include "cli_merge.hpp"
#include "cli_simulate.hpp"
#include "metamc/error.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/text.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

// --prior-grid standard: half-normal priors from narrow to wide on log ratios, and two
// half-Cauchy priors with heavier tails.
const char* const kStandardPriorGrid =
    "halfnormal(0.25); halfnormal(0.5); halfnormal(1); halfcauchy(0.5); halfcauchy(1)";

}  // namespace

std::optional<Command> parse_command_line(int argc, const char* const* argv, std::ostream& out) {
  CLI::App app{"metamc: Bayesian and frequentist random-effects meta-analysis", "metamc"};
  app.set_version_flag("--version", std::string("metamc ") + kVersion);
  app.require_subcommand(1);

  RunConfig config;
  std::string by, mods, measure, benefit, format = "table", tau_method = "dl";
  CLI::App* fit =
      app.add_subcommand("fit", "Analyse the studies of a CSV file, one group at a time");
  fit->add_option("file", config.input,
                  "CSV file, one row per study (see README); - = standard input")
      ->required();
  fit->add_option("--by", by, "Grouping columns, comma-separated: one analysis per combination");
  fit->add_option("--subgroup", config.subgroup,
                  "Column whose levels are analysed apart within each group, with the test for "
                  "subgroup differences");
  fit->add_option("--mods", mods,
                  "Moderator columns, comma-separated: a mixed-effects meta-regression per group "
                  "(numbers as they are, text as factors)");
  fit->add_option("--tau-method", tau_method,
                  "Whose estimates the test for subgroup differences compares: dl, reml or pm")
      ->check(CLI::IsMember({"dl", "reml", "pm"}))
      ->default_str("dl");
  fit->add_option("--measure", measure,
                  "Measure for rows without a 'measure' value: HR, RR, OR, MD, SMD, GEN")
      ->default_str("GEN");
  fit->add_option("--benefit", benefit,
                  "Direction favouring the experimental arm for rows without a 'benefit' value: "
                  "lower or higher")
      ->default_str("lower");
  fit->add_option("--level", config.level, "Level of every interval, as a fraction")
      ->capture_default_str();
  fit->add_option("--format", format, "Output format: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  fit->add_option("--output,-o", config.output,
                  "Write the output to this file (atomically; - = standard output) instead of "
                  "standard output");
  fit->add_flag("--force", config.force,
                "Replace output files even when they are read-only or not the user's");
  fit->add_flag("--no-studies", config.no_studies,
                "Leave the per-study rows out of the table (for large inputs)");
  fit->add_flag("--quiet,-q", config.quiet, "No progress line on standard error");
  std::string shard;
  fit->add_option("--shard", shard,
                  "Analyse only share i of n (i from 0 to n - 1) of the groups (with --subgroup, "
                  "of the --by groups), written as JSON for 'metamc merge'; e.g. "
                  "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=0-(n-1)");
  fit->add_flag("--allow-repeated-studies", config.allow_repeated_studies,
                "Accept a study name more than once in a group (pooled as separate studies, with "
                "a note); by default it is an error");

  std::string method = "mcmc", mu_prior = "flat", prior_grid;
  std::vector<std::string> tau_priors;
  fit->add_option("--method", method, "Bayesian fit: mcmc (many chains) or exact (quadrature)")
      ->check(CLI::IsMember({"mcmc", "exact"}))
      ->capture_default_str()
      ->group("Bayesian model");
  fit->add_option("--tau-prior", tau_priors,
                  "Prior of tau: halfnormal(s), halfcauchy(s), halft(df, s), uniform(a, b), "
                  "exponential(rate); or of tau^2: lognormal(m, sd) meaning log(tau^2) ~ "
                  "normal(m, sd), invgamma(a, b) meaning tau^2 ~ invgamma(a, b). Given more "
                  "than once: the first is the model's, the others a prior-sensitivity analysis")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->default_str("halfnormal(0.5)")
      ->group("Bayesian model");
  fit->add_option("--prior-grid", prior_grid,
                  "Prior sensitivity: every group also fitted under each of these tau priors, "
                  "';'-separated, or 'standard' for " +
                      std::string(kStandardPriorGrid))
      ->group("Bayesian model");
  fit->add_option("--mu-prior", mu_prior,
                  "Prior of mu: flat or normal(mean, sd); scales within 1e-100 .. 1e100")
      ->capture_default_str()
      ->group("Bayesian model");
  std::string beta_prior = "flat";
  fit->add_option("--beta-prior", beta_prior,
                  "Prior of every meta-regression coefficient but the intercept (--mods, and the "
                  "subgroup contrasts of --subgroup): flat or normal(mean, sd); the intercept "
                  "takes --mu-prior")
      ->capture_default_str()
      ->group("Bayesian model");
  std::string model = "auto", baseline_prior = "normal(0, 10)";
  fit->add_option("--model", model,
                  "Model: normal (effect sizes and their standard errors), binomial (the exact "
                  "likelihood of 2x2 counts, OR or RR; HMC) or auto (binomial where every study "
                  "has counts and the measure is OR or RR, normal otherwise)")
      ->check(CLI::IsMember({"auto", "normal", "binomial"}))
      ->capture_default_str()
      ->group("Bayesian model");
  fit->add_option("--baseline-prior", baseline_prior,
                  "Binomial model: prior of each study's control-arm log odds (OR) or log risk "
                  "(RR), normal(mean, sd)")
      ->capture_default_str()
      ->group("Bayesian model");
  std::optional<double> threshold;
  fit->add_option("--threshold", threshold,
                  "Report P(mu beyond this value): a ratio (e.g. 0.8) for HR/RR/OR, an "
                  "analysis-scale value otherwise")
      ->group("Bayesian model");
  fit->add_option("--chains", config.sampler.chains, "MCMC chains per group")
      ->check(CLI::Range(1, 1 << 24))
      ->capture_default_str()
      ->group("Sampler");
  fit->add_option("--warmup", config.sampler.warmup, "Warmup iterations per chain (discarded)")
      ->check(CLI::Range(0, 1 << 30))
      ->capture_default_str()
      ->group("Sampler");
  fit->add_option("--draws", config.sampler.draws, "Kept iterations per chain")
      ->check(CLI::Range(10, 1 << 30))
      ->capture_default_str()
      ->group("Sampler");
  fit->add_option("--seed", config.sampler.seed, "Random seed (the only source of randomness)")
      ->check(seed_validator())
      ->capture_default_str()
      ->group("Sampler");
  fit->add_option("--threads", config.sampler.threads, "CPU threads; 0 = all cores")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str()
      ->group("Sampler");
  std::string sampler = "auto";
  fit->add_option("--sampler", sampler,
                  "MCMC sampler: auto (collapsed where the model allows it), collapsed (the exact "
                  "conditionals of the normal-normal model) or hmc (ChEES-HMC, any model)")
      ->check(CLI::IsMember({"auto", "collapsed", "hmc"}))
      ->capture_default_str()
      ->group("Sampler");
  std::string backend = "auto";
  fit->add_option("--backend", backend,
                  "Where the chains run: auto (the GPU when one is usable, else the CPU), cpu or "
                  "cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str()
      ->group("Sampler");
  fit->add_option("--device", config.device, "CUDA device index")
      ->check(CLI::Range(0, 1023))
      ->capture_default_str()
      ->group("Sampler");
  fit->add_flag("--streamed", config.streamed,
                "Keep streamed summaries (histograms, running moments) instead of every draw, as "
                "the GPU does; automatic for more than 2^26 draws or when the draws would not fit "
                "in memory")
      ->group("Sampler");
  fit->add_option("--draws-out", config.draws_out,
                  "Write every MCMC draw to this CSV file (chain, iteration, mu, tau, ...)")
      ->group("Sampler");

  std::string plot_formats = "svg";
  fit->add_option("--plot", config.plot_dir,
                  "Write each group's forest plot and posterior plot into this directory (created "
                  "when missing): DIR/<group>.forest.svg, DIR/<group>.posterior.svg")
      ->group("Plots and report");
  fit->add_option("--plot-format", plot_formats,
                  "Formats of the plots, comma-separated: svg, pdf, png (PNG at 2 pixels per SVG "
                  "px)")
      ->capture_default_str()
      ->group("Plots and report");
  fit->add_option("--report", config.report_html,
                  "Write a self-contained HTML page: the run's configuration, then per group the "
                  "tables and the plots")
      ->group("Plots and report");

  const SimulateCommand simulate(app);
  const MergeCommand merge(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with a success code: print them, exit 0.
    if (e.get_exit_code() != static_cast<int>(CLI::ExitCodes::Success))
      throw UsageError(std::string(e.what()) + " (see 'metamc " +
                       (simulate.chosen() ? "simulate"
                        : merge.chosen()  ? "merge"
                                          : "fit") +
                       " --help')");
    std::ostringstream err;
    app.exit(e, out, err);
    return std::nullopt;
  }
  if (simulate.chosen()) return simulate.config();
  if (merge.chosen()) return merge.config();

  if (!by.empty()) {
    config.by = split(by, ',');
    for (const auto& column : config.by)
      if (column.empty()) throw UsageError("--by has an empty column name: '" + by + "'");
  }
  if (!mods.empty()) {
    config.mods = split(mods, ',');
    for (const auto& column : config.mods)
      if (column.empty()) throw UsageError("--mods has an empty column name: '" + mods + "'");
  }
  if (!config.subgroup.empty() &&
      std::find(config.by.begin(), config.by.end(), config.subgroup) != config.by.end())
    throw UsageError("--subgroup " + config.subgroup +
                     " is also a --by column; a column either forms groups or splits them");
  if (fit->count("--tau-method") && config.subgroup.empty())
    throw UsageError(
        "--tau-method chooses the estimates of the test for subgroup differences; it "
        "needs --subgroup");
  config.subgroup_tau_method = tau_method == "reml" ? Tau2Method::REML
                               : tau_method == "pm" ? Tau2Method::PM
                                                    : Tau2Method::DL;
  config.default_measure = checked_measure(measure, config.default_measure);
  config.default_benefit = checked_benefit(benefit, config.default_benefit);
  config.level = checked_level(config.level);
  config.method = method == "exact" ? BayesMethod::exact : BayesMethod::mcmc;
  if (config.method == BayesMethod::exact)
    for (const char* option : {"--sampler", "--chains", "--warmup", "--draws", "--streamed"})
      if (fit->count(option)) config.unused_mcmc_options.push_back(option);
  config.sampler_choice = sampler == "hmc"         ? SamplerChoice::hmc
                          : sampler == "collapsed" ? SamplerChoice::collapsed
                                                   : SamplerChoice::automatic;
  config.backend = backend == "cuda"  ? Backend::cuda
                   : backend == "cpu" ? Backend::cpu
                                      : Backend::automatic;
  if (config.streamed && !config.draws_out.empty())
    throw UsageError("--streamed keeps no draws; it cannot be combined with --draws-out");
  config.tau_prior = parse_tau_prior(tau_priors.empty() ? "halfnormal(0.5)" : tau_priors[0]);
  config.tau_prior_is_default = tau_priors.empty();
  std::vector<std::string> others(tau_priors.begin() + (tau_priors.empty() ? 0 : 1),
                                  tau_priors.end());
  if (fit->count("--prior-grid")) {
    const std::vector<std::string> grid =
        split(prior_grid == "standard" ? kStandardPriorGrid : prior_grid, ';');
    others.insert(others.end(), grid.begin(), grid.end());
  }
  // Each prior once, the model's not again, in the order given.
  std::vector<std::string> seen = {to_string(config.tau_prior)};
  for (const std::string& text : others) {
    if (trim(text).empty())
      throw UsageError("--prior-grid has an empty prior: '" + prior_grid + "'");
    const TauPrior prior = parse_tau_prior(trim(text));
    if (std::find(seen.begin(), seen.end(), to_string(prior)) != seen.end()) continue;
    seen.push_back(to_string(prior));
    config.other_tau_priors.push_back(prior);
  }
  config.mu_prior = parse_mu_prior(mu_prior);
  config.beta_prior = parse_beta_prior(beta_prior);
  if (fit->count("--beta-prior") && config.mods.empty() && config.subgroup.empty())
    throw UsageError(
        "--beta-prior is the prior of meta-regression coefficients; it needs --mods or "
        "--subgroup");
  config.baseline_prior = parse_baseline_prior(baseline_prior);
  config.model_choice = model == "binomial" ? ModelChoice::binomial
                        : model == "normal" ? ModelChoice::normal
                                            : ModelChoice::automatic;
  if (config.model_choice == ModelChoice::binomial && config.method == BayesMethod::exact)
    throw UsageError(
        "--method exact is not available for the binomial model (no closed form to integrate); "
        "use --method mcmc, or --model normal for the exact posterior of the normal "
        "approximation");
  if (config.model_choice == ModelChoice::binomial &&
      config.sampler_choice == SamplerChoice::collapsed)
    throw UsageError(
        "--sampler collapsed needs the normal model; the binomial model runs HMC (--sampler hmc "
        "or auto), or give --model normal");
  config.threshold = threshold;
  if (threshold && !std::isfinite(*threshold)) throw UsageError("--threshold must be finite");
  if (!config.draws_out.empty() && config.method == BayesMethod::exact)
    throw UsageError("--draws-out needs --method mcmc (the exact method makes no draws)");
  config.plot_formats.clear();
  for (const std::string& f : split(plot_formats, ',')) {
    const PlotFormat parsed =
        f == "svg"   ? PlotFormat::svg
        : f == "pdf" ? PlotFormat::pdf
        : f == "png"
            ? PlotFormat::png
            : throw UsageError("--plot-format: unknown format '" + f + "' (svg, pdf or png)");
    if (std::find(config.plot_formats.begin(), config.plot_formats.end(), parsed) ==
        config.plot_formats.end())
      config.plot_formats.push_back(parsed);
  }
  if (fit->count("--plot-format") && config.plot_dir.empty())
    throw UsageError("--plot-format chooses the formats of --plot; it needs --plot DIR");
  config.format = format == "json"  ? OutputFormat::json
                  : format == "csv" ? OutputFormat::csv
                                    : OutputFormat::table;
  if (fit->count("--shard")) {
    config.shard = parse_shard(shard);
    config.format = shard_format(shard, fit->count("--format") > 0, format);
    // What describes the whole run, not a share of its groups, has no shard to come from.
    if (!config.report_html.empty())
      throw UsageError(
          "--report describes the whole run; a shard (--shard) analyses part of it. "
          "Make the report from an unsharded run");
    if (!config.draws_out.empty())
      throw UsageError(
          "--draws-out writes one file of the whole run's draws; it cannot be "
          "combined with --shard");
    if (!config.plot_dir.empty())
      throw UsageError(
          "--plot names its files over the whole run's groups; it cannot be combined "
          "with --shard (plot from an unsharded run, e.g. of the groups you want)");
  }
  return config;
}

}  // namespace metamc
