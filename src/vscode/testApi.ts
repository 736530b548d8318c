import * as vscode from 'vscode';

/**
 * What `activate()` hands out: the live parts, to the host tests and the benchmark probe
 * only. In any other mode it returns nothing, so no other extension (a banned one
 * included) can reach the enforcer or the views through `getExtension(...).exports`.
 */
export function exportedApi<T>(mode: vscode.ExtensionMode, api: T): T | undefined {
  return mode === vscode.ExtensionMode.Test ? api : undefined;
}
