const cache = new Map<string, RegExp>();

/** Case-insensitive whole-string match where `*` stands for any run of characters. */
export function matchesWildcard(pattern: string, value: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    regex = new RegExp(`^${source}$`, 'i');
    cache.set(pattern, regex);
  }
  return regex.test(value);
}
