// A small SVG 1.1 writer: the plots are built as one SVG document, which is written as is and
// rendered to PDF and PNG (plots/raster.hpp). Words stay <text> elements, so that the file is
// searchable and editable in Inkscape or Illustrator.
#ifndef METAMC_PLOTS_SVG_WRITER_HPP
#define METAMC_PLOTS_SVG_WRITER_HPP

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace metamc {

/// Attribute name and value; the value is escaped when written.
using SvgAttributes = std::vector<std::pair<std::string, std::string>>;

/// A coordinate with 0.01 px resolution, as SVG writes it.
std::string svg_number(double x);

/// &, <, >, " and ' escaped for XML.
std::string xml_escape(const std::string& text);

class SvgWriter {
 public:
  static constexpr const char* kFont = "DejaVu Sans";  // whose metrics lay out the text

  SvgWriter(double width, double height);

  /// <name attributes/>
  void element(const std::string& name, const SvgAttributes& attributes);
  /// <text x y font-size text-anchor ...>text</text>; anchor "start", "middle" or "end".
  void text(double x, double y, const std::string& text, double size,
            const std::string& anchor = "start", const SvgAttributes& extra = {});
  void line(double x1, double y1, double x2, double y2, const SvgAttributes& extra = {});
  void rect(double x, double y, double width, double height, const SvgAttributes& extra = {});
  /// A closed polygon through the points.
  void polygon(const std::vector<std::pair<double, double>>& points,
               const SvgAttributes& extra = {});
  /// An open polyline through the points.
  void polyline(const std::vector<std::pair<double, double>>& points,
                const SvgAttributes& extra = {});
  void begin_group(const SvgAttributes& attributes);
  void end_group();

  double width() const { return width_; }
  double height() const { return height_; }

  /// The document, with the height given now (a plot knows its height only when it is drawn).
  std::string finish(double height);

 private:
  double width_, height_;
  std::ostringstream body_;
};

}  // namespace metamc

#endif  // METAMC_PLOTS_SVG_WRITER_HPP
