// What --plot and --report add to the main job (a benchmark, not a test).
//
//   build/bench/plot_overhead [runs]
//
// The bundled analysis (data/isatuximab.csv by setting, outcome and subgroup, default settings)
// is run as the CLI runs it, without and with plots asked for (which adds the posterior densities
// to the analysis); then the drawings (draw_plots), the HTML report, and the PDF and PNG
// renderings are timed. Overhead: (analysis with densities - analysis + drawings + report) over
// the analysis alone, for SVG (the default) and for all three formats. Target: under 10%. Medians
// of `runs` runs (default 3).
#include <cstdio>
#include <sstream>
#include <string>

#include "bench_timing.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/plots/plot_files.hpp"
#include "metamc/plots/raster.hpp"
#include "metamc/reports/html_report.hpp"
#include "metamc/run/analysis.hpp"
#include "metamc/system_memory.hpp"

using namespace metamc::bench;

int main(int argc, char** argv) {
  using namespace metamc;
  reuse_freed_memory();  // as the program does
  const int runs = argc > 1 ? std::stoi(argv[1]) : 3;
  RunConfig plain;
  plain.input = METAMC_SOURCE_DIR "/data/isatuximab.csv";
  plain.by = {"setting", "outcome", "subgroup"};
  plain.quiet = true;
  RunConfig plotted = plain;
  plotted.plot_dir = "unused";  // asks for the densities; nothing is written here

  std::vector<double> analysis, with_densities, drawing, report, pdf_png;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    run_analysis(plain);
    analysis.push_back(seconds_since(start));

    start = Clock::now();
    const AnalysisReport result = run_analysis(plotted);
    with_densities.push_back(seconds_since(start));

    start = Clock::now();
    const PlotDrawings plots = draw_plots(result);
    drawing.push_back(seconds_since(start));

    start = Clock::now();
    std::ostringstream html;
    write_html_report(html, result, plots);
    report.push_back(seconds_since(start));

    // As write_plot_files renders them: in parallel over all cores.
    std::vector<const std::string*> svgs;
    for (const GroupPlots& g : plots.groups) {
      svgs.push_back(&g.forest_svg);
      svgs.push_back(&g.posterior_svg);
    }
    start = Clock::now();
    parallel_for(2 * svgs.size(), 0, [&](std::size_t i) {
      if (i % 2)
        render_png(*svgs[i / 2]);
      else
        render_pdf(*svgs[i / 2]);
    });
    pdf_png.push_back(seconds_since(start));
  }
  const double base = median(analysis);
  const double svg = median(with_densities) - base + median(drawing) + median(report);
  std::printf("main job (%d groups), medians of %d runs, seconds:\n", 18, runs);
  std::printf("  analysis                         %8.3f\n", base);
  std::printf("  analysis with densities          %8.3f\n", median(with_densities));
  std::printf("  drawing every plot (SVG)         %8.3f\n", median(drawing));
  std::printf("  HTML report                      %8.3f\n", median(report));
  std::printf("  PDF and PNG of every plot        %8.3f\n", median(pdf_png));
  std::printf("overhead: --plot --report (SVG) %.1f%%, with PDF and PNG too %.1f%%\n",
              100 * svg / base, 100 * (svg + median(pdf_png)) / base);
  return 0;
}
