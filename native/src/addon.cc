#include "addon.h"

#include <algorithm>
#include <cmath>

#include "kernels.h"
#include "unicode-tables.h"

namespace otn {

Napi::Value ThrowType(Napi::Env env, const char* msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value ThrowRange(Napi::Env env, const char* msg) {
  Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

int64_t ToIndex(const Napi::Value& v) {
  if (!v.IsNumber()) return -1;
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 9007199254740991.0 || std::floor(d) != d) return -1;
  return int64_t(d);
}

Addon::Addon(Napi::Env env, Napi::Object exports) {
  (void)env;
  DefineAddon(exports, {
      InstanceMethod("info", &Addon::Info),
      InstanceMethod("release", &Addon::Release),
      InstanceMethod("dotRows", &Addon::DotRows),
      InstanceMethod("squaredDistances", &Addon::SquaredDistances),
      InstanceMethod("argmin", &Addon::Argmin),
      InstanceMethod("argmax", &Addon::Argmax),
      InstanceMethod("softmax", &Addon::Softmax),
      InstanceMethod("topK", &Addon::TopK),
      InstanceMethod("wordPieceCreate", &Addon::WordPieceCreate),
      InstanceMethod("wordPieceEncode", &Addon::WordPieceEncode),
      InstanceMethod("wordPieceEncodeInto", &Addon::WordPieceEncodeInto),
      InstanceMethod("wordPiecePieces", &Addon::WordPiecePieces),
      InstanceMethod("wordCreate", &Addon::WordCreate),
      InstanceMethod("wordEncode", &Addon::WordEncode),
      InstanceMethod("wordEncodeInto", &Addon::WordEncodeInto),
      InstanceMethod("releaseMappedFile", &Addon::ReleaseMappedFile),
      InstanceMethod("trimMalloc", &Addon::TrimMalloc),
      InstanceMethod("releaseCleanFileMappings", &Addon::ReleaseCleanFileMappings),
  });
}

// { simd, unicode, tokenizers }: what /health and the tests want to know.
Napi::Value Addon::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t live = 0;
  for (const auto& t : wordpieces_) live += t ? 1 : 0;
  for (const auto& t : words_) live += t ? 1 : 0;
  Napi::Object o = Napi::Object::New(env);
  o.Set("simd", Napi::String::New(env, kernels_use_avx2() ? "avx2" : "scalar"));
  o.Set("unicode", Napi::String::New(env, tables::kUnicodeVersion));
  o.Set("tokenizers", Napi::Number::New(env, double(live)));
  return o;
}

// release(handle): frees a tokenizer of this environment (idempotent).
Napi::Value Addon::Release(const Napi::CallbackInfo& info) {
  const int64_t h = ToIndex(info[0]);
  if (h < 0) return ThrowType(info.Env(), "release(handle): handle must be a non-negative integer");
  const size_t slot = size_t(h >> 1);
  if (h & 1) {
    if (slot < words_.size()) words_[slot].reset();
  } else if (slot < wordpieces_.size()) {
    wordpieces_[slot].reset();
  }
  return info.Env().Undefined();
}

bool Addon::ReadText(Napi::Env env, const Napi::Value& v, size_t max_units) {
  if (!v.IsString()) {
    ThrowType(env, "text must be a string");
    return false;
  }
  size_t len = 0;
  if (napi_get_value_string_utf16(env, v, nullptr, 0, &len) != napi_ok) return false;
  text_whole_ = len <= max_units;
  if (!text_whole_) len = max_units;
  if (text_.size() < len + kTextPadding) text_.resize(len + kTextPadding);
  size_t copied = 0;
  if (napi_get_value_string_utf16(env, v, text_.data(), len + 1, &copied) != napi_ok) return false;
  // The scanners read up to 16 code units past the end: make them zeros.
  std::fill(text_.begin() + std::ptrdiff_t(copied), text_.begin() + std::ptrdiff_t(copied + kTextPadding), u'\0');
  text_len_ = copied;
  return true;
}

const WordPiece* Addon::WordPieceAt(Napi::Env env, const Napi::Value& v) {
  const int64_t h = ToIndex(v);
  if (h < 0 || (h & 1) || size_t(h >> 1) >= wordpieces_.size() || !wordpieces_[size_t(h >> 1)]) {
    ThrowType(env, "not a live WordPiece handle of this environment");
    return nullptr;
  }
  return wordpieces_[size_t(h >> 1)].get();
}

const WordTokenizer* Addon::WordAt(Napi::Env env, const Napi::Value& v) {
  const int64_t h = ToIndex(v);
  if (h < 0 || !(h & 1) || size_t(h >> 1) >= words_.size() || !words_[size_t(h >> 1)]) {
    ThrowType(env, "not a live word-tokenizer handle of this environment");
    return nullptr;
  }
  return words_[size_t(h >> 1)].get();
}

}  // namespace otn

using OpenTracyNative = otn::Addon;
NODE_API_ADDON(OpenTracyNative)
