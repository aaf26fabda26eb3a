/**
 * Watches a weights directory (recursively) and calls `onChange` once the files have been quiet for
 * `debounceMs`, so a package written file by file triggers one reload, not one per file. A reload that
 * sees a half-written package fails validation and the next change event retries.
 */
import { watch, type FSWatcher } from 'node:fs';

export interface WeightsWatcher {
  close(): void;
}

export function watchWeights(dir: string, debounceMs: number, onChange: () => void): WeightsWatcher {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
    timer.unref();
  };
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, fire);
    watcher.on('error', () => undefined);
  } catch {
    watcher = null; // directory missing: nothing to watch until a reload names another path
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
