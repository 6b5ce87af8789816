#include "metamc/plots/raster.hpp"

#include "metamc/error.hpp"
#include "metamc/plots/renderer_module.hpp"

namespace metamc {
namespace {

using RenderFunction = bool (*)(const std::string&, std::string&, std::string&);

std::string render(RenderFunction f, const std::string& svg, const char* format) {
  std::string out, error;
  if (!f(svg, out, error))
    throw OutputError(std::string("could not render the plot as ") + format + ": " + error);
  return out;
}

}  // namespace

std::string render_png(const std::string& svg) {
  return render(renderer().png, svg, "PNG");
}

std::string render_pdf(const std::string& svg) {
  return render(renderer().pdf, svg, "PDF");
}

}  // namespace metamc
