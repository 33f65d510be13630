// The extension's manifest and its translations must agree with the code: command ids, nls keys, l10n strings.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS } from '../../../src/extension/commandIds';

const root = path.resolve(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));
const pkg = readJson('package.json');

/** Every string literal passed to t(...) in src/extension (the UI strings that need a zh translation). */
function uiStrings(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) out.add(m[1]!.replace(/\\'/g, "'"));
      }
    }
  };
  walk(path.join(root, 'src/extension'));
  return out;
}

function nlsKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) value.forEach((v) => nlsKeys(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => nlsKeys(v, out));
  return out;
}

describe('extension: manifest', () => {
  it('contributes exactly the commands the command table registers', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
  });

  it('activates lazily (never on *) on Python, notebooks and its URI handler', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    for (const e of ['onLanguage:python', 'onNotebook:jupyter-notebook', 'onUri']) assert.ok(pkg.activationEvents.includes(e), e);
  });

  it('has an English and a Chinese text for every %key% in package.json', () => {
    const keys = nlsKeys(pkg);
    const en = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.ok(keys.size > 20, `only ${keys.size} keys found`);
    for (const k of keys) {
      assert.ok(typeof en[k] === 'string' && en[k].trim(), `package.nls.json lacks ${k}`);
      assert.ok(typeof zh[k] === 'string' && /[\u4e00-\u9fff]/.test(zh[k]), `package.nls.zh-cn.json lacks a Chinese ${k}`);
    }
  });

  it('has a per-rule setting description for every rule setting', () => {
    const ruleProps = Object.keys(pkg.contributes.configuration.properties['trainingAdvisor.rules'].properties);
    for (const id of ruleProps) {
      assert.equal(pkg.contributes.configuration.properties['trainingAdvisor.rules'].properties[id].markdownDescription, `%config.rules.${id}%`);
    }
  });

  it('translates every UI string into Chinese, with the same placeholders', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const strings = uiStrings();
    assert.ok(strings.size > 30, `only ${strings.size} t() strings found`);
    for (const s of strings) {
      const zh = bundle[s];
      assert.ok(typeof zh === 'string', `l10n/bundle.l10n.zh-cn.json lacks "${s}"`);
      const holes = (x: string) => (x.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(holes(zh), holes(s), `placeholders differ for "${s}"`);
    }
    for (const k of Object.keys(bundle)) assert.ok(strings.has(k), `stale translation "${k}"`);
  });
});
