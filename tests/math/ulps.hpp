// Errors in units of the last place, for the accuracy tests of math/ against the x87 long double
// functions (64-bit mantissa, 11 more bits than a double).
#ifndef METAMC_TESTS_MATH_ULPS_HPP
#define METAMC_TESTS_MATH_ULPS_HPP

#include <cmath>

namespace metamc::testing {

// Error in units of the last place of the reference value, rounded to double; below a power of
// two, the ulp of the binade below it (half the one above).
inline double ulps(double value, long double reference) {
  const double rounded = static_cast<double>(reference);
  if (rounded == 0) return value == 0 ? 0 : HUGE_VAL;
  const double magnitude = std::fabs(rounded);
  const double ulp = std::fabs(value) < magnitude ? magnitude - std::nextafter(magnitude, 0.0)
                                                  : std::nextafter(magnitude, HUGE_VAL) - magnitude;
  return static_cast<double>(std::fabs(static_cast<long double>(value) - reference) / ulp);
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_MATH_ULPS_HPP
