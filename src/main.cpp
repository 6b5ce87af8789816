// metamc's entry point: the only place where errors become exit codes.
#include <iostream>
#include <new>
#include <optional>
#include <variant>

#include "cli.hpp"
#include "metamc/error.hpp"
#include "metamc/io/output_file.hpp"
#include "metamc/io/output_target.hpp"
#include "metamc/plots/plot_files.hpp"
#include "metamc/plots/renderer_module.hpp"
#include "metamc/progress.hpp"
#include "metamc/reports/draws_writer.hpp"
#include "metamc/reports/html_report.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/reports/simulation_report.hpp"
#include "metamc/run/analysis.hpp"
#include "metamc/run/fit_merge.hpp"
#include "metamc/run/shard_files.hpp"
#include "metamc/run/simulation_merge.hpp"
#include "metamc/system_memory.hpp"

namespace {

void render(std::ostream& out, const metamc::AnalysisReport& report) {
  switch (report.config.format) {
    case metamc::OutputFormat::table:
      metamc::write_table(out, report);
      break;
    case metamc::OutputFormat::json:
      metamc::write_json(out, report);
      break;
    case metamc::OutputFormat::csv:
      metamc::write_csv(out, report);
      break;
  }
}

int run_fit(const metamc::RunConfig& config) {
  using metamc::OutputTarget;
  // Every output is resolved and checked before the analysis: a long run must not end in a
  // refusal, nor in writing over something it should not touch.
  std::vector<OutputTarget> targets{
      config.output.empty() ? metamc::standard_output("--output")
                            : metamc::resolve_output(config.output, "--output", config.force)};
  if (!config.draws_out.empty())
    targets.push_back(metamc::resolve_output(config.draws_out, "--draws-out", config.force));
  std::optional<OutputTarget> report_target;
  if (!config.report_html.empty())
    report_target = metamc::resolve_output(config.report_html, "--report", config.force);
  std::vector<OutputTarget> all = targets;
  if (report_target) all.push_back(*report_target);
  metamc::check_distinct_outputs({config.input}, all);
  // Plots and the report need the renderer module: loaded now, so that a missing one stops the
  // run before it starts.
  if (config.wants_densities()) metamc::renderer();
  if (!config.plot_dir.empty())
    metamc::prepare_output_directory(config.plot_dir, "--plot", /*create=*/false);
  // The plot files are named after the groups: resolved once the groups are known, before the
  // Bayesian fits, and checked against every other output.
  std::vector<OutputTarget> plot_targets;
  const auto before_bayes = [&](const metamc::AnalysisReport& groups) {
    if (config.plot_dir.empty()) return;
    metamc::prepare_output_directory(config.plot_dir, "--plot", /*create=*/true);
    plot_targets = metamc::resolve_plot_files(config, groups);
    std::vector<OutputTarget> every = all;
    every.insert(every.end(), plot_targets.begin(), plot_targets.end());
    metamc::check_distinct_outputs({config.input}, every);
  };

  std::optional<metamc::OutputFile> draws_file;
  std::optional<metamc::DrawsCsvWriter> draws_writer;
  if (targets.size() > 1) {
    draws_file.emplace(targets[1]);
    draws_writer.emplace(draws_file->stream(), config.grouping_columns());
  }
  std::optional<metamc::AnalysisReport> report;
  {
    metamc::Progress progress(!config.quiet);
    report = metamc::run_analysis(config, draws_writer ? &*draws_writer : nullptr, &progress,
                                  before_bayes);
  }  // the progress line is gone before anything else is printed
  for (const auto& warning : report->warnings) std::cerr << "metamc: warning: " << warning << "\n";
  for (const OutputTarget& t : targets)
    if (t.kind == OutputTarget::Kind::existing_file && t.links > 1)
      std::cerr << "metamc: warning: " << t.option << " " << t.given << " had " << t.links
                << " names (hard links); only this name gets the new file\n";
  // Plots first: their rendering is what may still fail, before any other output is in place.
  if (config.wants_densities()) {
    const metamc::PlotDrawings plots = metamc::draw_plots(*report);
    if (!config.plot_dir.empty()) metamc::write_plot_files(config, plots, plot_targets);
    if (report_target) {
      metamc::OutputFile html(*report_target);
      metamc::write_html_report(html.stream(), *report, plots);
      html.commit();
    }
  }
  if (draws_file) draws_file->commit();
  metamc::OutputFile output(targets[0]);
  render(output.stream(), *report);
  output.commit();
  return 0;
}

int run_simulate(const metamc::SimulateConfig& config) {
  // The output is resolved and checked before the simulation, as for fit.
  const metamc::OutputTarget target =
      config.output.empty() ? metamc::standard_output("--output")
                            : metamc::resolve_output(config.output, "--output", config.force);
  metamc::check_distinct_outputs({config.input}, {target});
  std::optional<metamc::SimulationReport> report;
  {
    metamc::Progress progress(!config.quiet);
    report = metamc::run_simulation(config, &progress);
  }
  for (const auto& warning : report->warnings) std::cerr << "metamc: warning: " << warning << "\n";
  metamc::OutputFile output(target);
  metamc::write_simulation(output.stream(), *report);
  output.commit();
  return 0;
}

int run_merge(const metamc::MergeConfig& config) {
  const metamc::OutputTarget target =
      config.output.empty() ? metamc::standard_output("--output")
                            : metamc::resolve_output(config.output, "--output", config.force);
  metamc::check_distinct_outputs(config.files, {target});
  const std::vector<metamc::JsonDocument> shards = metamc::read_shard_files(config.files);
  if (metamc::shard_command(shards.front()) == "fit") {
    metamc::AnalysisReport report = metamc::merge_fit_shards(shards);
    report.config.format = config.format;
    report.config.no_studies = config.no_studies;
    metamc::OutputFile output(target);
    render(output.stream(), report);
    output.commit();
    return 0;
  }
  metamc::SimulationReport report = metamc::merge_simulation_shards(shards);
  report.config.format = config.format;
  report.config.output = config.output;
  metamc::OutputFile output(target);
  metamc::write_simulation(output.stream(), report);
  output.commit();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  metamc::reuse_freed_memory();
  try {
    const auto command = metamc::parse_command_line(argc, argv, std::cout);
    if (!command) return 0;
    if (const auto* fit = std::get_if<metamc::RunConfig>(&*command)) return run_fit(*fit);
    if (const auto* simulate = std::get_if<metamc::SimulateConfig>(&*command))
      return run_simulate(*simulate);
    return run_merge(std::get<metamc::MergeConfig>(*command));
  } catch (const metamc::Error& e) {
    std::cerr << "metamc: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "metamc: error: out of memory\n";
    return static_cast<int>(metamc::ExitCode::software);
  } catch (const std::exception& e) {
    std::cerr << "metamc: internal error: " << e.what() << "\n";
    return static_cast<int>(metamc::ExitCode::software);
  }
}
