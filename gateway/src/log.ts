/** Leveled, single-line logging to stderr. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = (level: LogLevel, msg: string) => void;

export function createLogger(service: string, min: LogLevel): Logger {
  return (level, msg) => {
    if (ORDER[level] < ORDER[min]) return;
    process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} [${service}] ${msg}\n`);
  };
}
