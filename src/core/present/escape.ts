/**
 * Escapes text for a Markdown context so that it renders literally (no links, HTML or
 * emphasis). `:` and `@` are escaped too: GitHub-flavoured Markdown, which VS Code's hovers
 * use, turns bare `https://…`, `www.…` and e-mail addresses into links.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~:@]/g, '\\$&');
}

/**
 * Status-bar text has no escape for `$(icon)` syntax; a thin space keeps untrusted names
 * from turning into icons.
 */
export function escapeStatusText(text: string): string {
  return text.replace(/\$\(/g, '$\u2009(');
}

/**
 * A name longer than this is cut in a notification: the panel shows it whole.
 * @internal bound the escape tests probe.
 */
export const MAX_NOTIFICATION_NAME = 120;

/**
 * Notification messages turn `[text](https:…)` and `[text](command:…)` into links; an
 * invisible word joiner between `]` and `(` keeps untrusted names from becoming one. A
 * name is cut at MAX_NOTIFICATION_NAME characters (whole code points), so a policy cannot
 * fill the screen with one toast.
 */
export function escapeNotificationText(text: string): string {
  const points = Array.from(text);
  const capped = points.length > MAX_NOTIFICATION_NAME ? `${points.slice(0, MAX_NOTIFICATION_NAME - 1).join('')}…` : text;
  return capped.replace(/\]\s*\(/g, (match) => `${match.slice(0, -1)}\u2060(`);
}
