// Turns a CSV table of study rows into validated groups of studies.
//
// Columns follow DESIGN.md (metafor names): `study`; the --by columns; `measure`; `benefit`; and
// one effect input per row: `yi` with `sei` or `vi`, or `estimate`, `lower`, `upper` [, `level`],
// or counts `ai`, `n1i`, `ci`, `n2i`. Every rejected value is a DataError naming the file, line,
// column and value.
#ifndef METAMC_DATA_STUDY_READER_HPP
#define METAMC_DATA_STUDY_READER_HPP

#include <optional>
#include <string>
#include <vector>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/measure.hpp"
#include "metamc/data/study.hpp"

namespace metamc {

struct StudyReaderOptions {
  std::vector<std::string> by;               // grouping columns; empty = one group of all rows
  Measure default_measure = Measure::GEN;    // for rows without a `measure` value
  Benefit default_benefit = Benefit::lower;  // for rows without a `benefit` value
  bool allow_repeated_studies = false;       // a study name twice in a group: a note, not an error
  std::vector<std::string> moderators = {};  // --mods columns, kept as text on every study
};

/// Groups in order of first appearance. Uninformative 2x2 tables (no events, or all events, in
/// both arms) are left out with a note on their group; a group left without studies is dropped
/// and reported in `warnings`, and a DataError names every study left out when no group is left.
/// A missing (empty or NA) value in a --by column is the value "NA", with a note. Notes also flag
/// what a reviewer would check: an estimate far from the middle of its interval, ratio-measure
/// `yi` that look like ratios rather than their logarithms.
std::vector<Group> read_groups(const CsvTable& table, const StudyReaderOptions& options,
                               std::vector<std::string>& warnings);

}  // namespace metamc

#endif  // METAMC_DATA_STUDY_READER_HPP
