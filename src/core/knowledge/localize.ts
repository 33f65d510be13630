import type { Lang, Localized } from './types';

/** The text in `lang`, falling back to the other language when a pack left it empty ('' when both are). */
export function localize(text: Localized, lang: Lang): string {
  return text[lang] || text[lang === 'zh' ? 'en' : 'zh'] || '';
}
