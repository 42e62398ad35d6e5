// Start-up: without a command name (`--help`, `--version`, a typo) no command module loads; the listing built from
// summary.ts must then be exactly the one the real modules would give.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, loadCommands } from '../../src/cli/commands/index.js';
import { SUMMARY } from '../../src/cli/commands/summary.js';
import { buildProgram, defaultContext } from '../../src/cli/main.js';
import { VERSION } from '../../src/core/index.js';
import { runCli } from '../helpers/cli.js';

const listingOf = (program: Command): string => program.helpInformation();

describe('start-up without a command', () => {
  it('the top-level --help from the summaries equals the one from every command module', async () => {
    const ctx = defaultContext();
    const real = await Promise.all(COMMANDS.map(async ([, load]) => (await load()).register));
    const fromSummary = await loadCommands(['node', 'goroutine-guard', '--help']);
    expect(listingOf(buildProgram(ctx, fromSummary))).toBe(listingOf(buildProgram(ctx, real)));
  });

  it('each module describes its command with its summary and the same arguments', async () => {
    for (const [name, load] of COMMANDS) {
      const program = new Command();
      (await load()).register(program, defaultContext());
      const cmd = program.commands.find((c) => c.name() === name)!;
      expect(cmd.description(), name).toBe(SUMMARY[name].description);
      const args = cmd.registeredArguments.map((a) =>
        a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`,
      );
      expect(args.join(' '), name).toBe(SUMMARY[name].args);
    }
  });

  it('loads the named command only (and the one `help` names)', async () => {
    const real = (name: string) => (p: Command) =>
      p.commands.find((c) => c.name() === name)!.options.some((o) => !o.hidden);
    for (const argv of [
      ['analyze', 'x'],
      ['--color', 'analyze'],
      ['help', 'analyze'],
    ]) {
      const program = buildProgram(defaultContext(), await loadCommands(['node', 'gg', ...argv]));
      expect(
        COMMANDS.filter(([n]) => real(n)(program)).map(([n]) => n),
        argv.join(' '),
      ).toEqual(['analyze']);
    }
    const none = buildProgram(defaultContext(), await loadCommands(['node', 'gg', '--version']));
    expect(COMMANDS.filter(([n]) => real(n)(none))).toEqual([]);
  });

  it('--version, --help and a typo still work through the CLI', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}analyze \[options\] <inputs\.\.\.> +analyze a goroutine dump/m);
    const typo = await runCli(['analyz', 'x']);
    expect(typo.stderr).toMatch(/unknown command 'analyz' \(Did you mean analyze\?\)/);
  });
});
