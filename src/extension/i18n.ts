/**
 * UI strings. `t()` goes through `vscode.l10n.t` (bundles in l10n/), except when the user forced
 * `trainingAdvisor.language` to a language other than VS Code's display language: then the chrome around
 * the advice (headings, buttons) follows the advice's language instead of mixing the two. For that case the
 * Chinese bundle is compiled into the extension (5 KB), so no file is read and `t()` stays synchronous in both
 * extension hosts (Node and the browser's web worker).
 */
import * as vscode from 'vscode';
import type { Lang } from '../core/knowledge/types';
import zhBundle from '../../l10n/bundle.l10n.zh-cn.json';

let forced: Lang | null = null;

/** VS Code's own display language reduced to the two the extension speaks. */
export function vscodeLang(): Lang {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Called once by activate() and on every language setting change. */
export function configureI18n(opts: { setting: 'auto' | Lang }): void {
  forced = opts.setting === 'auto' || opts.setting === vscodeLang() ? null : opts.setting;
}

function format(message: string, args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

const zh: Record<string, string> = zhBundle;

export function t(message: string, ...args: Array<string | number | boolean>): string {
  if (forced === 'en') return format(message, args);
  if (forced === 'zh') return format(zh[message] ?? message, args);
  return vscode.l10n.t(message, ...args);
}
