#include "js-exp.h"

#include <cstdint>
#include <cstring>

namespace otn {
namespace {

inline uint32_t high_word(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return uint32_t(b >> 32);
}

inline uint32_t low_word(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return uint32_t(b);
}

inline double from_words(uint32_t hi, uint32_t lo) {
  uint64_t b = (uint64_t(hi) << 32) | lo;
  double x;
  std::memcpy(&x, &b, 8);
  return x;
}

// ln2 split so that k * kLn2Hi is exact for |k| < 2^11; the polynomial coefficients
// approximate R(r^2) = r * (exp(r) + 1) / (exp(r) - 1) on [0, 0.347].
constexpr double kLn2Hi[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
constexpr double kLn2Lo[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};
constexpr double kHalf[2] = {0.5, -0.5};
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kP1 = 1.66666666666666019037e-01;
constexpr double kP2 = -2.77777777770155933842e-03;
constexpr double kP3 = 6.61375632143793436117e-05;
constexpr double kP4 = -1.65339022054652515390e-06;
constexpr double kP5 = 4.13813679705723846039e-08;
constexpr double kOverflow = 7.09782712893383973096e+02;
constexpr double kUnderflow = -7.45133219101941108420e+02;
constexpr double kHuge = 1.0e+300;

}  // namespace

double js_exp(double x) {
  const double two1023 = from_words(0x7fe00000, 0);
  const double twom1000 = from_words(0x01700000, 0);
  uint32_t hx = high_word(x);
  const int sign = int(hx >> 31);
  hx &= 0x7fffffff;

  if (hx >= 0x40862E42) {  // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | low_word(x)) != 0) return x + x;  // NaN
      return sign == 0 ? x : 0.0;                             // exp(+-inf) = inf, 0
    }
    if (x > kOverflow) return kHuge * kHuge;
    if (x < kUnderflow) return twom1000 * twom1000;
  }

  double hi = 0, lo = 0;
  int k = 0;
  if (hx > 0x3fd62e42) {  // |x| > 0.5 ln2: reduce
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
      hi = x - kLn2Hi[sign];
      lo = kLn2Lo[sign];
      k = 1 - sign - sign;
    } else {
      k = int(kInvLn2 * x + kHalf[sign]);
      const double t = k;
      hi = x - t * kLn2Hi[0];
      lo = t * kLn2Lo[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {  // |x| < 2^-28
    if (kHuge + x > 1.0) return 1.0 + x;
  } else {
    k = 0;
  }

  const double t = x * x;
  const double twopk = k >= -1021 ? from_words(0x3ff00000u + (uint32_t(k) << 20), 0)
                                  : from_words(0x3ff00000u + (uint32_t(k + 1000) << 20), 0);
  const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

}  // namespace otn
