// Process-memory helpers. releaseMappedFile(path) drops this process's page-table entries for
// read-only shared mappings of one file (madvise MADV_DONTNEED), so pages that LMDB read through
// its map stop counting in the process's RSS. The pages stay in the kernel's page cache and the
// next access maps them again: for a read-only MAP_SHARED file mapping nothing can be lost.
// releaseCleanFileMappings() does the same for private read-only file mappings that hold no
// copied-on-write page (code and constants of the binary and libraries), for the same reason.
// trimMalloc() returns the C heap's free pages to the kernel (glibc only).
#include "addon.h"

#if defined(__linux__)
#include <sys/mman.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace otn {

#if defined(__linux__)
namespace {

struct Range {
  unsigned long start, end;
};

// A mapping header of /proc/self/maps or smaps: "start-end perms offset dev inode [path]".
struct MapHeader {
  Range range;
  char perms[8];
  std::string path;  // "" for anonymous mappings
};

// False, leaving `h` as it was, for anything else (smaps' field lines never match the header's
// shape, though "Anonymous:" starts with a hex digit).
bool ParseMapHeader(const char* line, MapHeader* h) {
  Range range{0, 0};
  char perms[8] = {0};
  int path_at = 0;
  if (std::sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &range.start, &range.end, perms, &path_at) < 3) return false;
  h->range = range;
  std::memcpy(h->perms, perms, sizeof perms);
  const char* p = path_at > 0 ? line + path_at : "";
  size_t n = std::strlen(p);
  while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == ' ')) n--;
  h->path.assign(p, n);
  return true;
}

// madvise(MADV_DONTNEED) on each range; the bytes advised.
double DropPages(const std::vector<Range>& ranges) {
  double released = 0;
  for (const Range& r : ranges) {
    if (madvise(reinterpret_cast<void*>(r.start), r.end - r.start, MADV_DONTNEED) == 0) released += double(r.end - r.start);
  }
  return released;
}

// Advises every "r--s" mapping of exactly `path` in /proc/self/maps; bytes advised, or -1.
double ReleaseMappings(const std::string& path) {
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return -1;
  std::vector<Range> shared;
  char line[4096 + 256];
  MapHeader h;
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    // Only read-only shared mappings: there, dropping a page never discards data.
    if (ParseMapHeader(line, &h) && h.path == path && h.perms[0] == 'r' && h.perms[1] == '-' && h.perms[3] == 's') shared.push_back(h.range);
  }
  std::fclose(maps);
  return DropPages(shared);
}

// Advises every private, read-only mapping of a file that holds no anonymous (copied-on-write)
// page, per /proc/self/smaps: its resident pages are then exactly the file's page-cache pages, so
// dropping them loses nothing and the next access maps them again. Bytes advised, or -1.
double ReleaseCleanMappings() {
  FILE* smaps = std::fopen("/proc/self/smaps", "re");
  if (smaps == nullptr) return -1;
  std::vector<Range> clean;
  MapHeader h;
  bool candidate = false;
  char line[4096 + 256];
  while (std::fgets(line, sizeof line, smaps) != nullptr) {
    if (ParseMapHeader(line, &h)) {
      // A candidate: private, not writable, backed by a file (its path starts with '/').
      candidate = !h.path.empty() && h.path[0] == '/' && h.perms[1] == '-' && h.perms[3] == 'p';
      continue;
    }
    unsigned long anon_kb = 0;
    if (candidate && std::sscanf(line, "Anonymous: %lu kB", &anon_kb) == 1) {
      if (anon_kb == 0) clean.push_back(h.range);
      candidate = false;
    }
  }
  std::fclose(smaps);
  return DropPages(clean);
}

}  // namespace
#endif

// releaseCleanFileMappings(): bytes of mappings advised, or -1 where unsupported.
Napi::Value Addon::ReleaseCleanFileMappings(const Napi::CallbackInfo& info) {
#if defined(__linux__)
  return Napi::Number::New(info.Env(), ReleaseCleanMappings());
#else
  return Napi::Number::New(info.Env(), -1);
#endif
}

// releaseMappedFile(absolutePath): bytes of mappings advised, or -1 where unsupported.
Napi::Value Addon::ReleaseMappedFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) return ThrowType(env, "releaseMappedFile(path): path must be a string");
#if defined(__linux__)
  const std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.empty() || path[0] != '/') return ThrowType(env, "releaseMappedFile(path): path must be absolute");
  return Napi::Number::New(env, ReleaseMappings(path));
#else
  return Napi::Number::New(env, -1);
#endif
}

// trimMalloc(): gives the C heap's free pages back to the kernel (glibc malloc_trim, which also
// releases free pages inside the heap, not only at its top). True if glibc released anything;
// undefined where there is no glibc.
Napi::Value Addon::TrimMalloc(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__)
  return Napi::Boolean::New(info.Env(), malloc_trim(0) != 0);
#else
  return info.Env().Undefined();
#endif
}

}  // namespace otn
