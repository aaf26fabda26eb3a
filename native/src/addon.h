// The N-API surface. One Addon instance per Node.js environment (main thread and each
// worker thread), kept by N-API as instance data (Napi::Addon): tokenizers and scratch
// buffers live here, never in statics, so workers never share mutable state.
#pragma once
#include <napi.h>

#include <memory>
#include <vector>

#include "basic-tokenizer.h"
#include "word-tokenizer.h"
#include "wordpiece.h"

namespace otn {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

 private:
  // addon.cc
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Release(const Napi::CallbackInfo& info);
  // addon-kernels.cc
  Napi::Value DotRows(const Napi::CallbackInfo& info);
  Napi::Value SquaredDistances(const Napi::CallbackInfo& info);
  Napi::Value Argmin(const Napi::CallbackInfo& info);
  Napi::Value Argmax(const Napi::CallbackInfo& info);
  Napi::Value Softmax(const Napi::CallbackInfo& info);
  Napi::Value TopK(const Napi::CallbackInfo& info);
  // addon-tokenizers.cc
  Napi::Value WordPieceCreate(const Napi::CallbackInfo& info);
  Napi::Value WordPieceEncode(const Napi::CallbackInfo& info);
  Napi::Value WordPieceEncodeInto(const Napi::CallbackInfo& info);
  Napi::Value WordPiecePieces(const Napi::CallbackInfo& info);
  Napi::Value WordCreate(const Napi::CallbackInfo& info);
  Napi::Value WordEncode(const Napi::CallbackInfo& info);
  Napi::Value WordEncodeInto(const Napi::CallbackInfo& info);
  // addon-memory.cc
  Napi::Value ReleaseMappedFile(const Napi::CallbackInfo& info);
  Napi::Value TrimMalloc(const Napi::CallbackInfo& info);
  Napi::Value ReleaseCleanFileMappings(const Napi::CallbackInfo& info);

  // Copies a JS string, or its first max_units code units, into text_ (UTF-16, no conversion),
  // zero-padded; text_whole_ says whether that was all of it. False + pending error if not a string.
  bool ReadText(Napi::Env env, const Napi::Value& v, size_t max_units = SIZE_MAX);
  // The tokenizer behind a handle, or nullptr + pending error.
  const WordPiece* WordPieceAt(Napi::Env env, const Napi::Value& v);
  const WordTokenizer* WordAt(Napi::Env env, const Napi::Value& v);
  // The shared front of the encode entry points: text info[1], maxTokens info[2] (>= min_tokens),
  // encoded by `tok` into ids_. False with a pending JS error otherwise.
  template <typename Tokenizer>
  bool EncodeToIds(const Napi::CallbackInfo& info, const Tokenizer* tok, int64_t min_tokens, const char* range_error);

  // Handles are indexes; a released slot is null. Odd handles are word tokenizers.
  std::vector<std::unique_ptr<WordPiece>> wordpieces_;
  std::vector<std::unique_ptr<WordTokenizer>> words_;
  BasicScratch scratch_;
  static constexpr size_t kTextPadding = 32;
  std::vector<char16_t> text_;  // the current text, then kTextPadding zeros
  size_t text_len_ = 0;
  bool text_whole_ = true;
  std::vector<int32_t> ids_;
};

// Throws a JS TypeError/RangeError (C++ exceptions are off) and returns undefined.
Napi::Value ThrowType(Napi::Env env, const char* msg);
Napi::Value ThrowRange(Napi::Env env, const char* msg);
// A non-negative integer argument (number), or -1.
int64_t ToIndex(const Napi::Value& v);

}  // namespace otn
