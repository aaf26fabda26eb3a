// Tokenizers: vocabularies in, int64 ids out (BigInt64Array, ready for an ONNX tensor).
#include <cstring>

#include "addon.h"

namespace otn {
namespace {

bool IsTyped(const Napi::Value& v, napi_typedarray_type t) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == t;
}

// A vocabulary as (all tokens concatenated, UTF-16 length of each, id of each), in Map
// iteration order. Returns false + pending error when malformed.
struct VocabArgs {
  std::vector<char16_t> text;
  const int32_t* lengths = nullptr;
  const int32_t* ids = nullptr;
  size_t count = 0;
};

bool ReadVocab(const Napi::CallbackInfo& info, VocabArgs& out) {
  Napi::Env env = info.Env();
  if (!info[0].IsString() || !IsTyped(info[1], napi_int32_array) || !IsTyped(info[2], napi_int32_array)) {
    ThrowType(env, "vocabulary must be (tokens: string, lengths: Int32Array, ids: Int32Array)");
    return false;
  }
  Napi::Int32Array lengths = info[1].As<Napi::Int32Array>();
  Napi::Int32Array ids = info[2].As<Napi::Int32Array>();
  if (lengths.ElementLength() != ids.ElementLength()) {
    ThrowRange(env, "lengths and ids differ in length");
    return false;
  }
  size_t len = 0;
  napi_get_value_string_utf16(env, info[0], nullptr, 0, &len);
  out.text.resize(len + 1);
  napi_get_value_string_utf16(env, info[0], out.text.data(), len + 1, &len);
  out.text.resize(len);
  size_t total = 0;
  for (size_t i = 0; i < lengths.ElementLength(); ++i) {
    if (lengths[i] < 0 || ids[i] < 0) {
      ThrowRange(env, "negative token length or id");
      return false;
    }
    total += size_t(lengths[i]);
  }
  if (total != len) {
    ThrowRange(env, "token lengths do not add up to the tokens string");
    return false;
  }
  out.lengths = lengths.Data();
  out.ids = ids.Data();
  out.count = lengths.ElementLength();
  return true;
}

Napi::BigInt64Array ToInt64(Napi::Env env, const std::vector<int32_t>& ids) {
  Napi::BigInt64Array out = Napi::BigInt64Array::New(env, ids.size());
  int64_t* o = out.Data();
  for (size_t i = 0; i < ids.size(); ++i) o[i] = ids[i];
  return out;
}

// Copies ids into a caller's Int32Array or BigInt64Array; returns the count or -1 + error.
Napi::Value WriteInto(Napi::Env env, const Napi::Value& target, const std::vector<int32_t>& ids) {
  if (IsTyped(target, napi_bigint64_array)) {
    Napi::BigInt64Array a = target.As<Napi::BigInt64Array>();
    if (a.ElementLength() < ids.size()) return ThrowRange(env, "output array too short");
    int64_t* o = a.Data();
    for (size_t i = 0; i < ids.size(); ++i) o[i] = ids[i];
  } else if (IsTyped(target, napi_int32_array)) {
    Napi::Int32Array a = target.As<Napi::Int32Array>();
    if (a.ElementLength() < ids.size()) return ThrowRange(env, "output array too short");
    if (!ids.empty()) std::memcpy(a.Data(), ids.data(), ids.size() * sizeof(int32_t));
  } else {
    return ThrowType(env, "output must be an Int32Array or a BigInt64Array");
  }
  return Napi::Number::New(env, double(ids.size()));
}

}  // namespace

// wordPieceCreate(tokens, lengths, ids) -> { handle, unkId, clsId, sepId, size }
Napi::Value Addon::WordPieceCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  VocabArgs v;
  if (!ReadVocab(info, v)) return env.Undefined();
  auto wp = std::make_unique<WordPiece>(v.text.data(), v.lengths, v.ids, v.count);
  if (wp->unk_id() < 0) return ThrowType(env, "WordPiece vocabulary lacks [UNK]");
  if (wp->cls_id() < 0) return ThrowType(env, "WordPiece vocabulary lacks [CLS]");
  if (wp->sep_id() < 0) return ThrowType(env, "WordPiece vocabulary lacks [SEP]");
  Napi::Object o = Napi::Object::New(env);
  o.Set("handle", Napi::Number::New(env, double(wordpieces_.size() * 2)));
  o.Set("unkId", Napi::Number::New(env, wp->unk_id()));
  o.Set("clsId", Napi::Number::New(env, wp->cls_id()));
  o.Set("sepId", Napi::Number::New(env, wp->sep_id()));
  o.Set("size", Napi::Number::New(env, double(wp->size())));
  wordpieces_.push_back(std::move(wp));
  return o;
}

// Long texts are read in part first: encodings stop at max tokens, and a few hundred tokens
// rarely need more than kUnitsPerToken code units each. The part ends at its last ASCII
// whitespace (never inside a word); if the tokens do not fill up there, the whole text is read
// and encoded again, so the result is always that of the whole text.
static constexpr size_t kUnitsPerToken = 16;

template <typename Tokenizer>
bool Addon::EncodeToIds(const Napi::CallbackInfo& info, const Tokenizer* tok, int64_t min_tokens, const char* range_error) {
  Napi::Env env = info.Env();
  if (!tok) return false;
  const int64_t max = ToIndex(info[2]);
  if (!ReadText(env, info[1], max >= min_tokens ? kUnitsPerToken * size_t(max) + 64 : SIZE_MAX)) return false;
  if (max < min_tokens) {
    ThrowRange(env, range_error);
    return false;
  }
  if (!text_whole_) {
    size_t cut = text_len_;
    while (cut > 0 && !basic::ascii_space(text_[cut - 1])) --cut;
    if (cut > 0) {
      std::fill(text_.begin() + std::ptrdiff_t(cut), text_.begin() + std::ptrdiff_t(cut + kTextPadding), u'\0');
      tok->encode(text_.data(), cut, size_t(max), scratch_, ids_);
      if (ids_.size() >= size_t(max)) return true;
    }
    if (!ReadText(env, info[1])) return false;
  }
  tok->encode(text_.data(), text_len_, size_t(max), scratch_, ids_);
  return true;
}

static constexpr const char* kWordPieceMax = "maxTokens must be an integer >= 2";
static constexpr const char* kWordMax = "maxTokens must be an integer >= 1";

// wordPieceEncode(handle, text, maxTokens) -> BigInt64Array ([CLS] pieces [SEP])
Napi::Value Addon::WordPieceEncode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!EncodeToIds(info, WordPieceAt(env, info[0]), 2, kWordPieceMax)) return env.Undefined();
  return ToInt64(env, ids_);
}

// wordPieceEncodeInto(handle, text, maxTokens, out: Int32Array | BigInt64Array) -> length
Napi::Value Addon::WordPieceEncodeInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!EncodeToIds(info, WordPieceAt(env, info[0]), 2, kWordPieceMax)) return env.Undefined();
  return WriteInto(env, info[3], ids_);
}

// wordPiecePieces(handle, text, limit) -> Int32Array of piece ids (no [CLS]/[SEP])
Napi::Value Addon::WordPiecePieces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const WordPiece* wp = WordPieceAt(env, info[0]);
  if (!wp || !ReadText(env, info[1])) return env.Undefined();
  const int64_t limit = ToIndex(info[2]);
  if (limit < 0) return ThrowRange(env, "limit must be a non-negative integer");
  wp->pieces(text_.data(), text_len_, size_t(limit), scratch_, ids_);
  Napi::Int32Array out = Napi::Int32Array::New(env, ids_.size());
  if (!ids_.empty()) std::memcpy(out.Data(), ids_.data(), ids_.size() * sizeof(int32_t));
  return out;
}

// wordCreate(tokens, lengths, ids) -> { handle, size }
Napi::Value Addon::WordCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  VocabArgs v;
  if (!ReadVocab(info, v)) return env.Undefined();
  auto wt = std::make_unique<WordTokenizer>(v.text.data(), v.lengths, v.ids, v.count);
  Napi::Object o = Napi::Object::New(env);
  o.Set("handle", Napi::Number::New(env, double(words_.size() * 2 + 1)));
  o.Set("size", Napi::Number::New(env, double(wt->size())));
  words_.push_back(std::move(wt));
  return o;
}

// wordEncode(handle, text, maxTokens) -> BigInt64Array of the matched ids (may be empty)
Napi::Value Addon::WordEncode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!EncodeToIds(info, WordAt(env, info[0]), 1, kWordMax)) return env.Undefined();
  return ToInt64(env, ids_);
}

// wordEncodeInto(handle, text, maxTokens, out: Int32Array | BigInt64Array) -> matched count
Napi::Value Addon::WordEncodeInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!EncodeToIds(info, WordAt(env, info[0]), 1, kWordMax)) return env.Undefined();
  return WriteInto(env, info[3], ids_);
}

}  // namespace otn
