export * from './protocol';
export * from './pages';
export { renderMarkdown, renderInline, escapeHtml } from './markdown';
export { latexToText } from './latex';
export { uiText, type StringKey } from './i18n';
export { plainCodeSpans } from './plainText';
