const cache = new Map<string, RegExp>();

/** Case-insensitive whole-string match where `*` stands for any run of characters. */
export function matchesWildcard(pattern: string, value: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    // 's': a line break inside a hostile id cannot slip past a wildcard.
    regex = new RegExp(`^${source}$`, 'is');
    cache.set(pattern, regex);
  }
  return regex.test(value);
}
