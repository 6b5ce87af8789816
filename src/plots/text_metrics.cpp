#include "metamc/plots/text_metrics.hpp"

#include "metamc/plots/renderer_module.hpp"

namespace metamc {

double text_width(const std::string& text, double size, bool bold) {
  return renderer().text_width(text, size, bold);
}

}  // namespace metamc
