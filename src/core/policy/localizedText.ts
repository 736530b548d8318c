/**
 * Policy text in several languages (README "Languages"): a field is
 * either one string or a map from a language tag to a string. Maps are `Map`s, never
 * plain objects, so a tag such as `constructor` or `__proto__` is just a key.
 */
export type LocalizedText = string | ReadonlyMap<string, string>;

/** BCP 47 in the shape policies use: a 2–3 letter language, then 2–8 character subtags. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The same pattern for JSON Schema, which has no flags. */
export const LANGUAGE_TAG_SOURCE = LANGUAGE_TAG.source;

const primaryOf = (tag: string): string => tag.split('-')[0] ?? tag;

/**
 * The entry a reader of `language` sees, in exactly the order README "Languages" gives: the tag
 * itself (case-insensitive, `zh-CN` = `zh-cn`), else its primary language (`zh`), else
 * `en`, else the first entry. Nothing else: a tag that only shares the primary language
 * (`zh-tw` for a `zh-cn` reader) is not a fallback, since it may be another script or
 * spelling the reader does not read; such a reader gets `en`.
 */
export function resolveText(text: LocalizedText, language: string | undefined): string {
  if (typeof text === 'string') return text;
  const entries = [...text.entries()].map(([tag, value]) => ({ tag: tag.toLowerCase(), value }));
  const wanted = (language ?? '').toLowerCase().replace(/_/g, '-');
  const pick = (tag: string) => entries.find((entry) => entry.tag === tag)?.value;
  const found = wanted ? pick(wanted) ?? pick(primaryOf(wanted)) : undefined;
  return found ?? pick('en') ?? entries[0]?.value ?? '';
}

/** Resolves an optional field; undefined stays undefined. */
export function resolveOptional(text: LocalizedText | undefined, language: string | undefined): string | undefined {
  return text === undefined ? undefined : resolveText(text, language);
}
