/**
 * UI strings. `t()` goes through `vscode.l10n.t` (bundles in l10n/), except when the user forced
 * `trainingAdvisor.language` to a language other than VS Code's display language: then the chrome around
 * the advice (headings, buttons) follows the advice's language instead of mixing the two. For that case the
 * Chinese bundle is read at activation (with the host's own file reader, so both the Node and the browser host
 * can), so `t()` stays synchronous and a later switch to Chinese needs no read before views re-render; it is not
 * compiled in: 7 KB of the host bundle that only users who force Chinese over an English VS Code need.
 */
import * as vscode from 'vscode';
import type { Lang } from '../core/knowledge/types';

let forced: Lang | null = null;
let zh: Record<string, string> = {};

/** VS Code's own display language reduced to the two the extension speaks. */
export function vscodeLang(): Lang {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Called by activate() before anything renders: reads l10n/bundle.l10n.zh-cn.json (unreadable: English). */
export async function loadZhBundle(read: () => Promise<Uint8Array>): Promise<void> {
  try {
    zh = JSON.parse(new TextDecoder().decode(await read())) as Record<string, string>;
  } catch {
    zh = {};
  }
}

/** Called once by activate() and on every language setting change. */
export function configureI18n(opts: { setting: 'auto' | Lang }): void {
  forced = opts.setting === 'auto' || opts.setting === vscodeLang() ? null : opts.setting;
}

function format(message: string, args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  if (forced === 'en') return format(message, args);
  if (forced === 'zh') return format(zh[message] ?? message, args);
  return vscode.l10n.t(message, ...args);
}
