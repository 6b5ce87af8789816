#include <cairo.h>

#include <limits>
#include <mutex>

#include "metamc/plots/svg_writer.hpp"
#include "plots/cairo/cairo_renderer.hpp"

namespace metamc::cairo {
namespace {

// One measuring context for the process, its metrics unhinted (as librsvg lays text out).
cairo_t* measuring_context() {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  cairo_t* context = cairo_create(surface);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(context, options);
  cairo_font_options_destroy(options);
  return context;
}

}  // namespace

double text_width(const std::string& text, double size, bool bold) noexcept {
  try {
    const std::lock_guard<std::mutex> lock(font_mutex());
    static cairo_t* const context = measuring_context();
    cairo_select_font_face(context, SvgWriter::kFont, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(context, size);
    cairo_text_extents_t extents;
    cairo_text_extents(context, text.c_str(), &extents);
    return extents.x_advance;
  } catch (...) {  // the lock could not be taken
    return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace metamc::cairo
