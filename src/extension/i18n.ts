/**
 * UI strings. `t()` goes through `vscode.l10n.t` (bundles in l10n/), except when the user forced
 * `trainingAdvisor.language` to a language other than VS Code's display language: then the chrome around
 * the advice (headings, buttons) follows the advice's language instead of mixing the two.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Lang } from '../core/knowledge/types';

let forced: Lang | null = null;
let extensionPath = '';
let zhBundle: Record<string, string> | null = null;

/** VS Code's own display language reduced to the two the extension speaks. */
export function vscodeLang(): Lang {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Called once by activate() and on every language setting change. */
export function configureI18n(opts: { extensionPath: string; setting: 'auto' | Lang }): void {
  extensionPath = opts.extensionPath;
  forced = opts.setting === 'auto' || opts.setting === vscodeLang() ? null : opts.setting;
}

function format(message: string, args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

function zh(): Record<string, string> {
  if (zhBundle) return zhBundle;
  try {
    zhBundle = JSON.parse(fs.readFileSync(path.join(extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
  } catch {
    zhBundle = {};
  }
  return zhBundle!;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  if (forced === 'en') return format(message, args);
  if (forced === 'zh') return format(zh()[message] ?? message, args);
  return vscode.l10n.t(message, ...args);
}
