/**
 * The command line's own words, in English or Simplified Chinese, from the same bundle
 * as the editor's (l10n/bundle.l10n.zh-cn.json, embedded in dist/cli.js by the build):
 * the texts the two faces share are translated once.
 */
import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import { formatMessage, type Translate } from '../core/present/localize';

/**
 * Whether a language tag asks for Simplified Chinese: `zh`, `zh-cn`, `zh-sg`, `zh-hans…`.
 * Traditional Chinese (`zh-tw`, `zh-hk`, `zh-hant…`) has no bundle and reads English, as
 * in VS Code.
 */
function wantsSimplifiedChinese(language: string): boolean {
  const tag = language.toLowerCase();
  return tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans') || tag.startsWith('zh-cn-') || tag.startsWith('zh-sg-');
}

const BUNDLE: Readonly<Record<string, string>> = zhCn;

/** `t` for the command line's words in `language`. */
export function cliTranslate(language: string): Translate {
  if (!wantsSimplifiedChinese(language)) return formatMessage;
  return (message, ...args) => formatMessage(Object.prototype.hasOwnProperty.call(BUNDLE, message) ? BUNDLE[message] as string : message, ...args);
}
