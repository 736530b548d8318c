/** How a program and an npm package are named in a command line, a process or a path. */

export function programName(word: string): string {
  // `\\claude` alone is a UNC server with no share and no file: nothing Windows can run.
  if (/^\\\\[^\\/]*$/.test(word)) return '';
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.toLowerCase().replace(/\.(exe|cmd|bat|ps1|com)$/, '');
}

/** `@scope/name@1.2.3` → `@scope/name`; `name@latest` → `name`; `npm:name` → `name`; anything else → undefined. */
export function packageName(spec: string): string | undefined {
  const match = /^(?:npm:)?(@[a-z0-9][a-z0-9._~-]*\/[a-z0-9][a-z0-9._~-]*|[a-z0-9][a-z0-9._~-]*)(@[^\s@/]+)?$/i.exec(spec);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

/** The npm package a path runs from: `…/node_modules/@anthropic-ai/claude-code/cli.js`. */
export function packageFromPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== 'node_modules') continue;
    const first = parts[i + 1];
    if (!first) return undefined;
    if (first.startsWith('@')) return parts[i + 2] ? `${first}/${parts[i + 2]}`.toLowerCase() : undefined;
    return first.toLowerCase();
  }
  return undefined;
}
