// Everything a run of `metamc fit` was asked to do; echoed into the JSON output.
#ifndef METAMC_RUN_CONFIG_HPP
#define METAMC_RUN_CONFIG_HPP

#include <string>
#include <vector>

#include "metamc/data/measure.hpp"

namespace metamc {

enum class OutputFormat { table, json, csv };

struct RunConfig {
  std::string input;                         // CSV file
  std::vector<std::string> by;               // grouping columns
  Measure default_measure = Measure::GEN;    // for rows without `measure`
  Benefit default_benefit = Benefit::lower;  // for rows without `benefit`
  double level = 0.95;                       // level of every interval
  OutputFormat format = OutputFormat::table;
  std::string output;  // "" = standard output
};

}  // namespace metamc

#endif  // METAMC_RUN_CONFIG_HPP
