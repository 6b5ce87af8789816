#include "metamc/reports/html_report.hpp"

#include <sstream>
#include <string>
#include <utility>

#include "metamc/model/prior_parse.hpp"
#include "metamc/plots/svg_writer.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/reports/report_format.hpp"
#include "metamc/text.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

constexpr const char* kStyle =
    "body{font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1200px;color:#1a1a1a}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-top:1px solid #ccc;padding-top:1em}"
    "table.config td{padding:2px 12px 2px 0;vertical-align:top}"
    "pre{font-family:'DejaVu Sans Mono',monospace;font-size:12px;background:#f6f6f6;"
    "padding:8px;overflow-x:auto}"
    "figure{margin:1em 0}svg{max-width:100%;height:auto}";

// The SVG document without its XML declaration, to sit inside the page.
std::string inline_svg(const std::string& svg) {
  const auto start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

std::string sampler_text(const RunConfig& c) {
  if (c.method == BayesMethod::exact) return "exact quadrature (no sampling)";
  const std::string samplers = c.samplers == RunSamplers::mixed
                                   ? "collapsed sampler and HMC (see each group)"
                               : c.samplers == RunSamplers::hmc ? "HMC"
                                                                : "collapsed sampler";
  return samplers + ", " + counted(c.sampler.chains, "chain") + " x " +
         counted(c.sampler.draws, "draw") + " after " + std::to_string(c.sampler.warmup) +
         " warmup";
}

void config_table(std::ostream& out, const AnalysisReport& report) {
  const RunConfig& c = report.config;
  std::vector<std::pair<std::string, std::string>> rows{
      {"metamc version", kVersion},
      {"input", c.input},
      {"interval level", level_label(c.level)},
      {"Bayesian fit", sampler_text(c)},
      {"seed", std::to_string(c.sampler.seed)},
      {"backend", report.backend.backend == Backend::cuda
                      ? "CUDA device " + std::to_string(report.backend.device) + " (" +
                            report.backend.device_name + ")"
                      : "CPU"},
      {"prior of tau", to_string(c.tau_prior)},
      {"prior of mu", to_string(c.mu_prior)},
      {"model", c.model_choice == ModelChoice::binomial ? "binomial-normal"
                : c.model_choice == ModelChoice::normal ? "normal-normal"
                                                        : "automatic: binomial-normal for counts "
                                                          "of RR and OR, normal-normal otherwise"},
      {"baseline prior (binomial model)", to_string(c.baseline_prior)}};
  std::string by;
  for (const auto& column : c.by) by += (by.empty() ? "" : ", ") + column;
  if (!by.empty()) rows.push_back({"groups by", by});
  if (!c.subgroup.empty()) rows.push_back({"subgroups by", c.subgroup});
  std::string others;
  for (const TauPrior& p : c.other_tau_priors)
    others += (others.empty() ? "" : "; ") + to_string(p);
  if (!others.empty()) rows.push_back({"prior sensitivity", others});
  std::string mods;
  for (const auto& column : c.mods) mods += (mods.empty() ? "" : ", ") + column;
  if (!mods.empty()) {
    rows.push_back({"moderators", mods});
    rows.push_back({"prior of the coefficients", beta_prior_to_string(c.beta_prior)});
  }
  out << "<table class=\"config\">\n";
  for (const auto& [name, value] : rows)
    out << "<tr><td>" << xml_escape(name) << "</td><td>" << xml_escape(value) << "</td></tr>\n";
  out << "</table>\n";
}

void group_section(std::ostream& out, const AnalysisReport& report, const GroupResult& r,
                   const GroupPlots& plots) {
  out << "<section>\n<h2>" << xml_escape(describe(r.group.key)) << "</h2>\n";
  std::ostringstream table;
  write_group_table(table, report.config, r);
  out << "<pre>" << xml_escape(table.str()) << "</pre>\n";
  out << "<figure class=\"forest\">\n" << inline_svg(plots.forest_svg) << "</figure>\n";
  out << "<figure class=\"posterior\">\n" << inline_svg(plots.posterior_svg) << "</figure>\n";
  out << "</section>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const AnalysisReport& report, const PlotDrawings& plots) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>metamc: "
      << xml_escape(report.config.input) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>metamc: random-effects meta-analysis of "
      << xml_escape(report.config.input) << "</h1>\n";
  config_table(out, report);
  std::ostringstream heading;
  write_table_heading(heading, report);
  out << "<pre>" << xml_escape(heading.str()) << "</pre>\n";
  if (report.subgroup_tests.empty()) {
    for (std::size_t i = 0; i < report.groups.size(); ++i)
      group_section(out, report, report.groups[i], plots.groups[i]);
  } else {
    for (std::size_t j = 0; j < report.subgroup_tests.size(); ++j) {
      const SubgroupTest& t = report.subgroup_tests[j];
      out << "<h2>" << xml_escape(describe(t.key)) << ": subgroups by "
          << xml_escape(report.config.subgroup) << "</h2>\n";
      out << "<figure class=\"subgroups\">\n" << inline_svg(plots.subgroups[j]) << "</figure>\n";
      std::ostringstream test;
      write_subgroup_test_table(test, report, t);
      out << "<pre>" << xml_escape(test.str()) << "</pre>\n";
      for (std::size_t i : t.members) group_section(out, report, report.groups[i], plots.groups[i]);
    }
  }
  for (const std::string& w : report.warnings)
    out << "<p class=\"warning\">warning: " << xml_escape(w) << "</p>\n";
  out << "</body>\n</html>\n";
}

}  // namespace metamc
