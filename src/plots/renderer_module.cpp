#include "metamc/plots/renderer_module.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>

#include "metamc/error.hpp"

namespace metamc {
namespace {

// The module beside the running executable, by its full path: dlopen's own search would use the
// run path of the calling object, which is not the executable when a sanitizer intercepts dlopen.
std::string beside_executable() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string(kRendererModule) : (exe.parent_path() / kRendererModule).string();
}

const RendererTable& load_renderer() {
  // RTLD_NOW: a module that does not match its libraries fails here, with a message, rather than
  // at the first call into them. Never closed: the font libraries keep process-wide state.
  // Beside the executable first; then by name, through the run path (the benchmarks find it in
  // the build directory) and the system's library path.
  const auto last_error = [] {
    const char* error = dlerror();
    return std::string(error ? error : "unknown error");
  };
  void* module = dlopen(beside_executable().c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    const std::string beside = last_error();
    module = dlopen(kRendererModule, RTLD_NOW | RTLD_LOCAL);
    if (!module)
      throw UnavailableError("cannot draw plots: the renderer module could not be loaded (" +
                             beside + "; by name: " + last_error() +
                             "); it is built beside the metamc executable");
  }
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
