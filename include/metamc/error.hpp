// Error types and the process exit codes they map to.
//
// Library code throws; only main() turns an exception into an exit code. The codes follow BSD
// sysexits(3), as Stan's services/error_codes.hpp does.
#ifndef METAMC_ERROR_HPP
#define METAMC_ERROR_HPP

#include <stdexcept>
#include <string>

namespace metamc {

enum class ExitCode : int {
  ok = 0,
  usage = 64,        // EX_USAGE: bad command line (options, prior specifications)
  data = 65,         // EX_DATAERR: the input file is malformed or holds invalid values
  no_input = 66,     // EX_NOINPUT: the input file does not exist or cannot be read
  unavailable = 69,  // EX_UNAVAILABLE: the GPU or the plots' renderer is not usable
  software = 70,     // EX_SOFTWARE: an internal error (a bug or a numerical failure)
  cant_create = 73,  // EX_CANTCREAT: an output file cannot be written
};

/// Base class of every error metamc reports to the user; carries its exit code.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct DataError : Error {
  explicit DataError(const std::string& m) : Error(ExitCode::data, m) {}
};
struct NoInputError : Error {
  explicit NoInputError(const std::string& m) : Error(ExitCode::no_input, m) {}
};
struct UnavailableError : Error {
  explicit UnavailableError(const std::string& m) : Error(ExitCode::unavailable, m) {}
};
struct OutputError : Error {
  explicit OutputError(const std::string& m) : Error(ExitCode::cant_create, m) {}
};
struct NumericalError : Error {
  explicit NumericalError(const std::string& m) : Error(ExitCode::software, m) {}
};

/// Calls f(); a NumericalError inside becomes an error of type `As` that says where it happened
/// (`context`, e.g. "group outcome=PFS") and what the user can change (`advice`).
template <class As, class F>
auto with_context(const std::string& context, const std::string& advice, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const NumericalError& e) {
    throw As(context + ": " + e.what() + "; " + advice);
  }
}

}  // namespace metamc

#endif  // METAMC_ERROR_HPP
