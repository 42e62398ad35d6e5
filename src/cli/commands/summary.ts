// One line per subcommand: its arguments and description, as the top-level `--help` lists them. The listing is
// built from this table without loading any command module (`--help`, `--version` and typos stay fast); each
// module takes its description from here, and test/cli/startup.test.ts checks the arguments match.

export interface CommandSummary {
  /** Argument names as commander shows them (`<inputs...>`, `[dir]`), space-separated. */
  readonly args: string;
  readonly description: string;
}

export const SUMMARY = {
  demo: {
    args: '',
    description: 'build and run a small leaking Go server, capture its goroutines over HTTP and analyze them',
  },
  analyze: {
    args: '<inputs...>',
    description:
      'analyze a goroutine dump (pprof debug=0/1/2, panic/SIGQUIT text, goroutineleak) from a file, URL or -; ' +
      'or a series (several files, a capture directory, or a URL with --samples N) for growth',
  },
  capture: {
    args: '<base-url>',
    description: 'save timestamped goroutine (and goroutineleak) profiles from a live /debug/pprof/ endpoint',
  },
  diff: {
    args: '<before> <after>',
    description: 'compare two goroutine dumps of one process: per-stack growth, new/vanished stacks, stuck goroutines',
  },
  scan: { args: '[paths...]', description: 'find goroutine-leak patterns in Go source (GG001–GG020)' },
  check: {
    args: '[dir]',
    description:
      'join static findings with a dump or a test run: confirmed leaks, leaks the rules missed, and unseen findings',
  },
  test: {
    args: '[packages...]',
    description: 'run go test with a goroutine leak check after each package, blaming the test that leaked',
  },
  fix: {
    args: '[paths...]',
    description:
      "patch the leaks scan finds, keeping only patches the package's own tests prove (leak gone, tests green)",
  },
  watch: {
    args: '[urls...]',
    description: 'monitor Go services: goroutine history (SQLite), leak alerts, webhooks, /metrics and a dashboard',
  },
} as const satisfies Record<string, CommandSummary>;

export type CommandName = keyof typeof SUMMARY;
