#include "metamc/plots/renderer_module.hpp"

#include <dlfcn.h>

#include "metamc/error.hpp"

namespace metamc {
namespace {

const RendererTable& load_renderer() {
  // RTLD_NOW: a module that does not match its libraries fails here, with a message, rather than
  // at the first call into them. Never closed: the font libraries keep process-wide state.
  void* module = dlopen(kRendererModule, RTLD_NOW | RTLD_LOCAL);
  if (!module)
    throw UnavailableError(std::string("cannot draw plots: the renderer module could not be "
                                       "loaded (") +
                           dlerror() + "); it is built beside the metamc executable");
  using TableFunction = const RendererTable* (*)();
  const auto table = reinterpret_cast<TableFunction>(dlsym(module, kRendererSymbol));
  if (!table)
    throw UnavailableError(std::string("cannot draw plots: ") + kRendererModule + " has no " +
                           kRendererSymbol + " (a module from another version of metamc?)");
  return *table();
}

}  // namespace

const RendererTable& renderer() {
  static const RendererTable& table = load_renderer();  // a throw leaves it to the next call
  return table;
}

}  // namespace metamc
