#include "metamc/plots/plot_files.hpp"

#include <cctype>
#include <set>
#include <stdexcept>

#include "metamc/io/output_file.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/plots/forest_plot.hpp"
#include "metamc/plots/posterior_plot.hpp"
#include "metamc/plots/raster.hpp"

namespace metamc {
namespace {

const char* extension(PlotFormat f) {
  switch (f) {
    case PlotFormat::svg:
      return "svg";
    case PlotFormat::pdf:
      return "pdf";
    case PlotFormat::png:
      return "png";
  }
  return "svg";
}

std::string rendered(const std::string& svg, PlotFormat f) {
  switch (f) {
    case PlotFormat::svg:
      return svg;
    case PlotFormat::pdf:
      return render_pdf(svg);
    case PlotFormat::png:
      return render_png(svg);
  }
  return svg;
}

bool safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

std::string lower_case(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The report's stems: its groups', then its subgroup tests' ("<by key>_subgroups"), made unique
// together so that no subgroup plot takes a group's name.
std::vector<std::string> report_stems(const AnalysisReport& report) {
  std::vector<GroupKey> keys;
  for (const GroupResult& r : report.groups) keys.push_back(r.group.key);
  for (const SubgroupTest& t : report.subgroup_tests) {
    keys.push_back(t.key);
    keys.back().push_back({"", "subgroups"});
  }
  return plot_file_stems(keys);
}

// The files of a report in writing order: per group its forest plot in every format, then its
// posterior plot; then the subgroup plots. visit(path) for each.
template <class Visit>
void for_each_plot_file(const RunConfig& config, const AnalysisReport& report, Visit visit) {
  const std::vector<std::string> stems = report_stems(report);
  for (std::size_t i = 0; i < stems.size(); ++i) {
    const bool group = i < report.groups.size();
    for (const char* kind : group ? std::vector<const char*>{"forest", "posterior"}
                                  : std::vector<const char*>{"forest"})
      for (PlotFormat f : config.plot_formats)
        visit(config.plot_dir + "/" + stems[i] + "." + kind + "." + extension(f));
  }
}

}  // namespace

std::vector<std::string> plot_file_stems(const std::vector<GroupKey>& keys) {
  std::vector<std::string> stems;
  std::set<std::string> taken;  // lower case
  for (const GroupKey& key : keys) {
    std::string stem;
    for (const auto& kv : key) {
      if (!stem.empty()) stem += "_";
      for (char c : kv.second) stem += safe(c) ? c : '_';
    }
    if (stem.empty()) stem = "all";
    if (stem.front() == '.') stem.front() = '_';
    std::string unique = stem;
    for (int n = 2; taken.count(lower_case(unique)); ++n) unique = stem + "-" + std::to_string(n);
    taken.insert(lower_case(unique));
    stems.push_back(unique);
  }
  return stems;
}

PlotDrawings draw_plots(const AnalysisReport& report) {
  PlotDrawings plots;
  for (const GroupResult& r : report.groups)
    plots.groups.push_back(
        {forest_plot_svg(r, report.config), posterior_plot_svg(r, report.config)});
  for (const SubgroupTest& t : report.subgroup_tests)
    plots.subgroups.push_back(subgroup_forest_plot_svg(report, t));
  return plots;
}

std::vector<OutputTarget> resolve_plot_files(const RunConfig& config,
                                             const AnalysisReport& report) {
  std::vector<OutputTarget> targets;
  for_each_plot_file(config, report, [&](const std::string& path) {
    targets.push_back(resolve_output(path, "--plot", config.force));
  });
  return targets;
}

void write_plot_files(const RunConfig& config, const PlotDrawings& plots,
                      const std::vector<OutputTarget>& targets) {
  // The drawings in the order of for_each_plot_file, each in every format.
  struct Pending {
    const std::string* svg;
    PlotFormat format;
  };
  std::vector<Pending> pending;
  const auto add = [&](const std::string& svg) {
    for (PlotFormat f : config.plot_formats) pending.push_back({&svg, f});
  };
  for (const GroupPlots& g : plots.groups) {
    add(g.forest_svg);
    add(g.posterior_svg);
  }
  for (const std::string& s : plots.subgroups) add(s);
  if (pending.size() != targets.size())
    throw std::logic_error("write_plot_files: the drawings do not match the resolved files");
  // Rendering PDF and PNG is most of the cost: in parallel (raster.hpp serialises what of
  // librsvg and cairo must be), then the files in order.
  std::vector<std::string> bytes(pending.size());
  parallel_for(pending.size(), config.sampler.threads,
               [&](std::size_t i) { bytes[i] = rendered(*pending[i].svg, pending[i].format); });
  for (std::size_t i = 0; i < pending.size(); ++i) {
    OutputFile file(targets[i]);
    file.stream() << bytes[i];
    file.commit();
  }
}

}  // namespace metamc
