// --plot DIR: every group's forest and posterior plots, in every --plot-format, written
// atomically as DIR/<group key>.forest.<format> and DIR/<group key>.posterior.<format>; with
// --subgroup also DIR/<by key>_subgroups.forest.<format> per --by group.
#ifndef METAMC_PLOTS_PLOT_FILES_HPP
#define METAMC_PLOTS_PLOT_FILES_HPP

#include <string>
#include <vector>

#include "metamc/io/output_target.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// One group's drawings, made once for the plot files and the HTML report.
struct GroupPlots {
  std::string forest_svg, posterior_svg;
};

struct PlotDrawings {
  std::vector<GroupPlots> groups;      // in report order
  std::vector<std::string> subgroups;  // forest plots, one per AnalysisReport::subgroup_tests
};

PlotDrawings draw_plots(const AnalysisReport& report);

/// File-name stems for group keys: the key's values joined by "_", every character but ASCII
/// letters, digits, '.', '-' and '_' replaced by '_', no leading dot, "all" for an empty key,
/// made unique, ignoring case (for case-insensitive file systems), by "-2", "-3", ... in order.
std::vector<std::string> plot_file_stems(const std::vector<GroupKey>& keys);

/// Every plot file of a report (its groups and subgroup tests known, its fits not needed),
/// resolved as outputs are (io/output_target.hpp): OutputError when one cannot be written.
/// In the order write_plot_files writes them.
std::vector<OutputTarget> resolve_plot_files(const RunConfig& config, const AnalysisReport& report);

/// Renders every drawing in every format and writes it to its target (resolve_plot_files).
void write_plot_files(const RunConfig& config, const PlotDrawings& plots,
                      const std::vector<OutputTarget>& targets);

}  // namespace metamc

#endif  // METAMC_PLOTS_PLOT_FILES_HPP
