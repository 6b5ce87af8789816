#include "metamc/plots/text_metrics.hpp"

#include <cmath>

#include "metamc/error.hpp"
#include "metamc/plots/renderer_module.hpp"

namespace metamc {

double text_width(const std::string& text, double size, bool bold) {
  const double width = renderer().text_width(text, size, bold);
  if (!std::isfinite(width)) throw OutputError("could not measure the plots' text with cairo");
  return width;
}

}  // namespace metamc
