// The three renderings of a simulation study (`metamc simulate`): a table per group and scenario
// for people, JSON and CSV with one record per group, scenario and method for programs; values on
// the analysis scale.
#ifndef METAMC_REPORTS_SIMULATION_REPORT_HPP
#define METAMC_REPORTS_SIMULATION_REPORT_HPP

#include <ostream>

#include "metamc/run/simulation.hpp"

namespace metamc {

void write_simulation_table(std::ostream& out, const SimulationReport& report);
void write_simulation_json(std::ostream& out, const SimulationReport& report);
void write_simulation_csv(std::ostream& out, const SimulationReport& report);

/// The rendering report.config.format names. A shard (report.config.shard) is JSON with every
/// method's exact tally in each record, for `metamc merge`.
void write_simulation(std::ostream& out, const SimulationReport& report);

}  // namespace metamc

#endif  // METAMC_REPORTS_SIMULATION_REPORT_HPP
