// metamc's entry point: the only place where errors become exit codes.
#include <unistd.h>

#include <iostream>
#include <new>
#include <sstream>

#include "cli.hpp"
#include "metamc/analysis.hpp"
#include "metamc/error.hpp"
#include "metamc/reports/atomic_file.hpp"
#include "metamc/reports/draws_writer.hpp"
#include "metamc/reports/report.hpp"

namespace {

// Fails before a long analysis when an output file could not be created anyway.
void check_writable(const std::string& path) {
  if (path.empty()) return;
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (::access(dir.c_str(), W_OK) != 0)
    throw metamc::OutputError(path + ": cannot write the output file (no writable directory '" +
                              dir + "')");
}

int run_fit(const metamc::RunConfig& config) {
  check_writable(config.output);
  check_writable(config.draws_out);
  const metamc::AnalysisReport report = metamc::run_analysis(config);
  std::ostringstream rendered;
  switch (config.format) {
    case metamc::OutputFormat::table:
      metamc::write_table(rendered, report);
      break;
    case metamc::OutputFormat::json:
      metamc::write_json(rendered, report);
      break;
    case metamc::OutputFormat::csv:
      metamc::write_csv(rendered, report);
      break;
  }
  for (const auto& warning : report.warnings) std::cerr << "metamc: warning: " << warning << "\n";
  if (!config.draws_out.empty()) {
    std::ostringstream draws;
    metamc::write_draws_csv(draws, report);
    metamc::write_file_atomically(config.draws_out, draws.str());
  }
  if (config.output.empty()) {
    std::cout << rendered.str() << std::flush;
    if (!std::cout) throw metamc::OutputError("cannot write to standard output");
  } else {
    metamc::write_file_atomically(config.output, rendered.str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto config = metamc::parse_command_line(argc, argv, std::cout);
    return config ? run_fit(*config) : 0;
  } catch (const metamc::Error& e) {
    std::cerr << "metamc: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "metamc: error: out of memory\n";
    return static_cast<int>(metamc::ExitCode::software);
  } catch (const std::exception& e) {
    std::cerr << "metamc: internal error: " << e.what() << "\n";
    return static_cast<int>(metamc::ExitCode::software);
  }
}
