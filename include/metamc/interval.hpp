// A closed interval [lower, upper] on the analysis scale.
#ifndef METAMC_INTERVAL_HPP
#define METAMC_INTERVAL_HPP

namespace metamc {

struct Interval {
  double lower = 0;
  double upper = 0;
};

}  // namespace metamc

#endif  // METAMC_INTERVAL_HPP
