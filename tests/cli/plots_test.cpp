// --plot and --report end to end: the SVG's marks map back through its own axis to the numbers of
// the JSON output within half a pixel; every study is labelled; PNG and PDF are rendered at the
// expected size and page count; the HTML page is self-contained; bad directories fail before the
// analysis with exit 73.
#include <tinyxml2.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// Elements of an SVG document by their class attribute.
class Svg {
 public:
  explicit Svg(const fs::path& path) {
    EXPECT_EQ(doc_.LoadFile(path.c_str()), tinyxml2::XML_SUCCESS) << path;
    if (const auto* root = doc_.RootElement()) {
      width_ = root->DoubleAttribute("width");
      height_ = root->DoubleAttribute("height");
      collect(root);
    }
  }
  std::vector<const tinyxml2::XMLElement*> of(const std::string& cls) const {
    const auto it = by_class_.find(cls);
    return it == by_class_.end() ? std::vector<const tinyxml2::XMLElement*>{} : it->second;
  }
  double width() const { return width_; }
  double height() const { return height_; }

 private:
  void collect(const tinyxml2::XMLElement* e) {
    if (const char* cls = e->Attribute("class")) by_class_[cls].push_back(e);
    for (auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement())
      collect(child);
  }
  tinyxml2::XMLDocument doc_;
  std::map<std::string, std::vector<const tinyxml2::XMLElement*>> by_class_;
  double width_ = 0, height_ = 0;
};

// The axis as the drawing states it: the ticks' x positions and values, which must lie on one
// line; value_at_px is its inverse.
struct DrawnAxis {
  double a = 0, b = 1;  // px = a + b value
  double px(double value) const { return a + b * value; }
};

DrawnAxis axis_of(const Svg& svg) {
  const auto ticks = svg.of("tick");
  EXPECT_GE(ticks.size(), 2u);
  if (ticks.size() < 2) return {};
  const auto x = [](const tinyxml2::XMLElement* t) { return t->DoubleAttribute("x"); };
  const auto v = [](const tinyxml2::XMLElement* t) { return t->DoubleAttribute("data-value"); };
  DrawnAxis axis;
  axis.b = (x(ticks.back()) - x(ticks.front())) / (v(ticks.back()) - v(ticks.front()));
  axis.a = x(ticks.front()) - axis.b * v(ticks.front());
  for (const auto* t : ticks) EXPECT_NEAR(axis.px(v(t)), x(t), 0.01) << "ticks on one line";
  return axis;
}

// The polygon's points "x,y x,y ...".
std::vector<std::pair<double, double>> points_of(const tinyxml2::XMLElement* e) {
  std::vector<std::pair<double, double>> p;
  std::istringstream in(e->Attribute("points"));
  std::string pair;
  while (in >> pair) {
    const auto comma = pair.find(',');
    p.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
  }
  return p;
}

bool clipped(const tinyxml2::XMLElement* e) {
  return e->Attribute("data-clipped") != nullptr;
}

constexpr double kHalfPixel = 0.5;

// A horizontal line from lower to upper; an end that leaves the axis is clamped to it (and
// drawn as an arrow), the other still maps back.
void expect_interval(const tinyxml2::XMLElement* line, const DrawnAxis& axis, double lower,
                     double upper, const std::string& what) {
  ASSERT_NE(line, nullptr) << what;
  const std::string clip = clipped(line) ? line->Attribute("data-clipped") : "";
  const double x1 = line->DoubleAttribute("x1"), x2 = line->DoubleAttribute("x2");
  if (clip == "lower" || clip == "both")
    EXPECT_GT(x1, axis.px(lower)) << what;
  else
    EXPECT_NEAR(x1, axis.px(lower), kHalfPixel) << what;
  if (clip == "upper" || clip == "both")
    EXPECT_LT(x2, axis.px(upper)) << what;
  else
    EXPECT_NEAR(x2, axis.px(upper), kHalfPixel) << what;
}

void expect_diamond(const Svg& svg, const std::string& cls, const DrawnAxis& axis, double estimate,
                    const json& ci) {
  const auto diamonds = svg.of(cls);
  ASSERT_EQ(diamonds.size(), 1u) << cls;
  ASSERT_FALSE(clipped(diamonds[0])) << cls;
  const auto p = points_of(diamonds[0]);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NEAR(p[0].first, axis.px(ci[0].get<double>()), kHalfPixel) << cls;
  EXPECT_NEAR(p[1].first, axis.px(estimate), kHalfPixel) << cls;
  EXPECT_NEAR(p[2].first, axis.px(ci[1].get<double>()), kHalfPixel) << cls;
}

std::string stem_of(const json& group, const std::vector<std::string>& by) {
  std::string stem;
  for (const auto& column : by) {
    std::string value = group["key"][column];
    for (char& c : value)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
    stem += (stem.empty() ? "" : "_") + value;
  }
  return stem;
}

void check_forest(const fs::path& file, const json& g, double z) {
  SCOPED_TRACE(file.string());
  const Svg svg(file);
  const DrawnAxis axis = axis_of(svg);
  const auto squares = svg.of("study-square"), lines = svg.of("study-ci");
  const auto shrunken = svg.of("shrunken"), labels = svg.of("study-label");
  const json& studies = g["studies"];
  ASSERT_EQ(lines.size(), studies.size());
  ASSERT_EQ(labels.size(), studies.size());
  ASSERT_EQ(squares.size(), studies.size()) << "every estimate lies on the axis";
  ASSERT_GE(shrunken.size(), studies.size());
  for (std::size_t i = 0; i < studies.size(); ++i) {
    const double yi = studies[i]["yi"], sei = studies[i]["sei"];
    EXPECT_EQ(std::string(labels[i]->GetText()).rfind(studies[i]["study"].get<std::string>(), 0),
              0u)
        << "every study is labelled";
    expect_interval(lines[i], axis, yi - z * sei, yi + z * sei, "study CI");
    const auto* square = squares[i];
    EXPECT_NEAR(square->DoubleAttribute("x") + square->DoubleAttribute("width") / 2, axis.px(yi),
                kHalfPixel);
    EXPECT_NEAR(shrunken[i]->DoubleAttribute("cx"),
                axis.px(studies[i]["shrunken"]["median"].get<double>()), kHalfPixel);
  }
  // Squares' areas follow the DL weights.
  for (std::size_t i = 1; i < squares.size(); ++i) {
    const double side0 = squares[0]->DoubleAttribute("width");
    const double side = squares[i]->DoubleAttribute("width");
    if (side0 > 3.01 && side > 3.01) {
      EXPECT_NEAR(side * side / (side0 * side0),
                  studies[i]["weight_dl"].get<double>() / studies[0]["weight_dl"].get<double>(),
                  0.02);
    }
  }
  // "Favours experimental" on the favourable side of the line of no effect.
  const auto null_line = svg.of("null-line"), favours = svg.of("favours-experimental");
  ASSERT_EQ(null_line.size(), 1u);
  ASSERT_EQ(favours.size(), 1u);
  EXPECT_NEAR(null_line[0]->DoubleAttribute("x1"), axis.px(0), kHalfPixel);
  if (g["benefit"] == "lower")
    EXPECT_LT(favours[0]->DoubleAttribute("x"), null_line[0]->DoubleAttribute("x1"));
  else
    EXPECT_GT(favours[0]->DoubleAttribute("x"), null_line[0]->DoubleAttribute("x1"));
  expect_diamond(svg, "pooled-dl", axis, g["dl"]["mu"], g["dl"]["ci"]);
  expect_diamond(svg, "pooled-bayes", axis, g["bayes"]["mu"]["median"], g["bayes"]["mu"]["ci"]);
  const auto pi = svg.of("pi-bayes");
  ASSERT_EQ(pi.size(), 1u);
  expect_interval(pi[0], axis, g["bayes"]["pred"]["pi"][0], g["bayes"]["pred"]["pi"][1],
                  "Bayes PI");
  const auto dl_pi = svg.of("pi-dl");
  ASSERT_EQ(dl_pi.size(), g["dl"]["pi"].is_null() ? 0u : 1u) << "the DL PI exists for k >= 3";
  if (!dl_pi.empty()) expect_interval(dl_pi[0], axis, g["dl"]["pi"][0], g["dl"]["pi"][1], "DL PI");
}

void check_posterior(const fs::path& file, const json& g) {
  SCOPED_TRACE(file.string());
  const Svg svg(file);
  ASSERT_EQ(svg.of("density-mu").size(), 1u);
  ASSERT_EQ(svg.of("density-tau").size(), 1u);
  ASSERT_EQ(svg.of("prior-tau").size(), 1u);
  // The marks of the left panel use its axis: the first ticks of the document.
  const auto ci = svg.of("bayes-ci"), point = svg.of("bayes-ci-point"), dl = svg.of("dl-ci");
  ASSERT_EQ(ci.size(), 1u);
  ASSERT_EQ(dl.size(), 1u);
  const double lower = ci[0]->DoubleAttribute("data-lower"),
               upper = ci[0]->DoubleAttribute("data-upper");
  EXPECT_EQ(lower, g["bayes"]["mu"]["ci"][0].get<double>());
  EXPECT_EQ(upper, g["bayes"]["mu"]["ci"][1].get<double>());
  EXPECT_EQ(dl[0]->DoubleAttribute("data-lower"), g["dl"]["ci"][0].get<double>());
  // P(benefit) is written as the table writes it.
  const auto p = svg.of("p-benefit");
  ASSERT_EQ(p.size(), 1u);
  char expected[16];
  std::snprintf(expected, sizeof expected, "%.3f", g["bayes"]["p_benefit"].get<double>());
  EXPECT_NE(std::string(p[0]->GetText()).find(expected), std::string::npos);
}

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

int pdf_pages(const std::string& pdf) {
  int pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1))
    pages += pdf.compare(at, 12, "/Type /Pages") != 0;
  return pages;
}

TEST_F(Cli, PlotMarksMapBackToTheJsonNumbers) {
  const Result r =
      run(kMainJob + " --method exact --format json --plot '" + (dir_ / "plots").string() +
          "' --plot-format svg,png,pdf --report '" + (dir_ / "report.html").string() + "' -q");
  ASSERT_EQ(r.code, 0) << r.err;
  const json out = json::parse(r.out);
  const double z = 1.959963984540054;  // the 95% intervals of the studies
  const std::vector<std::string> by = {"setting", "outcome", "subgroup"};
  const std::string html = slurp(dir_ / "report.html");
  ASSERT_FALSE(out["groups"].empty());
  for (const json& g : out["groups"]) {
    const fs::path stem = dir_ / "plots" / stem_of(g, by);
    check_forest(stem.string() + ".forest.svg", g, z);
    check_posterior(stem.string() + ".posterior.svg", g);
    for (const std::string kind : {".forest", ".posterior"}) {
      const Svg svg(stem.string() + kind + ".svg");
      const std::string png = slurp(stem.string() + kind + ".png");
      ASSERT_GT(png.size(), 24u);
      EXPECT_EQ(png.substr(1, 3), "PNG");
      EXPECT_EQ(big_endian(png, 16), static_cast<std::uint32_t>(std::ceil(2 * svg.width())));
      EXPECT_EQ(big_endian(png, 20), static_cast<std::uint32_t>(std::ceil(2 * svg.height())));
      const std::string pdf = slurp(stem.string() + kind + ".pdf");
      EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
      EXPECT_EQ(pdf_pages(pdf), 1);
    }
    for (const json& s : g["studies"])
      EXPECT_NE(html.find(s["study"].get<std::string>()), std::string::npos);
  }
  // The page documents its run and needs nothing from outside.
  EXPECT_NE(html.find("halfnormal(0.5)"), std::string::npos);
  EXPECT_NE(html.find("exact quadrature"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  std::size_t figures = 0;
  for (auto at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1))
    ++figures;
  EXPECT_EQ(figures, 2 * out["groups"].size()) << "both plots of every group inline";
  EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST_F(Cli, SubgroupForestPlotShowsEachLevelsSubtotals) {
  const Result r =
      run("fit tests/fixtures/bcg_alloc.csv --subgroup alloc --method exact --format "
          "json --plot '" +
          (dir_ / "p").string() + "' -q");
  ASSERT_EQ(r.code, 0) << r.err;
  const json group = json::parse(r.out)["groups"][0];
  const json& levels = group["subgroups"];
  ASSERT_EQ(levels.size(), 3u);
  const Svg svg(dir_ / "p" / "subgroups.forest.svg");
  const DrawnAxis axis = axis_of(svg);
  const auto headings = svg.of("subgroup-label");
  const auto dl = svg.of("pooled-dl"), bayes = svg.of("pooled-bayes");
  ASSERT_EQ(headings.size(), levels.size());
  ASSERT_EQ(dl.size(), levels.size());
  ASSERT_EQ(bayes.size(), levels.size());
  std::size_t studies = 0;
  for (std::size_t j = 0; j < levels.size(); ++j) {
    EXPECT_EQ(headings[j]->GetText(), levels[j]["level"].get<std::string>());
    const auto d = points_of(dl[j]), b = points_of(bayes[j]);
    EXPECT_NEAR(d[1].first, axis.px(levels[j]["dl"]["mu"].get<double>()), kHalfPixel);
    EXPECT_NEAR(d[0].first, axis.px(levels[j]["dl"]["ci"][0].get<double>()), kHalfPixel);
    EXPECT_NEAR(b[1].first, axis.px(levels[j]["bayes"]["mu"]["median"].get<double>()), kHalfPixel);
    EXPECT_NEAR(b[2].first, axis.px(levels[j]["bayes"]["mu"]["ci"][1].get<double>()), kHalfPixel);
    studies += levels[j]["studies"].size();
  }
  EXPECT_EQ(svg.of("study-square").size(), studies);
  // RevMan's test line, as the table prints it.
  bool found = false;
  for (const auto* line : svg.of("footer"))
    found =
        found || std::string(line->GetText()).rfind("Test for subgroup differences: Chi", 0) == 0;
  EXPECT_TRUE(found);
}

TEST_F(Cli, McmcPlotsDrawTheSampledSummaries) {
  // Counts: the binomial model, whose densities are kernel estimates from the draws.
  const Result r =
      run("fit tests/fixtures/bcg.csv --format json --chains 4 --draws 500 --warmup "
          "300 --plot '" +
          (dir_ / "p").string() + "' -q");
  ASSERT_EQ(r.code, 0) << r.err;
  const json out = json::parse(r.out);
  ASSERT_EQ(out["groups"][0]["bayes"]["model"], "binomial");
  check_forest(dir_ / "p" / "all.forest.svg", out["groups"][0], 1.959963984540054);
  check_posterior(dir_ / "p" / "all.posterior.svg", out["groups"][0]);
}

// Where the drawn density peaks, on the analysis scale of the panel's axis (the document's first
// ticks are the effect panel's).
double density_peak(const Svg& svg, const std::string& cls) {
  const auto curves = svg.of(cls);
  EXPECT_EQ(curves.size(), 1u) << cls;
  if (curves.empty()) return std::nan("");
  // The effect panel's ticks come first: its first two give its axis.
  const auto ticks = svg.of("tick");
  const double x0 = ticks.at(0)->DoubleAttribute("x"), x1 = ticks.at(1)->DoubleAttribute("x");
  const double v0 = ticks[0]->DoubleAttribute("data-value");
  const double v1 = ticks[1]->DoubleAttribute("data-value");
  const auto points = points_of(curves[0]);
  const auto top = std::min_element(points.begin(), points.end(), [](const auto& a, const auto& b) {
    return a.second < b.second;
  });
  return v0 + (top->first - x0) / (x1 - x0) * (v1 - v0);
}

TEST_F(Cli, SummaryModeDrawsDensitiesFromItsHistograms) {
  // Counts: the binomial model. Same seed, same chains: the density from the streamed histograms
  // peaks where the one from the draws does.
  const std::string args = "fit tests/fixtures/bcg.csv --chains 8 --draws 2000 --warmup 500 -q";
  Result r = run(args + " --streamed --plot '" + (dir_ / "s").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  r = run(args + " --plot '" + (dir_ / "d").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const Svg streamed(dir_ / "s" / "all.posterior.svg"), draws(dir_ / "d" / "all.posterior.svg");
  EXPECT_EQ(streamed.of("no-density").size(), 0u);
  const double from_histograms = density_peak(streamed, "density-mu");
  const double from_draws = density_peak(draws, "density-mu");
  EXPECT_NEAR(from_histograms, from_draws, 0.03);
  EXPECT_NEAR(from_draws, -0.71, 0.1) << "BCG's pooled log RR";
  bool says = false;
  for (const auto* line : streamed.of("footer"))
    says = says || std::string(line->GetText()).find("streamed histograms") != std::string::npos;
  EXPECT_TRUE(says);
}

TEST_F(Cli, PriorSensitivityIsDrawnUnderEveryOtherPrior) {
  const Result r = run(kMainJob + " --method exact --format json --prior-grid standard --plot '" +
                       (dir_ / "p").string() + "' -q");
  ASSERT_EQ(r.code, 0) << r.err;
  const json out = json::parse(r.out);
  const json& others = out["config"]["other_tau_priors"];
  ASSERT_EQ(others.size(), 4u) << "the standard grid less the model's halfnormal(0.5)";
  const Svg svg(dir_ / "p" / "RRMM_PFS_all.posterior.svg");
  const auto curves = svg.of("prior-sensitivity");
  ASSERT_EQ(curves.size(), 2 * others.size()) << "mu and tau under each";
  for (std::size_t j = 0; j < others.size(); ++j) {
    EXPECT_EQ(curves[j]->Attribute("data-prior"), others[j].get<std::string>());
    EXPECT_EQ(curves[others.size() + j]->Attribute("data-prior"), others[j].get<std::string>());
  }
}

TEST_F(Cli, OneStudyAndDuplicateKeysStillGetPlots) {
  // "a/b" and "a_b" make the same file-name stem: the second becomes "a_b-2".
  write("one.csv", "study,yi,sei,g\nA,0.1,0.2,a/b\nB,0.3,0.2,a_b\n");
  const Result r = run_here("fit one.csv --by g --method exact --plot out -q");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const std::string stem : {"a_b", "a_b-2"}) {
    EXPECT_TRUE(fs::exists(dir_ / "out" / (stem + ".forest.svg"))) << stem;
    EXPECT_TRUE(fs::exists(dir_ / "out" / (stem + ".posterior.svg"))) << stem;
  }
  const Svg forest(dir_ / "out" / "a_b.forest.svg");
  EXPECT_EQ(forest.of("study-ci").size(), 1u);
  EXPECT_EQ(forest.of("pi-dl").size(), 0u);
}

const std::string kSmallRun = " --chains 2 --warmup 50 --draws 50 -q";

TEST_F(Cli, UnwritablePlotDirectoryFailsBeforeTheAnalysis) {
  write("s.csv", "study,yi,sei\nA,0.1,0.2\nB,0.3,0.2\n");
  write("plain", "a file");
  write("draws.csv", "keep");
  Result r = run_here("fit s.csv --plot plain --draws-out draws.csv" + kSmallRun);
  EXPECT_EQ(r.code, 73);
  EXPECT_EQ(r.err, "metamc: error: --plot plain: is not a directory\n");
  EXPECT_EQ(slurp(dir_ / "draws.csv"), "keep");
  r = run_here("fit s.csv --method exact --plot missing/deeper -q");
  EXPECT_EQ(r.code, 73);
  EXPECT_NE(r.err.find("no such directory 'missing'"), std::string::npos) << r.err;
  r = run_here("fit s.csv --method exact --report missing/r.html -q");
  EXPECT_EQ(r.code, 73);
  r = run_here("fit s.csv --method exact --plot-format png -q");
  EXPECT_EQ(r.code, 64);
  r = run_here("fit s.csv --method exact --plot d --plot-format svg,gif -q");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("unknown format 'gif'"), std::string::npos) << r.err;
  // The directory is made only once the data are read: bad data leave none behind.
  write("bad.csv", "study,yi,sei\nA,0.1,-1\nB,0.3,0.2\n");
  r = run_here("fit bad.csv --method exact --plot d -q");
  EXPECT_EQ(r.code, 65);
  EXPECT_FALSE(fs::exists(dir_ / "d"));
}

TEST_F(Cli, WithoutItsRendererModuleOnlyThePlotsAreUnavailable) {
  // A copy of the executable without libmetamc_render.so beside it (its run path is its own
  // directory): fits work; plots and the report stop before the analysis with exit 69 and
  // leave nothing behind.
  write("s.csv", "study,yi,sei\nA,0.1,0.2\nB,0.3,0.2\n");
  fs::copy_file(metamc_binary(), dir_ / "metamc");
  EXPECT_EQ(shell("./metamc fit s.csv --method exact -q -o out.txt"), 0);
  EXPECT_TRUE(fs::exists(dir_ / "out.txt"));
  for (const std::string option : {"--plot d", "--report r.html"}) {
    EXPECT_EQ(shell("./metamc fit s.csv --method exact -q -o out2.txt " + option + " 2>err.txt"),
              69)
        << option;
    const std::string expected = "cannot draw plots: the renderer module could not be loaded (" +
                                 (fs::canonical(dir_) / "libmetamc_render.so").string() + ": ";
    EXPECT_NE(slurp(dir_ / "err.txt").find(expected), std::string::npos) << slurp(dir_ / "err.txt");
    EXPECT_FALSE(fs::exists(dir_ / "d"));
    EXPECT_FALSE(fs::exists(dir_ / "r.html"));
    EXPECT_FALSE(fs::exists(dir_ / "out2.txt"));
  }
}

TEST_F(Cli, ReadOnlyPlotFilesAreRefusedBeforeTheBayesianFits) {
  write("s.csv", "study,yi,sei\nA,0.1,0.2\nB,0.3,0.2\n");
  write("draws.csv", "keep");
  fs::create_directory(dir_ / "p");
  write("p/all.posterior.svg", "old");
  fs::permissions(dir_ / "p" / "all.posterior.svg", fs::perms::owner_read);
  Result r = run_here("fit s.csv --plot p --draws-out draws.csv" + kSmallRun);
  EXPECT_EQ(r.code, 73);
  EXPECT_NE(r.err.find("p/all.posterior.svg"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir_ / "draws.csv"), "keep") << "refused before the draws were replaced";
  EXPECT_FALSE(fs::exists(dir_ / "p" / "all.forest.svg")) << "no plot written";
  EXPECT_EQ(slurp(dir_ / "p" / "all.posterior.svg"), "old");
  r = run_here("fit s.csv --plot p --draws-out draws.csv --force" + kSmallRun);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(slurp(dir_ / "p" / "all.posterior.svg"), "old");
  EXPECT_NE(slurp(dir_ / "draws.csv"), "keep");
}

TEST_F(Cli, PlotFilesMayNotBeOtherOutputs) {
  write("s.csv", "study,yi,sei\nA,0.1,0.2\nB,0.3,0.2\n");
  fs::create_directory(dir_ / "p");
  Result r = run_here("fit s.csv --method exact --plot p -o p/all.forest.svg -q");
  EXPECT_EQ(r.code, 64) << r.err;
  r = run_here("fit s.csv --method exact --plot p --report p/all.posterior.svg -q");
  EXPECT_EQ(r.code, 64) << r.err;
}

TEST_F(Cli, ControlCharactersInLabelsStillMakeValidSvg) {
  write("s.csv", "study,yi,sei\nA\x07 bell,0.1,0.2\nB <&>,0.3,0.2\n");
  const Result r = run_here("fit s.csv --method exact --plot p --plot-format svg,png -q");
  ASSERT_EQ(r.code, 0) << r.err;
  const Svg svg(dir_ / "p" / "all.forest.svg");
  const auto labels = svg.of("study-label");
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(std::string(labels[0]->GetText()), "A\xEF\xBF\xBD bell");
  EXPECT_EQ(std::string(labels[1]->GetText()), "B <&>");
  EXPECT_GT(fs::file_size(dir_ / "p" / "all.forest.png"), 1000u);
}

}  // namespace
}  // namespace metamc::testing
