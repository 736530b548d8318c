/**
 * The suites run with the extension's network access trapped: any socket connection or
 * DNS lookup whose call stack passes through the extension's bundle (dist/extension.js)
 * is refused and recorded; the editor's own connections (code-server, other extensions)
 * pass untouched. index.ts fails the run when anything was recorded.
 */
import dns from 'node:dns';
import * as net from 'node:net';

export interface TrappedAttempt {
  readonly what: string;
  readonly stack: string;
}

const trapped: TrappedAttempt[] = [];
let installed = false;

/** The bundle's path as it appears in stack frames. */
export const BUNDLE_MARKER = `${'dist'}/extension.js`;

function fromExtension(): string | undefined {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  try {
    const stack = new Error('network trap').stack ?? '';
    return stack.includes(BUNDLE_MARKER) ? stack : undefined;
  } finally {
    Error.stackTraceLimit = previous;
  }
}

export function installNetworkTrap(): void {
  if (installed) return;
  installed = true;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const stack = fromExtension();
    if (stack) {
      trapped.push({ what: `socket connect ${JSON.stringify(args[0])}`, stack });
      throw new Error('Tool Policy Notices must not open network connections (trapped by the test suite)');
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  const lookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
    const stack = fromExtension();
    if (stack) {
      trapped.push({ what: `DNS lookup ${hostname}`, stack });
      throw new Error('Tool Policy Notices must not resolve host names (trapped by the test suite)');
    }
    return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
}

/** What the extension tried, in order. */
export function trappedAttempts(): readonly TrappedAttempt[] {
  return trapped;
}

/** Removes the attempts a self-test of the trap made on purpose. */
export function forgetAttempts(count: number): void {
  trapped.splice(trapped.length - count, count);
}
