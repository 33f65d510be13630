/**
 * The sidebar webview's static shell. Strict CSP: nothing but the nonce'd bundle runs, styles and fonts
 * only from the extension (webview.cspSource), images only from there or data: (the CSS icon masks).
 * The content areas are empty: the script fills them from sanitized messages.
 */
import type { Lang } from '../../core/knowledge/types';
import { escapeHtml as esc, uiText, type Route, type StringKey } from '../../core/render';

export interface ShellOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  lang: Lang;
  /**
   * The page the view will most likely show first, embedded so it paints without a message round trip.
   * Inert until the script sanitizes it (a <template> runs nothing and loads nothing).
   */
  initialPage?: { route: Route; title: string; html: string; deepLink: string | null };
  /**
   * Where the page is shown: the sidebar's advice view (default) or an editor tab (sidebar/panel.ts). A tab has
   * no "In this file" section (it follows no editor) and no "open in tab" button; the layout gets wider.
   */
  host?: 'sidebar' | 'tab';
  /** "In this file" starts expanded (the user's last choice; default true). */
  hintsOpen?: boolean;
}

/** A fresh unguessable nonce per render of the shell (Web Crypto: in Node's extension host and the browser's). */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/** An empty page with the strictest policy: what a webview shows before its real document is written. */
export const PLACEHOLDER_HTML = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body></body></html>`;

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function iconButton(id: string, icon: string, label: StringKey, lang: Lang): string {
  const text = esc(uiText(lang, label));
  return `<button type="button" id="${id}" class="icon-button" data-i18n-label="${label}" aria-label="${text}" title="${text}"><span class="icon icon-${icon}" aria-hidden="true"></span></button>`;
}

export function shellHtml(o: ShellOptions): string {
  const L = (k: StringKey) => esc(uiText(o.lang, k));
  const tab = o.host === 'tab';
  return `<!DOCTYPE html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(o.cspSource, o.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(o.styleUri)}">
<title>Training Advisor</title>
</head>
<body data-lang="${o.lang}" data-host="${tab ? 'tab' : 'sidebar'}">
<header class="toolbar" role="toolbar" aria-label="Training Advisor">
  ${iconButton('back', 'back', 'back', o.lang)}
  ${iconButton('forward', 'forward', 'forward', o.lang)}
  ${iconButton('home', 'home', 'home', o.lang)}
  <div class="search-box">
    <span class="icon icon-search" aria-hidden="true"></span>
    <input id="search" type="search" role="combobox" autocomplete="off" spellcheck="false"
      aria-autocomplete="list" aria-expanded="false" aria-controls="results"
      data-i18n-label="searchLabel" aria-label="${L('searchLabel')}" title="${L('searchLabel')}" placeholder="${L('searchPlaceholder')}">
  </div>
  ${tab ? '' : iconButton('open-in-tab', 'open-tab', 'openInTab', o.lang)}
  <button type="button" id="lang" class="lang-button" data-i18n="langButton" data-i18n-label="switchLang" aria-label="${L('switchLang')}" title="${L('switchLang')}">${L('langButton')}</button>
</header>
<div id="results" class="results-panel" hidden></div>
<details id="file-hints" class="file-hints"${o.hintsOpen === false ? '' : ' open'}${tab ? ' hidden' : ''}>
  <summary><span data-i18n="inThisFile">${L('inThisFile')}</span> <span id="file-name" class="file-name"></span> <span id="file-count" class="badge"></span></summary>
  <div id="file-hints-body" aria-live="polite"></div>
</details>
<main id="page" tabindex="-1" aria-busy="true"><p class="empty">${L('loading')}</p></main>
${o.initialPage ? `<template id="initial-page" data-route="${esc(JSON.stringify(o.initialPage.route))}" data-title="${esc(o.initialPage.title)}"${o.initialPage.deepLink ? ` data-deep-link="${esc(o.initialPage.deepLink)}"` : ''}>${o.initialPage.html}</template>` : ''}
<div id="notice" class="notice" role="status" hidden></div>
<script nonce="${o.nonce}" src="${esc(o.scriptUri)}"></script>
</body>
</html>`;
}
