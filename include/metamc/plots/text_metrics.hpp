// The width of a line of text in the plots' font (DejaVu Sans, Debian's fonts-dejavu-core), as
// cairo measures it through fontconfig: the same font librsvg renders the SVG with, so that text
// columns line up whatever the study names.
#ifndef METAMC_PLOTS_TEXT_METRICS_HPP
#define METAMC_PLOTS_TEXT_METRICS_HPP

#include <string>

namespace metamc {

/// Advance width in px of `text` (UTF-8) at font size `size` px, without hinting (as librsvg
/// lays text out). Thread-safe. Measured by the renderer module (renderer_module.hpp).
double text_width(const std::string& text, double size, bool bold = false);

}  // namespace metamc

#endif  // METAMC_PLOTS_TEXT_METRICS_HPP
