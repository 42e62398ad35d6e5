// Turns the leaked goroutines of one test into `Finding`s: one per bucket of identical stacks (the analysis
// stage's Bucketer, so fingerprints match `analyze`/`diff`), the pattern id from the analysis stage's catalogue
// matcher, the blocking site (first frame in user code) and where the goroutine came from.

import { compareText } from '../core/index.js';
import { Bucketer, matchPattern, type Bucket, type PatternMatch } from '../analysis/index.js';
import {
  PATTERNS,
  evidenceRank,
  idJson,
  type Evidence,
  type Finding,
  type SourceLocation,
  type Frame,
  type Goroutine,
} from '../model/index.js';
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
  bucket: Bucket;
  goroutines: Goroutine[];
  finding: Finding;
}

/** Buckets one test's leaked goroutines and builds one Finding per bucket, largest first. */
export function bucketLeaks(
  gs: readonly Goroutine[],
  blameOf: (g: Goroutine) => Blame,
  pkg: string,
  ctx: SiteContext,
): LeakBucket[] {
  const bucketer = new Bucketer();
  for (const g of gs) bucketer.add(g);
  const byId = new Map(gs.map((g) => [g.id, g]));
  return bucketer
    .finish()
    .map((bucket) => {
      const members = bucket.ids.map((id) => byId.get(id)).filter((g): g is Goroutine => g !== undefined);
      const list = members.length ? members : [gs.find((g) => g.frames === bucket.frames) ?? gs[0]!];
      return { bucket, goroutines: list, finding: toFinding(bucket, list, blameOf(list[0]!), pkg, ctx) };
    })
    .sort(
      (a, b) => (b.finding.count ?? 0) - (a.finding.count ?? 0) || compareText(a.finding.message, b.finding.message),
    );
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

function toFinding(bucket: Bucket, list: Goroutine[], blame: Blame, pkg: string, ctx: SiteContext): Finding {
  const g = list[0]!;
  const match: PatternMatch | undefined = matchPattern(bucket);
  const ruleId = match?.id ?? 'GG000';
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
    count: bucket.count,
    waitClass: bucket.waitClass,
    state: bucket.state,
    fingerprint: bucket.fingerprint,
    stack: [...bucket.frames],
    explanation: explanation(blame, bucket.count, evidence, match?.because),
    data: { package: pkg, test: blame.test, blamedVia: blame.via, goroutineIds: list.map((x) => idJson(x.id)) },
  };
  if (blame.func) finding.data!.testFunc = blame.func;
  if (blocking) finding.location = loc(blocking);
  const origin = createdUser ?? started ?? g.createdBy;
  if (origin) finding.createdAt = loc(origin);
  if (ruleId !== 'GG000') finding.fix = PATTERNS[ruleId].fix;
  return finding;
}

function explanation(blame: Blame, n: number, evidence: Evidence, because: string | undefined): string {
  const who =
    blame.via === 'ancestry' || blame.via === 'goroutine-id'
      ? `started (directly or through other goroutines) by ${blame.test}`
      : blame.via === 'closure'
        ? `running a function defined in ${blame.test}`
        : blame.via === 'unnamed'
          ? `started by a test whose name the runtime's ancestor record does not show (${blame.test.slice(1, -1)})`
          : blame.via === 'testmain'
            ? 'started by TestMain outside any test'
            : 'not traceable to a test';
  const proof =
    evidence === 'proven'
      ? '; the garbage collector proved it can never wake (goroutineleak profile)'
      : evidence === 'confirmed'
        ? '; its wait can never end'
        : '';
  const pattern = because ? ` Pattern: ${because}.` : '';
  const alive = n === 1 ? 'It was' : 'They were';
  return `${n === 1 ? 'This goroutine was' : `These ${n} goroutines were`} ${who}. ${alive} still alive when the tests had finished and the settle time had run out${proof}.${pattern}`;
}
