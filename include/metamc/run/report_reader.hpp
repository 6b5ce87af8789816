// A fit's JSON output (write_json, reports/report.hpp) read back into the results it was written
// from, as far as the table, JSON and CSV reports show them: writing what it reads gives the same
// output again, to the last digit. What no report shows is not read: the posterior densities
// (plots), the REML and PM weights, the draws.
#ifndef METAMC_RUN_REPORT_READER_HPP
#define METAMC_RUN_REPORT_READER_HPP

#include "metamc/io/json_document.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// The report in `doc`; a DataError naming the file and the field where it is not a fit's JSON
/// output, or not one the reports can be written from. Each group's stream_group is its position
/// in the file (run/fit_merge.hpp gives a shard's groups their places in the whole run).
AnalysisReport read_json_report(const JsonDocument& doc);

}  // namespace metamc

#endif  // METAMC_RUN_REPORT_READER_HPP
