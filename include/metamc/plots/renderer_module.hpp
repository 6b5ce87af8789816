// The plots' renderer, librsvg on cairo, is a module (libmetamc_render.so, built beside the
// metamc executable) that the first plot loads. Linked into the executable, the some 50 shared
// libraries behind it (pango, fontconfig, ICU, X11, ...) took 4 ms to load at every start, a
// tenth of a default fit, whether it drew a plot or not.
#ifndef METAMC_PLOTS_RENDERER_MODULE_HPP
#define METAMC_PLOTS_RENDERER_MODULE_HPP

#include <string>

namespace metamc {

/// What the module exports under kRendererSymbol. No exception crosses the boundary: a function
/// that can fail says so and leaves librsvg's or cairo's message in `error`.
struct RendererTable {
  /// The PNG of an SVG document at png_scale(width, height) pixels per px.
  bool (*png)(const std::string& svg, std::string& out, std::string& error);
  /// A one-page PDF of an SVG document, 1 px = 0.75 pt.
  bool (*pdf)(const std::string& svg, std::string& out, std::string& error);
  /// Advance width in px of UTF-8 `text` at `size` px in the plots' font, unhinted.
  double (*text_width)(const std::string& text, double size, bool bold);
};

constexpr const char* kRendererModule = "libmetamc_render.so";
constexpr const char* kRendererSymbol = "metamc_renderer_table";

/// The module's table, loaded on the first call (thread-safe) from the executable's directory,
/// else through its run path. UnavailableError when the module cannot be loaded.
const RendererTable& renderer();

}  // namespace metamc

#endif  // METAMC_PLOTS_RENDERER_MODULE_HPP
