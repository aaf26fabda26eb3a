// Vector kernels: argument checks and typed-array plumbing around kernels.h.
#include "addon.h"
#include "kernels.h"

namespace otn {
namespace {

bool IsTyped(const Napi::Value& v, napi_typedarray_type t) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == t;
}

// An optional caller-provided output of at least n doubles, else a new one.
Napi::Float64Array OutF64(Napi::Env env, const Napi::Value& v, size_t n) {
  if (IsTyped(v, napi_float64_array) && v.As<Napi::Float64Array>().ElementLength() >= n) {
    return v.As<Napi::Float64Array>();
  }
  return Napi::Float64Array::New(env, n);
}

enum class Metric { kDot, kSqL2 };

// (matrix: Float32Array, k, dim, x: Float32Array | Float64Array, out?: Float64Array)
Napi::Value Rows(const Napi::CallbackInfo& info, Metric metric) {
  Napi::Env env = info.Env();
  if (!IsTyped(info[0], napi_float32_array)) return ThrowType(env, "matrix must be a Float32Array");
  const int64_t k = ToIndex(info[1]);
  const int64_t d = ToIndex(info[2]);
  if (k < 0 || d < 0) return ThrowType(env, "k and dim must be non-negative integers");
  Napi::Float32Array m = info[0].As<Napi::Float32Array>();
  if (m.ElementLength() < size_t(k) * size_t(d)) return ThrowRange(env, "matrix is shorter than k * dim");
  const bool f32 = IsTyped(info[3], napi_float32_array);
  if (!f32 && !IsTyped(info[3], napi_float64_array)) return ThrowType(env, "x must be a Float32Array or Float64Array");
  Napi::TypedArray x = info[3].As<Napi::TypedArray>();
  if (x.ElementLength() < size_t(d)) return ThrowRange(env, "x is shorter than dim");
  Napi::Float64Array out = OutF64(env, info[4], size_t(k));
  double* o = out.Data();
  const float* mp = m.Data();
  if (f32) {
    const float* xp = info[3].As<Napi::Float32Array>().Data();
    metric == Metric::kDot ? dot_rows(xp, mp, size_t(k), size_t(d), o) : sq_l2_rows(xp, mp, size_t(k), size_t(d), o);
  } else {
    const double* xp = info[3].As<Napi::Float64Array>().Data();
    metric == Metric::kDot ? dot_rows(xp, mp, size_t(k), size_t(d), o) : sq_l2_rows(xp, mp, size_t(k), size_t(d), o);
  }
  return out;
}

}  // namespace

Napi::Value Addon::DotRows(const Napi::CallbackInfo& info) { return Rows(info, Metric::kDot); }
Napi::Value Addon::SquaredDistances(const Napi::CallbackInfo& info) { return Rows(info, Metric::kSqL2); }

Napi::Value Addon::Argmin(const Napi::CallbackInfo& info) {
  if (!IsTyped(info[0], napi_float64_array)) return ThrowType(info.Env(), "argmin(v): v must be a Float64Array");
  Napi::Float64Array v = info[0].As<Napi::Float64Array>();
  return Napi::Number::New(info.Env(), double(arg_min(v.Data(), v.ElementLength())));
}

Napi::Value Addon::Argmax(const Napi::CallbackInfo& info) {
  if (!IsTyped(info[0], napi_float64_array)) return ThrowType(info.Env(), "argmax(v): v must be a Float64Array");
  Napi::Float64Array v = info[0].As<Napi::Float64Array>();
  return Napi::Number::New(info.Env(), double(arg_max(v.Data(), v.ElementLength())));
}

// softmax(logits: Float64Array, out?: Float64Array) -> Float64Array
Napi::Value Addon::Softmax(const Napi::CallbackInfo& info) {
  if (!IsTyped(info[0], napi_float64_array)) return ThrowType(info.Env(), "softmax(logits): logits must be a Float64Array");
  Napi::Float64Array v = info[0].As<Napi::Float64Array>();
  const size_t n = v.ElementLength();
  Napi::Float64Array out = OutF64(info.Env(), info[1], n);
  softmax(v.Data(), n, out.Data());
  return out;
}

// topK(scores: Float64Array, k, largest: boolean) -> Int32Array of min(k, n) indices
Napi::Value Addon::TopK(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!IsTyped(info[0], napi_float64_array)) return ThrowType(env, "topK(scores): scores must be a Float64Array");
  const int64_t k = ToIndex(info[1]);
  if (k < 0) return ThrowType(env, "topK: k must be a non-negative integer");
  Napi::Float64Array s = info[0].As<Napi::Float64Array>();
  const size_t n = s.ElementLength();
  const size_t m = std::min(size_t(k), n);
  Napi::Int32Array out = Napi::Int32Array::New(env, m);
  top_k(s.Data(), n, m, info[2].ToBoolean().Value(), out.Data());
  return out;
}

}  // namespace otn
