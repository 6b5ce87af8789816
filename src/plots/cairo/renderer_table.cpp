// The renderer module's one exported symbol.
#include "metamc/plots/renderer_module.hpp"
#include "plots/cairo/cairo_renderer.hpp"

// Its name is kRendererSymbol's.
extern "C" __attribute__((visibility("default"))) const metamc::RendererTable*
metamc_renderer_table_v2();

extern "C" const metamc::RendererTable* metamc_renderer_table_v2() {
  static const metamc::RendererTable table{metamc::cairo::render_png, metamc::cairo::render_pdf,
                                           metamc::cairo::text_width};
  return &table;
}
