/**
 * `--help` tells the truth: every command's help lists exactly the options its parser accepts, one example
 * that runs, and the exit codes the README states.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS, type CommandSpec } from '../../../src/cli/commandTable';
import { ensureBuilt, ROOT, runCli } from './runCli';

/** The `--name` options listed under "Options:" in a help text. */
function listedOptions(help: string): string[] {
  const section = help.split(/\n(?:Options|选项):\n/)[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').map((l) => /^\s+--([a-z-]+)/.exec(l)?.[1]).filter((x): x is string => !!x);
}

/** Every option the CLI sources read (`values.get('x')`, `booleans.has('x')`). */
function optionsReadBySources(): Set<string> {
  const dir = path.join(ROOT, 'src', 'cli');
  const names = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/(?:values\.get|booleans\.has)\('([a-z-]+)'\)/g)) names.add(m[1]);
  }
  return names;
}

const sampleValue: Record<string, string> = { limit: '2', lang: 'en', format: 'json', select: 'grad-clip', ignore: 'grad-clip', knowledge: 'knowledge' };

describe('CLI --help', function () {
  this.timeout(120000);
  before(ensureBuilt);

  for (const command of COMMANDS as readonly CommandSpec[]) {
    describe(command.name, () => {
      const help = () => runCli([command.name, '--help'], { env: { LANG: 'en_US.UTF-8' } });

      it('lists every option it accepts, one line each, and accepts every option it lists', () => {
        const r = help();
        assert.equal(r.code, 0, r.stderr);
        const listed = listedOptions(r.stdout);
        assert.deepEqual(new Set(listed), new Set([...command.options.map((o) => o.name), 'help']), r.stdout);
        for (const name of listed.filter((n) => n !== 'help')) {
          const spec = command.options.find((o) => o.name === name)!;
          const args = [command.name, `--${name}`, ...(spec.value ? [sampleValue[name] ?? 'x'] : [])];
          const res = runCli(args, { input: '' });
          assert.doesNotMatch(res.stderr, /unknown option/, `${args.join(' ')} is listed in --help but rejected`);
        }
      });

      it('rejects an option that its help does not list', () => {
        const other = ['format', 'limit', 'stdin', 'fix'].find((n) => !command.options.some((o) => o.name === n))!;
        const res = runCli([command.name, `--${other}`, ...(other === 'format' || other === 'limit' ? ['1'] : [])]);
        assert.equal(res.code, 2);
        assert.match(res.stderr, new RegExp(`unknown option --${other}`));
      });

      it('shows one example that runs and the exit codes the README states', () => {
        const r = help();
        const example = /\n(?:Example|示例):\n\s+training-advisor (.+)\n/.exec(r.stdout)?.[1];
        assert.ok(example, r.stdout);
        const argv = example.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
        const res = runCli(argv);
        assert.ok(res.code === 0 || ((command.name === 'check' || command.name === 'diagnose') && res.code === 1), `${example}: exit ${res.code} ${res.stderr}`);
        assert.ok(res.stdout.trim().length > 0, `${example} prints something`);
        const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
        const codes = r.stdout.split(/\nExit codes:\n/)[1].trim().split('\n').map((l) => l.trim());
        assert.ok(codes.length >= 2, r.stdout);
        for (const line of codes) {
          const [, code, meaning] = /^(\d)\s+(.+)$/.exec(line)!;
          const row = readme.split('\n').find((l) => l.includes(`\`${command.name}\``) && l.includes(`\`${code}\` ${meaning}`));
          assert.ok(row, `README states exit code ${code} "${meaning}" for ${command.name}`);
        }
      });
    });
  }

  it('every option the CLI reads is listed in some command\'s help', () => {
    const listed = new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.name)));
    for (const name of optionsReadBySources()) assert.ok(listed.has(name), `--${name} is read but never listed in --help`);
  });

  it('the overview names every command; help follows --lang and the locale', () => {
    const en = runCli(['--help'], { env: { LANG: 'en_US.UTF-8' } });
    for (const c of COMMANDS) assert.match(en.stdout, new RegExp(`^  ${c.name}\\s`, 'm'));
    assert.match(en.stdout, /Commands:/);
    assert.match(runCli(['--help'], { env: { LANG: 'zh_CN.UTF-8' } }).stdout, /命令:/);
    assert.match(runCli(['check', '--help', '--lang', 'zh'], { env: { LANG: 'en_US.UTF-8' } }).stdout, /选项:/);
  });
});
