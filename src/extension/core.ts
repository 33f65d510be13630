/**
 * The one place the extension imports the core's runtime API (types come straight from the type files).
 * If a core module renames something, only this file changes.
 * The analysis engine itself (Analyzer, web-tree-sitter) is not here: it runs in the worker thread
 * (analysisWorker/worker.ts, bundled to dist/analysisWorker.js), so extension.js does not carry it.
 */
export { rules, getRule } from '../core/analysis/registry';
export { KnowledgeSearch } from '../core/search';
export { cardsForApi, resolveAdviceRef } from '../core/knowledge/refs';
