// --report FILE.html: one self-contained page (no network, no scripts) that documents a run: the
// configuration it was made with (priors, sampler, seed, version), then per group the tables of
// the text output and the forest and posterior plots inline as SVG.
#ifndef METAMC_REPORTS_HTML_REPORT_HPP
#define METAMC_REPORTS_HTML_REPORT_HPP

#include <ostream>
#include <vector>

#include "metamc/plots/plot_files.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// `plots` holds the report's drawings (draw_plots).
void write_html_report(std::ostream& out, const AnalysisReport& report, const PlotDrawings& plots);

}  // namespace metamc

#endif  // METAMC_REPORTS_HTML_REPORT_HPP
