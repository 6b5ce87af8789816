// A fit's JSON output (write_json, reports/report.hpp) read back into the results it was written
// from, as far as the table, JSON and CSV reports show them: writing what it reads gives the same
// output again, to the last digit. What no report shows is not read: the posterior densities
// (plots), the REML and PM weights, the draws.
#ifndef METAMC_REPORTS_REPORT_READER_HPP
#define METAMC_REPORTS_REPORT_READER_HPP

#include "metamc/io/json_document.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// The report in `doc`; a DataError naming the file and the field where it is not a fit's JSON
/// output. A shard's groups (--shard) take their place in the whole run as stream_group; other
/// groups their position.
AnalysisReport read_json_report(const JsonDocument& doc);

}  // namespace metamc

#endif  // METAMC_REPORTS_REPORT_READER_HPP
