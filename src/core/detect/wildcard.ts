/**
 * Case-insensitive whole-string match where `*` stands for any run of characters (extension
 * ids such as `acme.helper-*`). Every other character is literal. Two pointers with one
 * remembered star: at most pattern × value steps, never the exponential backtracking a
 * regular expression built from a hostile pattern (`*a*a*a*…b`) can take.
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = vi;
    } else if (pi < p.length && p[pi] === v[vi]) {
      pi++;
      vi++;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
