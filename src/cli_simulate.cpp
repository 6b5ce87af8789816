#include "cli_simulate.hpp"

#include <cmath>

#include "cli_checks.hpp"
#include "metamc/model/prior_parse.hpp"

namespace metamc {
namespace {

// A comma-separated list of finite numbers given as `option`.
std::vector<double> numbers(const std::string& text, const std::string& option) {
  std::vector<double> out;
  for (const std::string& item : split(text, ',')) {
    const ParsedNumber parsed = parse_number(trim(item));
    if (parsed.status != ParsedNumber::Status::ok || !std::isfinite(parsed.value))
      throw UsageError(option + " '" + text + "': '" + trim(item) + "' is not a number");
    out.push_back(parsed.value);
  }
  return out;
}

}  // namespace

SimulateCommand::SimulateCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "simulate",
          "How often each method's interval covers the truth, for each group's own number of "
          "trials and standard errors: replicates simulated from the random-effects model and "
          "fitted by DL, REML, PM (Wald and HKSJ) and the Bayesian model")) {
  CLI::App& c = *command_;
  c.add_option("file", config_.input, "CSV file, one row per study (as for fit)")->required();
  c.add_option("--by", by_, "Grouping columns, comma-separated: one design per combination");
  c.add_option("--tau", taus_,
               "True values of tau, comma-separated, on the analysis scale (log for ratios)")
      ->default_str("0,0.1,0.2,0.4");
  c.add_option("--mu", mus_,
               "True values of mu, comma-separated, on the analysis scale; default 0 and each "
               "group's DL estimate");
  c.add_option("--replicates", config_.study.replicates, "Simulated meta-analyses per scenario")
      ->check(CLI::Range(1, 1 << 30))
      ->capture_default_str();
  c.add_option("--seed", config_.study.seed, "Random seed (the only source of randomness)")
      ->check(seed_validator())
      ->capture_default_str();
  c.add_option("--level", config_.study.level, "Level of every interval, as a fraction")
      ->capture_default_str();
  c.add_option("--tau-prior", tau_prior_, "Prior of tau of the Bayesian fits (as for fit)")
      ->capture_default_str();
  c.add_option("--mu-prior", mu_prior_, "Prior of mu of the Bayesian fits (as for fit)")
      ->capture_default_str();
  c.add_option("--model", model_,
               "Bayesian model, as for fit: auto (the binomial-normal model by HMC for groups of "
               "2x2 tables, the normal-normal model exactly for the others), normal (the "
               "normal-normal model for all, on the tables' log ratios) or binomial (an error for "
               "a group without tables)")
      ->check(CLI::IsMember({"auto", "normal", "binomial"}))
      ->capture_default_str();
  c.add_option("--baseline-prior", baseline_prior_,
               "Binomial model: prior of each trial's control-arm log odds (OR) or log risk (RR)")
      ->capture_default_str();
  c.add_option("--chains", config_.study.sampler.chains, "Binomial model: HMC chains per replicate")
      ->check(CLI::Range(2, 1 << 16))
      ->capture_default_str();
  c.add_option("--warmup", config_.study.sampler.warmup,
               "Binomial model: warmup iterations per chain and replicate")
      ->check(CLI::Range(10, 1 << 20))
      ->capture_default_str();
  c.add_option("--draws", config_.study.sampler.draws,
               "Binomial model: draws per chain and replicate")
      ->check(CLI::Range(10, 1 << 20))
      ->capture_default_str();
  c.add_option("--measure", measure_, "Measure for rows without a 'measure' value")
      ->default_str("GEN");
  c.add_option("--benefit", benefit_, "Favourable direction for rows without a 'benefit' value")
      ->default_str("lower");
  c.add_flag("--allow-repeated-studies", config_.allow_repeated_studies,
             "Accept a study name more than once in a group");
  c.add_option("--format", format_, "Output format: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  c.add_option("--output,-o", config_.output, "Write the output to this file (atomically)");
  c.add_flag("--force", config_.force, "Replace an output file even when it is read-only");
  c.add_flag("--quiet,-q", config_.quiet, "No progress line on standard error");
  c.add_option("--shard", shard_,
               "Compute only share i of n (i from 0 to n - 1) of every scenario's replicates, "
               "written as JSON for 'metamc merge'; e.g. "
               "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=0-(n-1)");
  c.add_option(
       "--backend", backend_,
       "cpu, or cuda: the replicates of effect-size designs in batches on the GPU, one "
       "thread per replicate (designs of counts, or of more than 64 trials, stay on the CPU)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  c.add_option("--device", config_.device, "CUDA device index, with --backend cuda")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  c.add_option("--threads", config_.study.threads, "CPU threads; 0 = all cores")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
}

SimulateConfig SimulateCommand::config() const {
  SimulateConfig c = config_;
  if (!by_.empty()) {
    c.by = split(by_, ',');
    for (const auto& column : c.by)
      if (column.empty()) throw UsageError("--by has an empty column name: '" + by_ + "'");
  }
  if (command_->count("--tau")) c.taus = numbers(taus_, "--tau");
  for (double tau : c.taus)
    if (tau < 0) throw UsageError("--tau " + taus_ + ": tau is a standard deviation, at least 0");
  if (command_->count("--mu")) c.mus = numbers(mus_, "--mu");
  c.default_measure = checked_measure(measure_, c.default_measure);
  c.default_benefit = checked_benefit(benefit_, c.default_benefit);
  c.study.level = checked_level(c.study.level);
  c.study.tau_prior = parse_tau_prior(tau_prior_);
  c.study.mu_prior = parse_mu_prior(mu_prior_);
  c.study.baseline = parse_baseline_prior(baseline_prior_);
  c.cuda = backend_ == "cuda";
  c.model_choice = model_ == "binomial" ? ModelChoice::binomial
                   : model_ == "normal" ? ModelChoice::normal
                                        : ModelChoice::automatic;
  c.format = format_ == "json"  ? OutputFormat::json
             : format_ == "csv" ? OutputFormat::csv
                                : OutputFormat::table;
  if (command_->count("--shard")) {
    c.shard = parse_shard(shard_);
    c.format = shard_format(shard_, command_->count("--format") > 0, format_);
  }
  return c;
}

}  // namespace metamc
