/** Keys as shown by the API: a recognisable prefix and the last four characters, never the whole value (pure). */
export function maskKey(key: string): string {
  // Short keys would show most of themselves: only their length class is told.
  if (key.length < 12) return '***';
  const dash = key.indexOf('-');
  const prefix = dash > 0 && dash <= 4 ? key.slice(0, dash + 1) : key.slice(0, 3);
  return `${prefix}...${key.slice(-4)}`;
}
