// PDF and PNG from the plots' SVG documents, rendered by librsvg on cairo: one drawing, three
// formats, and the same font (DejaVu Sans through fontconfig) the layout was measured in.
#ifndef METAMC_PLOTS_RASTER_HPP
#define METAMC_PLOTS_RASTER_HPP

#include <algorithm>
#include <string>

namespace metamc {

/// PNG pixels per SVG px: 2, so that a figure is sharp on screens and in slides.
constexpr double kPngScale = 2;
/// cairo's largest image side.
constexpr double kMaxPngSide = 32767;

/// kPngScale, or less for a drawing whose longer side would exceed kMaxPngSide pixels (a forest
/// plot of hundreds of studies).
inline double png_scale(double width, double height) {
  return std::min(kPngScale, kMaxPngSide / std::max(width, height));
}

/// The PNG of an SVG document, png_scale times its size, drawn by the renderer module
/// (renderer_module.hpp). OutputError when librsvg cannot render it.
std::string render_png(const std::string& svg);

/// A one-page PDF of an SVG document, 1 px = 0.75 pt (96 px per inch).
std::string render_pdf(const std::string& svg);

}  // namespace metamc

#endif  // METAMC_PLOTS_RASTER_HPP
