// Inside the renderer module (libmetamc_render.so, include/metamc/plots/renderer_module.hpp):
// the functions its table exports, and the lock they share.
#ifndef METAMC_PLOTS_CAIRO_CAIRO_RENDERER_HPP
#define METAMC_PLOTS_CAIRO_CAIRO_RENDERER_HPP

#include <mutex>
#include <string>

#include "metamc/plots/renderer_module.hpp"

namespace metamc::cairo {

RenderStatus render_png(const std::string& svg, std::string& out, std::string& error) noexcept;
RenderStatus render_pdf(const std::string& svg, std::string& out, std::string& error) noexcept;
double text_width(const std::string& text, double size, bool bold) noexcept;

/// Held while cairo's fonts are used (measuring and rendering): its glyph cache and fontconfig
/// are not safe to enter from several threads at once with cairo 1.16.
inline std::mutex& font_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace metamc::cairo

#endif  // METAMC_PLOTS_CAIRO_CAIRO_RENDERER_HPP
