// The plots' renderer, librsvg on cairo, is a module (libmetamc_render.so, built beside the
// metamc executable) that the first plot loads. Linked into the executable, the some 50 shared
// libraries behind it (pango, fontconfig, ICU, X11, ...) took 4 ms to load at every start, a
// tenth of a default fit, whether it drew a plot or not.
#ifndef METAMC_PLOTS_RENDERER_MODULE_HPP
#define METAMC_PLOTS_RENDERER_MODULE_HPP

#include <string>

namespace metamc {

/// How a rendering went: out of memory is told apart, so that it stays "out of memory" (exit 70)
/// on this side.
enum class RenderStatus { done, failed, out_of_memory };

/// What the module exports under kRendererSymbol. No exception crosses the boundary (the
/// functions are noexcept: one that escaped would end the process): a rendering that fails says
/// so and leaves librsvg's or cairo's message in `error`.
struct RendererTable {
  /// The PNG of an SVG document at png_scale(width, height) pixels per px.
  RenderStatus (*png)(const std::string& svg, std::string& out, std::string& error) noexcept;
  /// A one-page PDF of an SVG document, 1 px = 0.75 pt.
  RenderStatus (*pdf)(const std::string& svg, std::string& out, std::string& error) noexcept;
  /// Advance width in px of UTF-8 `text` at `size` px in the plots' font, unhinted; NaN when it
  /// could not be measured.
  double (*text_width)(const std::string& text, double size, bool bold) noexcept;
};

constexpr const char* kRendererModule = "libmetamc_render.so";
// Versioned: a module built for another layout of the table is not found, rather than misread.
constexpr const char* kRendererSymbol = "metamc_renderer_table_v2";

/// The module's table, loaded on the first call (thread-safe) from the executable's directory,
/// else through its run path. UnavailableError when the module cannot be loaded.
const RendererTable& renderer();

}  // namespace metamc

#endif  // METAMC_PLOTS_RENDERER_MODULE_HPP
