// Turns the leaked goroutines of one test into `Finding`s: one per distinct stack (bucket), with a pattern id, the
// blocking site (first frame in user code) and the `created by` site.
//
// TODO(lead analysis): the pattern id comes from a minimal mapping by wait state and a few stack signatures until
// `analyze(...)` in src/analysis lands; then this module should delegate classification to it.

import { PATTERNS, type PatternId } from '../analysis/patterns.js';
import { evidenceRank, type Evidence, type Finding, type SourceLocation } from '../report/finding.js';
import type { Frame, Goroutine } from '../profile/model.js';
import type { Blame } from './blame.js';

export interface SiteContext {
  /** GOROOT of the toolchain that ran the tests: frames under it are stdlib. */
  goroot: string;
  /** Import paths under test: frames in these are user code even without a dot in the path. */
  packages: ReadonlySet<string>;
  /** Turns an absolute file path into the one shown (relative to the working directory when inside it). */
  displayPath: (file: string) => string;
}

export interface LeakBucket {
  goroutines: Goroutine[];
  finding: Finding;
}

/** Groups `gs` by stack signature (hashed key, never pairwise) and builds one Finding per group, largest first. */
export function bucketLeaks(
  gs: readonly Goroutine[],
  blameOf: (g: Goroutine) => Blame,
  pkg: string,
  ctx: SiteContext,
): LeakBucket[] {
  const groups = new Map<string, Goroutine[]>();
  for (const g of gs) {
    const key = signature(g);
    const list = groups.get(key);
    if (list) list.push(g);
    else groups.set(key, [g]);
  }
  return [...groups.values()]
    .map((list) => ({ goroutines: list, finding: toFinding(list, blameOf(list[0]!), pkg, ctx) }))
    .sort(
      (a, b) => (b.finding.count ?? 0) - (a.finding.count ?? 0) || a.finding.message.localeCompare(b.finding.message),
    );
}

/** Pattern id for a goroutine from its state and stack. */
export function classify(g: Goroutine): PatternId | 'GG000' {
  const funcs = g.frames.map((f) => f.func);
  const has = (re: RegExp) => funcs.some((f) => re.test(f));
  if (/\(nil chan\)/.test(g.state)) return 'GG013';
  if (g.state.startsWith('select (no cases)')) return 'GG014';
  if (g.createdBy?.func === 'time.goFunc') return 'GG006';
  if (has(/^net\/http\.\(\*persistConn\)\.(readLoop|writeLoop)$/)) return 'GG010';
  if (has(/^sync\.\(\*WaitGroup\)\.Wait$/)) return 'GG008';
  if (has(/^sync\.\(\*(RW)?Mutex\)\.R?Lock$/)) return 'GG012';
  if (has(/^time\.\(\*Ticker\)/)) return 'GG004';
  switch (g.waitClass) {
    case 'chan-send':
      return 'GG001';
    case 'chan-recv':
      return 'GG002';
    case 'select':
      return 'GG003';
    default:
      return 'GG000';
  }
}

/** Evidence for a goroutine still alive after its test returned and the settle budget ran out. */
export function evidenceOf(g: Goroutine): Evidence {
  if (g.leaked) return 'proven';
  if (/\(nil chan\)/.test(g.state) || g.state.startsWith('select (no cases)')) return 'confirmed';
  if (['chan-send', 'chan-recv', 'chan', 'select', 'sync'].includes(g.waitClass)) return 'suspected';
  return 'possible';
}

/** First frame in user code (not the standard library, not the testing machinery), if any. */
export function userFrame(frames: readonly Frame[], ctx: SiteContext): Frame | undefined {
  return frames.find((f) => !isStdlib(f, ctx));
}

export function isStdlib(f: Frame, ctx: SiteContext): boolean {
  if (ctx.packages.has(f.package) || ctx.packages.has(f.package.replace(/_test$/, ''))) return false;
  if (ctx.goroot && f.file.startsWith(`${ctx.goroot}/src/`)) return true;
  const first = f.package.split('/')[0] ?? '';
  return f.package !== 'main' && !first.includes('.');
}

function signature(g: Goroutine): string {
  const site = (f: Frame) => `${f.func}@${f.file}:${f.line}`;
  return [g.state, g.leaked ? 'L' : '', ...g.frames.map(site), g.createdBy ? `<${site(g.createdBy)}` : ''].join('|');
}

function toFinding(list: Goroutine[], blame: Blame, pkg: string, ctx: SiteContext): Finding {
  const g = list[0]!;
  const ruleId = classify(g);
  const evidence = list.map(evidenceOf).sort((a, b) => evidenceRank(a) - evidenceRank(b))[0]!;
  const loc = (f: Frame): SourceLocation => ({ file: ctx.displayPath(f.file), line: f.line, func: f.func });
  // Blocking site: user code when the stack has any; else the goroutine's entry function (outermost frame that is
  // not runtime plumbing), which names what it is: `net/http.(*persistConn).readLoop`, `(*Server).Serve`…
  const own = userFrame(g.frames, ctx);
  const blocking = own ?? g.frames.filter((f) => !/^(runtime|internal\/)/.test(f.package)).at(-1) ?? g.frames[0];
  // Origin: the `created by` site when it is user code, else the nearest user frame in the ancestry (the test
  // code that started, say, an http.Transport whose readLoop is the leftover).
  const createdUser = g.createdBy && !isStdlib(g.createdBy, ctx) ? g.createdBy : undefined;
  const started = createdUser
    ? undefined
    : g.ancestors.map((a) => userFrame(a.frames, ctx)).find((f) => f !== undefined);
  const where = own ? ` at ${ctx.displayPath(own.file)}:${own.line}` : blocking ? ` in ${blocking.func}` : '';
  const made = createdUser
    ? ` (created by ${ctx.displayPath(createdUser.file)}:${createdUser.line})`
    : started
      ? ` (started from ${ctx.displayPath(started.file)}:${started.line})`
      : g.createdBy
        ? ` (created by ${g.createdBy.func})`
        : '';
  const title = ruleId === 'GG000' ? 'goroutine still running after its test returned' : PATTERNS[ruleId].title;
  const finding: Finding = {
    origin: 'dynamic',
    ruleId,
    title,
    message: `${ruleId} ${g.state}${where}${made}`,
    severity: 'error',
    evidence,
    count: list.length,
    waitClass: g.waitClass,
    state: g.state,
    fingerprint: signatureHash(signature(g)),
    stack: g.frames,
    explanation: explanation(blame, list.length, evidence),
    data: { package: pkg, test: blame.test, blamedVia: blame.via, goroutineIds: list.map((x) => x.id) },
  };
  if (blame.func) finding.data!.testFunc = blame.func;
  if (blocking) finding.location = loc(blocking);
  const origin = createdUser ?? started ?? g.createdBy;
  if (origin) finding.createdAt = loc(origin);
  if (ruleId !== 'GG000') finding.fix = PATTERNS[ruleId].fix;
  return finding;
}

function explanation(blame: Blame, n: number, evidence: Evidence): string {
  const who =
    blame.via === 'ancestry' || blame.via === 'goroutine-id'
      ? `started (directly or through other goroutines) by ${blame.test}`
      : blame.via === 'closure'
        ? `running a function defined in ${blame.test}`
        : blame.via === 'testmain'
          ? 'started by TestMain outside any test'
          : 'not traceable to a test';
  const proof =
    evidence === 'proven'
      ? '; the garbage collector proved it can never wake (goroutineleak profile)'
      : evidence === 'confirmed'
        ? '; its wait can never end'
        : '';
  return `${n === 1 ? 'This goroutine was' : `These ${n} goroutines were`} ${who} and still alive after the tests finished and the settle time ran out${proof}.`;
}

/** FNV-1a, hex: a stable short id for a stack signature. */
function signatureHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
