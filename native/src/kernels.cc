#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "js-exp.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define OTN_X86 1
#include <immintrin.h>
#endif

namespace otn {
namespace {

// One step of the reference loop for each metric: acc + term, term computed in double.
struct Dot {
  static double term(double x, float m) { return x * double(m); }
};
struct SqL2 {
  static double term(double x, float m) {
    const double t = x - double(m);
    return t * t;
  }
};

// Portable path: four rows at a time, each summed in dimension order (four independent
// dependency chains instead of one, same arithmetic).
template <typename Op, typename Q>
void rows_scalar(const Q* x, const float* m, size_t k, size_t d, double* out) {
  size_t i = 0;
  for (; i + 4 <= k; i += 4) {
    const float* r0 = m + i * d;
    const float* r1 = r0 + d;
    const float* r2 = r1 + d;
    const float* r3 = r2 + d;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t j = 0; j < d; ++j) {
      const double xj = double(x[j]);
      s0 += Op::term(xj, r0[j]);
      s1 += Op::term(xj, r1[j]);
      s2 += Op::term(xj, r2[j]);
      s3 += Op::term(xj, r3[j]);
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  for (; i < k; ++i) {
    const float* r = m + i * d;
    double s = 0;
    for (size_t j = 0; j < d; ++j) s += Op::term(double(x[j]), r[j]);
    out[i] = s;
  }
}

#ifdef OTN_X86
#define OTN_AVX2 __attribute__((target("avx2")))

OTN_AVX2 inline __m256d term_avx2(Dot, __m256d x, __m256d m) { return _mm256_mul_pd(x, m); }
OTN_AVX2 inline __m256d term_avx2(SqL2, __m256d x, __m256d m) {
  const __m256d t = _mm256_sub_pd(x, m);
  return _mm256_mul_pd(t, t);
}

// G groups of 4 rows: lane r of acc[g] is row 4g+r. Each step loads 4 dimensions of the
// 4 rows, transposes them so one vector holds one dimension of 4 rows, and adds the 4
// dimensions in order. Leftover dimensions (d % 4) continue in scalar, still in order.
template <typename Op, typename Q, int G>
OTN_AVX2 void rows_block_avx2(const Q* x, const float* m, size_t d, double* out) {
  __m256d acc[G];
  for (int g = 0; g < G; ++g) acc[g] = _mm256_setzero_pd();
  size_t j = 0;
  for (; j + 4 <= d; j += 4) {
    const __m256d x0 = _mm256_set1_pd(double(x[j]));
    const __m256d x1 = _mm256_set1_pd(double(x[j + 1]));
    const __m256d x2 = _mm256_set1_pd(double(x[j + 2]));
    const __m256d x3 = _mm256_set1_pd(double(x[j + 3]));
    for (int g = 0; g < G; ++g) {
      const float* r = m + size_t(4 * g) * d + j;
      __m128 a0 = _mm_loadu_ps(r);
      __m128 a1 = _mm_loadu_ps(r + d);
      __m128 a2 = _mm_loadu_ps(r + 2 * d);
      __m128 a3 = _mm_loadu_ps(r + 3 * d);
      _MM_TRANSPOSE4_PS(a0, a1, a2, a3);
      __m256d s = acc[g];
      s = _mm256_add_pd(s, term_avx2(Op{}, x0, _mm256_cvtps_pd(a0)));
      s = _mm256_add_pd(s, term_avx2(Op{}, x1, _mm256_cvtps_pd(a1)));
      s = _mm256_add_pd(s, term_avx2(Op{}, x2, _mm256_cvtps_pd(a2)));
      s = _mm256_add_pd(s, term_avx2(Op{}, x3, _mm256_cvtps_pd(a3)));
      acc[g] = s;
    }
  }
  for (int g = 0; g < G; ++g) {
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, acc[g]);
    for (int r = 0; r < 4; ++r) {
      const float* row = m + size_t(4 * g + r) * d;
      double s = lanes[r];
      for (size_t jj = j; jj < d; ++jj) s += Op::term(double(x[jj]), row[jj]);
      out[4 * g + r] = s;
    }
  }
}

template <typename Op, typename Q>
OTN_AVX2 void rows_avx2(const Q* x, const float* m, size_t k, size_t d, double* out) {
  size_t i = 0;
  for (; i + 16 <= k; i += 16) rows_block_avx2<Op, Q, 4>(x, m + i * d, d, out + i);
  for (; i + 8 <= k; i += 8) rows_block_avx2<Op, Q, 2>(x, m + i * d, d, out + i);
  for (; i + 4 <= k; i += 4) rows_block_avx2<Op, Q, 1>(x, m + i * d, d, out + i);
  if (i < k) rows_scalar<Op, Q>(x, m + i * d, k - i, d, out + i);
}

bool detect_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#endif

// A read-only fact about the CPU, computed once per process (thread-safe static init).
bool avx2_enabled() {
#ifdef OTN_X86
  static const bool on = detect_avx2();
  return on;
#else
  return false;
#endif
}

template <typename Op, typename Q>
void rows(const Q* x, const float* m, size_t k, size_t d, double* out) {
#ifdef OTN_X86
  if (avx2_enabled()) return rows_avx2<Op, Q>(x, m, k, d, out);
#endif
  rows_scalar<Op, Q>(x, m, k, d, out);
}

// Strict weak order: better score first, then lower index; NaN last.
struct Better {
  const double* s;
  bool largest;
  bool operator()(int32_t a, int32_t b) const {
    const double x = s[a], y = s[b];
    const bool xn = std::isnan(x), yn = std::isnan(y);
    if (xn != yn) return yn;
    if (!xn && x != y) return largest ? x > y : x < y;
    return a < b;
  }
};

}  // namespace

bool kernels_use_avx2() { return avx2_enabled(); }

void dot_rows(const float* x, const float* m, size_t k, size_t d, double* out) { rows<Dot>(x, m, k, d, out); }
void dot_rows(const double* x, const float* m, size_t k, size_t d, double* out) { rows<Dot>(x, m, k, d, out); }
void sq_l2_rows(const float* x, const float* m, size_t k, size_t d, double* out) { rows<SqL2>(x, m, k, d, out); }
void sq_l2_rows(const double* x, const float* m, size_t k, size_t d, double* out) { rows<SqL2>(x, m, k, d, out); }

size_t arg_min(const double* v, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] < v[best]) best = i;
  return best;
}

size_t arg_max(const double* v, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

size_t top_k(const double* s, size_t n, size_t k, bool largest, int32_t* out) {
  const size_t m = std::min(k, n);
  if (m == 0) return 0;
  const Better better{s, largest};
  if (m <= 16) {
    // Insertion into a small sorted buffer: one pass, no allocation.
    size_t len = 0;
    for (size_t i = 0; i < n; ++i) {
      const int32_t idx = int32_t(i);
      if (len == m && !better(idx, out[m - 1])) continue;
      size_t pos = len < m ? len++ : m - 1;
      while (pos > 0 && better(idx, out[pos - 1])) {
        out[pos] = out[pos - 1];
        --pos;
      }
      out[pos] = idx;
    }
    return m;
  }
  std::vector<int32_t> idx(n);
  for (size_t i = 0; i < n; ++i) idx[i] = int32_t(i);
  std::partial_sort(idx.begin(), idx.begin() + std::ptrdiff_t(m), idx.end(), better);
  std::copy(idx.begin(), idx.begin() + std::ptrdiff_t(m), out);
  return m;
}

void softmax(const double* logits, size_t n, double* out) {
  // Math.max semantics: NaN is sticky.
  double mx = -INFINITY;
  for (size_t i = 0; i < n; ++i) {
    const double v = logits[i];
    if (std::isnan(v) || std::isnan(mx)) mx = NAN;
    else if (v > mx || (v == 0 && mx == 0 && !std::signbit(v))) mx = v;
  }
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const double e = js_exp(logits[i] - mx);
    out[i] = e;
    sum += e;
  }
  for (size_t i = 0; i < n; ++i) out[i] /= sum;
}

}  // namespace otn
