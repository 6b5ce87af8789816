// The renderer module's one exported symbol.
#include "metamc/plots/renderer_module.hpp"
#include "plots/cairo/cairo_renderer.hpp"

extern "C" __attribute__((visibility("default"))) const metamc::RendererTable*
metamc_renderer_table();

extern "C" const metamc::RendererTable* metamc_renderer_table() {
  static const metamc::RendererTable table{metamc::cairo::render_png, metamc::cairo::render_pdf,
                                           metamc::cairo::text_width};
  return &table;
}
