/**
 * The one place the extension imports the core's runtime API (types come straight from the type files).
 * If a core module renames something, only this file changes.
 * The analysis engine itself (Analyzer, web-tree-sitter) is not here: it runs in the worker thread
 * (analysisWorker/worker.ts, bundled to dist/analysisWorker.js), so extension.js does not carry it, nor the rules'
 * detection code (registry.ts).
 */
// Rules' and diagnoses' metadata only: their detection runs in the workers, so it is not bundled here.
export { ruleMetas, getRuleMeta } from '../core/analysis/ruleCatalog';
export { KnowledgeSearch } from '../core/search';
export { cardsForApi, resolveAdviceRef } from '../core/knowledge/refs';
