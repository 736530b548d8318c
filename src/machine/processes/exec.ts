import { execFile } from 'node:child_process';

export type Exec = (file: string, args: readonly string[]) => Promise<string>;

export const execText: Exec = (file, args) => new Promise((resolve, reject) => {
  execFile(file, args as string[], { maxBuffer: 32 * 1024 * 1024, timeout: 10_000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
});
