/** Escapes text for a Markdown context so that it renders literally (no links, HTML or emphasis). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&');
}

/**
 * Status-bar text has no escape for `$(icon)` syntax; a thin space keeps untrusted names
 * from turning into icons.
 */
export function escapeStatusText(text: string): string {
  return text.replace(/\$\(/g, '$\u2009(');
}
