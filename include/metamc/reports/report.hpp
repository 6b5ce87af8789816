// The three renderings of an analysis: a table for people, JSON and CSV for programs.
#ifndef METAMC_REPORTS_REPORT_HPP
#define METAMC_REPORTS_REPORT_HPP

#include <ostream>

#include "metamc/run/results.hpp"

namespace metamc {

/// Per group: the studies, then one line per estimator with the pooled effect (exponentiated for
/// ratio measures), tau^2 with its interval, I^2, Q, the HKSJ and the prediction interval.
void write_table(std::ostream& out, const AnalysisReport& report);

/// The table's parts, for reports that interleave them with other content (the HTML report):
/// its heading (version, level, priors, sampler), one group, one --subgroup test.
void write_table_heading(std::ostream& out, const AnalysisReport& report);
void write_group_table(std::ostream& out, const RunConfig& config, const GroupResult& result);
void write_subgroup_test_table(std::ostream& out, const AnalysisReport& report,
                               const SubgroupTest& test);

/// The JSON contract of DESIGN.md; values on the analysis scale.
void write_json(std::ostream& out, const AnalysisReport& report);

/// One row per group and estimator; values on the analysis scale.
void write_csv(std::ostream& out, const AnalysisReport& report);

}  // namespace metamc

#endif  // METAMC_REPORTS_REPORT_HPP
