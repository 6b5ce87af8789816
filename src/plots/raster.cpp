#include "metamc/plots/raster.hpp"

#include <new>

#include "metamc/error.hpp"
#include "metamc/plots/renderer_module.hpp"

namespace metamc {
namespace {

using RenderFunction = RenderStatus (*)(const std::string&, std::string&, std::string&) noexcept;

std::string render(RenderFunction f, const std::string& svg, const char* format) {
  std::string out, error;
  const RenderStatus status = f(svg, out, error);
  if (status == RenderStatus::out_of_memory) throw std::bad_alloc();
  if (status == RenderStatus::failed)
    throw OutputError(std::string("could not render the plot as ") + format + ": " +
                      (error.empty() ? "unknown error" : error));
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
