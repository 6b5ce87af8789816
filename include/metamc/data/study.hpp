// Studies on the analysis scale, gathered into the groups that are analysed one by one.
#ifndef METAMC_DATA_STUDY_HPP
#define METAMC_DATA_STUDY_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <optional>

#include "metamc/data/effect_size.hpp"
#include "metamc/data/measure.hpp"

namespace metamc {

struct Study {
  std::string label;                    // the `study` column
  double yi = 0;                        // effect on the analysis scale (log for ratio measures)
  double sei = 0;                       // its standard error
  bool continuity_corrected = false;    // 0.5 added to the cells of a 2x2 table with a zero
  std::size_t line = 0;                 // line of the input file it came from
  double interval_level = 0;            // level of the interval it was read from; 0: no interval
  std::optional<TwoByTwo> counts;       // the 2x2 table it was computed from, if any
  std::vector<std::string> moderators;  // its values of the --mods columns, "" where missing
};

/// (column, value) pairs of the --by columns that identify a group, in --by order.
using GroupKey = std::vector<std::pair<std::string, std::string>>;

/// "setting=NDMM, outcome=PFS"; "all studies" for an empty key.
std::string describe(const GroupKey& key);

struct Group {
  GroupKey key;
  Measure measure = Measure::GEN;
  Benefit benefit = Benefit::lower;
  std::vector<Study> studies;
  // 2x2 tables with no events in either arm, or events in every patient of both: left out of
  // every fit on log ratios (metafor's drop00), kept by the binomial model.
  std::vector<Study> uninformative;
  std::vector<std::string> notes;  // studies left out, corrections made

  std::size_t k() const { return studies.size(); }
};

/// Whether the group is one of 2x2 tables: a measure of OR or RR and the counts of every study,
/// the uninformative tables included (what the binomial model needs).
bool has_tables(const Group& group);

}  // namespace metamc

#endif  // METAMC_DATA_STUDY_HPP
