// The Go lexing that wraps a package's own TestMain: comments and strings never match, edits keep every line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXIT_HOOK,
  USER_TEST_MAIN,
  findTestMain,
  maskGo,
  osImportName,
  packageClauseEnd,
  renameTestMain,
  routeOsExit,
} from '../../src/gotest/gosource.js';
import { HARNESS_IMPORTS, embedHarness } from '../../src/gotest/harness.js';

const MAIN_FILE = `//go:build !windows

// Package p: func TestMain(m *testing.M) in a comment must not count.
package p // import "example.com/p"

import (
	"fmt"
	xos "os"
	"testing"
)

var doc = "func TestMain( and os.Exit( inside a string"
var raw = \`
func TestMain(m *testing.M) {}
\`

func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Println('{', "}")
	xos.Exit(code)
}

func helper() { /* xos.Exit(3) */ xos.Exit(2) }
`;

describe('maskGo', () => {
  it('blanks comments, strings and runes but keeps length and newlines', () => {
    const m = maskGo(MAIN_FILE);
    expect(m).toHaveLength(MAIN_FILE.length);
    expect(m.split('\n')).toHaveLength(MAIN_FILE.split('\n').length);
    expect(m).not.toContain('inside a string');
    expect(m).not.toContain('in a comment');
    expect(m).toContain('func TestMain(m *testing.M) {');
    expect(maskGo(MAIN_FILE, false)).not.toContain('import "example.com/p"'); // comment gone, strings kept
    expect(maskGo(MAIN_FILE, false)).toContain('"os"');
  });

  it('keeps length for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', '*', '"', "'", '`', '\\', '\n', 'a', ' ') }), (s) => {
        const m = maskGo(s);
        expect(m).toHaveLength(s.length);
        expect([...m].filter((c) => c === '\n').length).toBe([...s].filter((c) => c === '\n').length);
      }),
    );
  });
});

describe('TestMain wrapping', () => {
  it('finds only the top-level declaration', () => {
    const at = findTestMain(MAIN_FILE);
    expect(MAIN_FILE.slice(at - 5, at + 8)).toBe('func TestMain');
    expect(MAIN_FILE.slice(0, at).split('\n')).toHaveLength(17);
    expect(findTestMain('package p\nfunc f() { func TestMain() {} }\n')).toBe(-1);
    expect(findTestMain('package p\nfunc TestMainly(t *testing.T) {}\n')).toBe(-1);
  });

  it('renames it and routes os.Exit through the hook under the file’s import name, keeping every line', () => {
    expect(osImportName(MAIN_FILE)).toBe('xos');
    expect(osImportName('package p\nimport "os"\n')).toBe('os');
    expect(osImportName('package p\nimport ( "fmt"; . "os" )\n')).toBe('.');
    expect(osImportName('package p\nimport "fmt"\n')).toBeUndefined();
    const renamed = renameTestMain(MAIN_FILE)!;
    const { source, replaced } = routeOsExit(renamed);
    expect(replaced).toBe(2);
    expect(source).toContain(`func ${USER_TEST_MAIN}(m *testing.M) {`);
    expect(source).toContain(`\t${EXIT_HOOK}(code)\n`);
    expect(source).toContain(`/* xos.Exit(3) */ ${EXIT_HOOK}(2)`);
    expect(source).toContain('var doc = "func TestMain( and os.Exit( inside a string"');
    const before = MAIN_FILE.split('\n');
    const after = source.split('\n');
    const changed = before.map((l, i) => (after[i] === l ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toEqual([16, 19, 22]); // the declaration and the two calls; nothing else moved
    expect(after.slice(before.length)).toContain(
      'var _ = xos.Exit // goroutine-guard: keeps the import used after routing os.Exit',
    );
  });

  it('leaves files without os.Exit or with a blank/dot import alone', () => {
    expect(routeOsExit('package p\nimport "fmt"\nfunc f() { fmt.Println() }\n').replaced).toBe(0);
    expect(routeOsExit('package p\nimport . "os"\nfunc f() { Exit(1) }\n').replaced).toBe(0);
  });
});

describe('embedHarness', () => {
  it('puts the imports on the package line and the code after the last line', () => {
    const src = 'package p // comment\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n';
    expect(packageClauseEnd(src)).toBe('package p'.length);
    const out = embedHarness(src, {
      importPath: 'example.com/p',
      wrapsUserTestMain: false,
      settleMs: 1000,
      useLeakProfile: true,
      rules: [{ name: 'x', why: 'y', top: ['a.B'] }],
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`package p${HARNESS_IMPORTS} // comment`);
    expect(lines.slice(1, 5)).toEqual(src.split('\n').slice(1, 5));
    expect(out).toContain('func TestMain(m *goroutineguard_testing.M) {');
    expect(out).toContain(
      '\t{name: "x", top: []string{"a.B"}, any: []string{}, createdBy: []string{}, onlyRuntime: false},',
    );
    expect(out).toContain('goroutineguard_settle         = 1000000 * goroutineguard_time.Microsecond');
  });
});
