import { closest, distance } from 'fastest-levenshtein';

/** The known name `key` is most likely a typo of, if it is close enough to be one. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  // Distances cost length × length; a key this long is no typo of a short one.
  if (known.length === 0 || key.length > 64) return undefined;
  const best = closest(key, known as string[]);
  const limit = Math.max(2, Math.floor(key.length / 3));
  return distance(key.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** "Did you mean" is offered only when the known names are at most this many. */
const MAX_CANDIDATES = 2000;
/** Distances worked out for "did you mean" in one file, in all (a few milliseconds). */
const MAX_COMPARISONS = 4_000;

/**
 * "Did you mean" for the names of one file, within a budget: each suggestion is a distance
 * to every known name, and a file full of unknown names against a long list would
 * otherwise spend most of its read on advice. Once the budget is spent, names are still
 * reported, without a suggestion.
 */
export class SuggestionBudget {
  private left = MAX_COMPARISONS;

  constructor(private readonly known: readonly string[]) {}

  suggest(name: string): string | undefined {
    if (this.known.length > MAX_CANDIDATES || this.left < this.known.length) return undefined;
    this.left -= this.known.length;
    return suggestKey(name, this.known);
  }
}
