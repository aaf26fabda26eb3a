// Vector kernels for nearest-centroid routing: one query against a K x d float32 matrix
// (row-major). They reproduce the TypeScript reference (gateway/src/routing/assign.ts)
// bit for bit: every row is summed in double, in dimension order, with a separate
// multiply and add (no FMA contraction, -ffp-contract=off), exactly like the JavaScript
// loop. The SIMD path puts 4 *rows* in the 4 lanes of a vector instead of 4 dimensions,
// so the order of the additions inside each row never changes.
#pragma once
#include <cstddef>
#include <cstdint>

namespace otn {

// True when the AVX2 path is in use (runtime CPU check, once per process).
bool kernels_use_avx2();

// out[i] = sum_j x[j] * m[i*d + j] (sequential over j), for i in [0, k).
void dot_rows(const float* x, const float* m, size_t k, size_t d, double* out);
void dot_rows(const double* x, const float* m, size_t k, size_t d, double* out);

// out[i] = sum_j (x[j] - m[i*d + j])^2 (sequential over j), for i in [0, k).
void sq_l2_rows(const float* x, const float* m, size_t k, size_t d, double* out);
void sq_l2_rows(const double* x, const float* m, size_t k, size_t d, double* out);

// First index of the smallest / largest value (0 for an empty input; NaN never wins
// unless it is at index 0, exactly like the `<` / `>` loop of the reference).
size_t arg_min(const double* v, size_t n);
size_t arg_max(const double* v, size_t n);

// Indices of the `k` best scores (largest first when `largest`, smallest first
// otherwise); ties go to the lower index, NaN sorts last. Writes min(k, n) indices.
size_t top_k(const double* s, size_t n, size_t k, bool largest, int32_t* out);

// Numerically stable softmax (max subtracted, then exp, sum, divide), identical to the
// reference, Math.exp included (see js-exp.h).
void softmax(const double* logits, size_t n, double* out);

}  // namespace otn
