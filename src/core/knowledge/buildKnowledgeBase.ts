/**
 * Files in, validated KnowledgeBase out. Never throws: every problem becomes an issue with file:line,
 * and a broken file only loses its own content.
 *
 * File roles by path: `X.zh.md` / `X.en.md` are the two editions of a Q&A corpus, `taxonomy.md` the
 * categories, any `.md` under a `techniques/` folder holds technique cards; other files are ignored.
 */
import type { CardNote, Category, Entry, Item, KnowledgeBase, KnowledgeFile, Lang, TechniqueCard, ValidationIssue } from './types';
import { parseQaFile, qaFileKind, type ParsedEntry, type ParsedQaFile } from './parseQa';
import { checkKeys, parseKeyedSections, splitList, type KeyedSection } from './parseSections';
import { formatAdviceRef, parseAdviceRef } from './refs';
import { assignVariants } from './variants';

export interface BuildOptions {
  /** Build a team pack: entry keys become `<packId>:<n>` and bare refs point into the pack. */
  packId?: string;
  /** Knowledge base the pack extends (usually the built-in one): merged into the result, `builtin:` refs resolve in it. */
  base?: KnowledgeBase;
}

const CARD_KEYS = ['zh', 'en', 'summary.zh', 'summary.en', 'keywords', 'apis', 'advice', 'rules', 'notes', 'note.zh', 'note.en'] as const;
const CARD_REQUIRED = ['zh', 'en', 'summary.zh', 'summary.en', 'keywords', 'advice'] as const;
const TAXONOMY_KEYS = ['zh', 'en', 'description.zh', 'description.en', 'entries', 'keywords'] as const;
const TAXONOMY_REQUIRED = ['zh', 'en', 'entries'] as const;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isTaxonomy(path: string): boolean {
  return baseName(path).toLowerCase() === 'taxonomy.md';
}

function isCardFile(path: string): boolean {
  return /(^|[\\/])techniques[\\/].*\.md$/i.test(path);
}

const emptyLocalized = () => ({ zh: '', en: '' });

/** Merge the zh and en editions of one corpus into entries, reporting structure mismatches. */
function mergeEditions(zh: ParsedQaFile | undefined, en: ParsedQaFile | undefined, source: string, keyPrefix: string, issues: ValidationIssue[]): Entry[] {
  const byNumber = new Map<number, { zh?: ParsedEntry; en?: ParsedEntry }>();
  const add = (file: ParsedQaFile | undefined, lang: Lang) => {
    for (const e of file?.entries ?? []) {
      const slot = byNumber.get(e.number) ?? {};
      if (!slot[lang]) slot[lang] = e; // a repeated number was already reported by the file parser
      byNumber.set(e.number, slot);
    }
  };
  add(zh, 'zh');
  add(en, 'en');
  const mismatch = (file: ParsedQaFile, line: number, message: string) =>
    issues.push({ file: file.path, line, severity: 'error', message: `zh/en mismatch: ${message}` });

  if (zh && en && zh.entries.length !== en.entries.length) {
    mismatch(en, en.entries[0]?.line ?? 1, `${zh.path} has ${zh.entries.length} entries, ${en.path} has ${en.entries.length}`);
  }
  const entries: Entry[] = [];
  for (const [number, pair] of [...byNumber].sort((a, b) => a[0] - b[0])) {
    if (zh && en) {
      if (!pair.en) mismatch(zh, pair.zh!.line, `entry ${number} has no English counterpart in ${en.path}`);
      if (!pair.zh) mismatch(en, pair.en!.line, `entry ${number} does not exist in ${zh.path}`);
    }
    if (pair.zh && pair.en) {
      const zhNums = pair.zh.items.map((i) => i.number).join(',');
      const enNums = pair.en.items.map((i) => i.number).join(',');
      if (zhNums !== enNums) {
        mismatch(en!, pair.en.line, `entry ${number} has items [${zhNums}] in ${zh!.path} but [${enNums}] in ${en!.path}`);
      }
    }
    const items = new Map<number, Item>();
    for (const lang of ['zh', 'en'] as const) {
      const side = pair[lang];
      if (!side) continue;
      const file = lang === 'zh' ? zh! : en!;
      for (const pi of side.items) {
        let item = items.get(pi.number);
        if (!item) {
          item = { number: pi.number, term: emptyLocalized(), englishTerm: null, body: emptyLocalized(), formulas: [], location: {} };
          items.set(pi.number, item);
        }
        if (item.location[lang]) continue; // repeated item number, already reported
        item.term[lang] = pi.term;
        item.body[lang] = pi.body;
        item.location[lang] = { file: file.path, line: pi.line };
        if (lang === 'zh' || item.englishTerm === null) item.englishTerm = item.englishTerm ?? pi.englishTerm;
        if (item.formulas.length === 0) item.formulas = pi.formulas;
      }
    }
    const key = `${keyPrefix}${number}`;
    entries.push({
      key,
      number,
      source,
      title: { zh: pair.zh?.title ?? '', en: pair.en?.title ?? '' },
      question: { zh: pair.zh?.question ?? '', en: pair.en?.question ?? '' },
      items: [...items.values()].sort((a, b) => a.number - b.number),
      categories: [],
      variants: [],
      canonical: key,
      location: {
        ...(pair.zh ? { zh: { file: zh!.path, line: pair.zh.line } } : {}),
        ...(pair.en ? { en: { file: en!.path, line: pair.en.line } } : {}),
      },
    });
  }
  return entries;
}

export function buildKnowledgeBase(files: readonly KnowledgeFile[], opts: BuildOptions = {}): KnowledgeBase {
  const issues: ValidationIssue[] = [];
  const packId = opts.packId && opts.packId !== 'builtin' ? opts.packId : undefined;
  const source = packId ?? 'builtin';
  const keyPrefix = packId ? `${packId}:` : '';

  // 1. Q&A corpora, paired by stem.
  const editions = new Map<string, { zh?: ParsedQaFile; en?: ParsedQaFile }>();
  for (const f of files) {
    const kind = qaFileKind(f.path);
    if (!kind) continue;
    const parsed = safeParse(f, issues, () => parseQaFile(f.path, f.text, kind.lang, kind.stem));
    if (!parsed) continue;
    issues.push(...parsed.issues);
    const pair = editions.get(kind.stem) ?? {};
    pair[kind.lang] = parsed;
    editions.set(kind.stem, pair);
  }
  const entries: Entry[] = [];
  for (const [stem, pair] of editions) {
    const present = (pair.zh ?? pair.en)!;
    if (!pair.zh || !pair.en) {
      const missing = `${stem}.${pair.zh ? 'en' : 'zh'}.md`;
      issues.push({ file: present.path, line: 1, severity: 'warning', message: `no ${pair.zh ? 'English' : 'Chinese'} edition (${missing}); that language shows empty text` });
    }
    for (const e of mergeEditions(pair.zh, pair.en, source, keyPrefix, issues)) {
      const clash = entries.find((x) => x.key === e.key);
      const loc = e.location.zh ?? e.location.en!;
      if (clash) issues.push({ file: loc.file, line: loc.line, severity: 'error', message: `entry ${e.number} is also defined in another corpus (${(clash.location.zh ?? clash.location.en)?.file})` });
      else entries.push(e);
    }
  }

  // Refs resolve against this build's entries plus the base (for `builtin:` refs from a pack).
  const allEntries = [...(opts.base?.entries ?? []), ...entries];
  const refProblem = (ref: string): { key: string } | string => {
    const parsed = parseAdviceRef(ref, packId);
    if (!parsed) return `malformed reference "${ref}" (expected "entry#item" such as 9#5, or "entry")`;
    const entry = allEntries.find((e) => e.key === parsed.entryKey);
    if (!entry) return `reference "${ref}" points to entry ${parsed.entryKey}, which does not exist`;
    if (parsed.item !== null && !entry.items.some((i) => i.number === parsed.item)) {
      return `reference "${ref}" points to item ${parsed.item} of entry ${parsed.entryKey}, which does not exist (it has ${entry.items.length} items)`;
    }
    return { key: formatAdviceRef(parsed) };
  };

  // 2. Taxonomy.
  const categories: Category[] = [];
  const taxonomyFiles = files.filter((f) => isTaxonomy(f.path));
  for (const f of taxonomyFiles) {
    const sections = safeParse(f, issues, () => parseKeyedSections(f.path, f.text, issues)) ?? [];
    for (const s of sections) {
      checkKeys(f.path, s, TAXONOMY_KEYS, TAXONOMY_REQUIRED, issues);
      const get = (k: string) => s.fields.get(k)?.value ?? '';
      const keys: string[] = [];
      const entriesField = s.fields.get('entries');
      for (const ref of splitList(entriesField?.value ?? '')) {
        const r = refProblem(ref);
        if (typeof r === 'string') issues.push({ file: f.path, line: entriesField!.line, severity: 'error', message: `category "${s.id}": ${r}` });
        else if (!keys.includes(r.key)) keys.push(r.key);
      }
      categories.push({
        id: s.id,
        name: { zh: get('zh'), en: get('en') },
        description: { zh: get('description.zh'), en: get('description.en') },
        entries: keys,
        ...(s.fields.has('keywords') ? { keywords: splitList(get('keywords')) } : {}),
      });
    }
  }
  for (const c of categories) {
    for (const key of c.entries) {
      const e = entries.find((x) => x.key === key);
      if (e && !e.categories.includes(c.id)) e.categories.push(c.id);
    }
  }
  if (taxonomyFiles.length > 0) {
    for (const e of entries) {
      if (e.categories.length > 0) continue;
      const loc = e.location.zh ?? e.location.en!;
      issues.push({ file: loc.file, line: loc.line, severity: 'error', message: `entry ${e.number} is in no category of ${taxonomyFiles[0].path}` });
    }
  } else if (entries.length > 0 && !packId) {
    const loc = entries[0].location.zh ?? entries[0].location.en!;
    issues.push({ file: loc.file, line: 1, severity: 'warning', message: 'no taxonomy.md next to this corpus: entries have no categories' });
  }

  // 3. Technique cards.
  const cards: TechniqueCard[] = [];
  for (const f of files.filter((x) => isCardFile(x.path))) {
    const sections = safeParse(f, issues, () => parseKeyedSections(f.path, f.text, issues)) ?? [];
    for (const s of sections) {
      checkKeys(f.path, s, CARD_KEYS, CARD_REQUIRED, issues);
      const get = (k: string) => s.fields.get(k)?.value ?? '';
      const advice: string[] = [];
      const adviceField = s.fields.get('advice');
      for (const ref of splitList(adviceField?.value ?? '')) {
        const r = refProblem(ref);
        if (typeof r === 'string') issues.push({ file: f.path, line: adviceField!.line, severity: 'error', message: `card "${s.id}": ${r}` });
        else if (!advice.includes(r.key)) advice.push(r.key);
      }
      const note = parseCardNote(f.path, s, get, refProblem, issues);
      if (s.snippet === null) issues.push({ file: f.path, line: s.line, severity: 'warning', message: `card "${s.id}" has no \`\`\`python snippet` });
      // A repeated id (in this build or the base a pack extends) is reported and skipped: two cards with one id
      // would make the search index throw (found by the fuzz suite).
      const clash = [...(opts.base?.cards ?? []), ...cards].find((c) => c.id === s.id);
      if (clash) {
        issues.push({ file: f.path, line: s.line, severity: 'error', message: `card "${s.id}" is also defined at ${clash.location.file}:${clash.location.line}` });
        continue;
      }
      cards.push({
        id: s.id,
        name: { zh: get('zh'), en: get('en') },
        summary: { zh: get('summary.zh'), en: get('summary.en') },
        keywords: splitList(get('keywords')),
        apis: splitList(get('apis')),
        snippet: s.snippet ?? '',
        advice,
        ...(s.fields.has('rules') ? { rules: splitList(get('rules')) } : {}),
        ...(note ? { note } : {}),
        source,
        location: { file: f.path, line: s.line },
      });
    }
  }

  // 4. Near-duplicates.
  assignVariants(entries);

  issues.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const base = opts.base;
  return {
    entries: [...(base?.entries ?? []), ...entries],
    categories: [...(base?.categories ?? []), ...categories],
    cards: [...(base?.cards ?? []), ...cards],
    issues: [...(base?.issues ?? []), ...issues],
  };
}

/**
 * A card's editorial note (`notes:` item refs + `note.zh:` + `note.en:`). Every problem is an issue on the card's
 * file and line; the card itself still loads (without the note when it is incomplete, without a bad ref otherwise).
 */
function parseCardNote(
  file: string,
  s: KeyedSection,
  get: (key: string) => string,
  refProblem: (ref: string) => { key: string } | string,
  issues: ValidationIssue[],
): CardNote | null {
  const refsField = s.fields.get('notes');
  const textFields = (['note.zh', 'note.en'] as const).map((k) => s.fields.get(k));
  if (!refsField && textFields.every((x) => !x)) return null;
  const error = (line: number, message: string) => issues.push({ file, line, severity: 'error', message: `card "${s.id}": ${message}` });
  if (!refsField || refsField.value === '') {
    error((textFields.find((x) => x) ?? refsField)!.line, 'an editorial note needs "notes:" listing the items it is about (e.g. 4#4, 22#3)');
    return null;
  }
  const missing = (['zh', 'en'] as const).filter((lang) => get(`note.${lang}`) === '');
  if (missing.length) {
    error(refsField.line, `the editorial note needs its text in both languages: missing ${missing.map((l) => `"note.${l}"`).join(' and ')}`);
    return null;
  }
  const refs: string[] = [];
  for (const ref of splitList(refsField.value)) {
    const r = refProblem(ref);
    if (typeof r === 'string') error(refsField.line, `notes: ${r}`);
    else if (!r.key.includes('#')) error(refsField.line, `notes: "${ref}" is a whole entry; a note is about items (entry#item, e.g. ${ref}#1)`);
    else if (!refs.includes(r.key)) refs.push(r.key);
  }
  return refs.length ? { refs, text: { zh: get('note.zh'), en: get('note.en') } } : null;
}

/** Run a parser; an unexpected exception becomes an issue on that file instead of escaping. */
function safeParse<T>(f: KnowledgeFile, issues: ValidationIssue[], parse: () => T): T | null {
  try {
    return parse();
  } catch (e) {
    issues.push({ file: f.path, line: 1, severity: 'error', message: `could not parse: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
}
