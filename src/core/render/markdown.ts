/**
 * Markdown → HTML for the sidebar, with marked. Raw HTML inside Markdown is escaped (never passed through):
 * knowledge packs come from teams, and the webview sanitizes again with DOMPurify before insertion.
 * Display formulas (`\[ … \]`) become readable text blocks (see latex.ts).
 */
import { Marked } from 'marked';
import { latexToText } from './latex';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Only these URL schemes survive in links: external https (opened by the extension) and in-page anchors. */
function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^https:\/\//i.test(h)) return h;
  if (h.startsWith('#')) return h;
  return null;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (!safe) return label;
      const t = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(safe)}"${t}>${label}</a>`;
    },
    image({ text }) {
      // Images would need img-src for remote hosts: show the alt text instead.
      return escapeHtml(text);
    },
  },
});

/** A display-formula block as HTML. */
export function renderFormula(latex: string): string {
  return `<div class="formula" role="math" aria-label="${escapeHtml(latexToText(latex))}">${escapeHtml(latexToText(latex))}</div>`;
}

const DISPLAY_MATH = /\\\[([\s\S]*?)\\\]/g;
const FORMULA_TOKEN = /@@FORMULA(\d+)@@/g;

/**
 * Block Markdown → HTML. `\[ … \]` formulas are lifted out before marked (which would read `\[` as an
 * escaped bracket) and put back as formula blocks.
 */
export function renderMarkdown(md: string): string {
  const formulas: string[] = [];
  const lifted = md.replace(DISPLAY_MATH, (_m, tex: string) => {
    formulas.push(tex);
    return `\n\n@@FORMULA${formulas.length - 1}@@\n\n`;
  });
  const html = marked.parse(lifted) as string;
  return html
    .replace(/<p>\s*@@FORMULA(\d+)@@\s*<\/p>/g, (_m, n: string) => renderFormula(formulas[Number(n)]))
    .replace(FORMULA_TOKEN, (_m, n: string) => renderFormula(formulas[Number(n)]));
}

/** Inline Markdown (a term, a title) → HTML without a wrapping paragraph. */
export function renderInline(md: string): string {
  return marked.parseInline(md) as string;
}

/** Does this Markdown already contain display formulas (so they are not rendered twice)? */
export function hasDisplayMath(md: string): boolean {
  return /\\\[[\s\S]*?\\\]/.test(md);
}
