# One native target: tokenizers and vector kernels for the router, and a memory helper for the trace store.
# Built by `npm install` (node-gyp rebuild); nothing is downloaded (nodedir comes from .npmrc).
# C++ exceptions are off (node-addon-api's NAPI_DISABLE_CPP_EXCEPTIONS); all state lives in
# N-API instance data (Napi::Addon), so every worker thread gets its own vocabularies.
{
  "targets": [
    {
      "target_name": "opentracy_native",
      "sources": [
        "native/src/addon.cc",
        "native/src/addon-kernels.cc",
        "native/src/addon-memory.cc",
        "native/src/addon-tokenizers.cc",
        "native/src/basic-tokenizer.cc",
        "native/src/js-exp.cc",
        "native/src/kernels.cc",
        "native/src/unicode.cc",
        "native/src/vocab.cc",
        "native/src/wordpiece.cc",
        "native/src/word-tokenizer.cc"
      ],
      "include_dirs": [
        "<!@(node -p \"require('node-addon-api').include\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_DISABLE_CPP_EXCEPTIONS"
      ],
      "cflags!": ["-fexceptions", "-O2", "-O0"],
      "cflags_cc!": ["-fexceptions", "-O2", "-O0", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O3", "-fno-exceptions", "-ffp-contract=off", "-fvisibility=hidden"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions", "-ffp-contract=off", "-Wall", "-Wextra"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "NO",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 0, "Optimization": 2 }
      }
    }
  ]
}
