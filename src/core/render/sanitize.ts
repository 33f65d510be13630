/**
 * DOMPurify configured for the sidebar. Used by the webview before every insertion of HTML, and by the
 * unit tests with a jsdom window (the extension host has no DOM, so it does not sanitize; the webview does).
 * Policy: HTML profile only (no SVG/MathML), no style attributes or tags, no forms, media or frames;
 * links keep an href only when it is https (opened by the extension) or an in-page `#anchor`.
 */
import DOMPurify, { type WindowLike } from 'dompurify';

export type Sanitize = (html: string) => string;

const FORBID_TAGS = ['style', 'form', 'input', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'img', 'video', 'audio', 'source', 'link', 'meta', 'base', 'template'];
const FORBID_ATTR = ['style', 'srcset', 'action', 'formaction', 'target', 'ping'];

/** Build a sanitizer bound to a window (the webview's own, or jsdom's in tests). */
export function createSanitizer(win: WindowLike): Sanitize {
  const purify = DOMPurify(win);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !/^https:\/\//i.test(href.trim()) && !href.startsWith('#')) node.removeAttribute('href');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return (html: string) =>
    purify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS,
      FORBID_ATTR,
      ALLOW_DATA_ATTR: true,
      ALLOW_ARIA_ATTR: true,
      RETURN_TRUSTED_TYPE: false,
    }) as string;
}
