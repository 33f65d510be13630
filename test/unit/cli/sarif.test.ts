/**
 * SARIF that code scanning can use: valid against the vendored SARIF 2.1.0 schema (draft-04, so Ajv's
 * draft-04 class), notebook regions on the .ipynb file's own lines, cell numbers as in the text output.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ensureBuilt, ROOT, runCli } from './runCli';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8'));

function validator() {
  // strict: false — the schema uses draft-04 keywords Ajv's strict mode flags; formats (uri, uri-reference,
  // date-time) are checked, not ignored.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // A SARIF log is read loosely here (the schema, not TypeScript, checks its shape).
  return ajv.compile<Record<string, any>>(schema);
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } };
  properties?: { cell: number; cellLine: number; cellColumn: number };
}

describe('check --format sarif', function () {
  this.timeout(120000);
  before(ensureBuilt);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-sarif-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the schema validator rejects what the schema forbids (it is really checking)', () => {
    const validate = validator();
    assert.equal(validate({ version: '2.1.0', runs: [] }), true);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] }), false, 'lines are 1-based');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', informationUri: 'not a uri' } } }] }), false, 'formats are checked');
  });

  it('check examples validates against SARIF 2.1.0, notebook regions on the .ipynb file\'s own lines', () => {
    const r = runCli(['check', 'examples', '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout);
    const validate = validator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const rawLines = fs.readFileSync(path.join(ROOT, 'examples/notebook.ipynb'), 'utf8').split('\n');
    const text = runCli(['check', 'examples/notebook.ipynb'], { env: { LANG: 'en_US.UTF-8' } }).stdout;
    const nbResults = sarif.runs[0].results.filter((x: { locations: SarifLocation[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'examples/notebook.ipynb');
    assert.ok(nbResults.length >= 2, 'the example notebook has findings');
    for (const res of nbResults as Array<{ ruleId: string; locations: SarifLocation[] }>) {
      const loc = res.locations[0];
      const region = loc.physicalLocation.region!;
      const props = loc.properties!;
      // The same numbers as the text output: path[cell N]:line:col.
      assert.ok(text.includes(`examples/notebook.ipynb[cell ${props.cell}]:${props.cellLine}:${props.cellColumn}: ${res.ruleId}`), `${res.ruleId} ${JSON.stringify(props)} in\n${text}`);
      // The region's line in the raw JSON is where that source line is stored, column on the same code.
      const raw = rawLines[region.startLine - 1];
      assert.match(raw, /^\s*"/, `line ${region.startLine} is a JSON source string: ${raw}`);
      const cellSource: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/notebook.ipynb'), 'utf8')).cells[props.cell - 1].source;
      const sourceLine = cellSource[props.cellLine - 1];
      assert.equal(JSON.parse(raw.trim().replace(/,$/, '')), sourceLine, 'the region line stores that cell line');
      const word = /^\w+/.exec(sourceLine.slice(props.cellColumn - 1))?.[0] ?? '';
      assert.equal(raw.slice(region.startColumn - 1, region.startColumn - 1 + word.length), word);
    }
  });

  it('a notebook whose cell source is one string: columns count the JSON escapes', () => {
    const nb = path.join(dir, 'one.ipynb');
    const source = 'import torch\nx = "a\\"b"; opt = torch.optim.SGD(model.parameters(), lr=0.1)\n';
    fs.writeFileSync(nb, JSON.stringify({ cells: [{ cell_type: 'code', source }] }, null, 1));
    const r = runCli(['check', nb, '--format', 'sarif', '--select', 'sgd-momentum']);
    const sarif = JSON.parse(r.stdout);
    const validate = validator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    const loc: SarifLocation = sarif.runs[0].results[0].locations[0];
    const raw = fs.readFileSync(nb, 'utf8').split('\n')[loc.physicalLocation.region!.startLine - 1];
    assert.equal(raw.slice(loc.physicalLocation.region!.startColumn - 1).slice(0, 'torch.optim.SGD'.length), 'torch.optim.SGD');
    assert.deepEqual({ cell: loc.properties!.cell, line: loc.properties!.cellLine }, { cell: 1, line: 2 });
  });

  it('syntax errors become toolExecutionNotifications, and the log still validates', () => {
    fs.writeFileSync(path.join(dir, 'broken.py'), 'import torch\ndef f(:\n    pass\n');
    const r = runCli(['check', dir, '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    const validate = validator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    const [n] = sarif.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(n.level, 'error');
    assert.equal(n.descriptor.id, 'invalid-syntax');
    assert.match(n.message.text, /incomplete/);
    assert.deepEqual(
      { line: n.locations[0].physicalLocation.region.startLine, column: n.locations[0].physicalLocation.region.startColumn },
      { line: 2, column: 7 },
    );
  });
});

describe('diagnose --format sarif', function () {
  this.timeout(120000);
  before(ensureBuilt);

  it('validates against SARIF 2.1.0 with one result per diagnosis, pointing at its catalog entry', () => {
    const r = runCli(['diagnose', 'test/fixtures/runs/synthetic', '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout);
    const validate = validator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const json = JSON.parse(runCli(['diagnose', 'test/fixtures/runs/synthetic', '--format', 'json']).stdout);
    const ids = json.runs.flatMap((run: { diagnoses: Array<{ id: string }> }) => run.diagnoses.map((d) => d.id));
    const run = sarif.runs[0];
    assert.deepEqual(run.results.map((x: { ruleId: string }) => x.ruleId), ids);
    for (const x of run.results as Array<{ ruleId: string; ruleIndex: number }>) assert.equal(run.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  });
});
