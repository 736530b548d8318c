/**
 * Message lookup with `{0}`-style placeholders, the same contract as `vscode.l10n.t`,
 * so the core stays editor-free while every visible string is translatable.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export const formatMessage: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
