// Read side of the history for the dashboard and its JSON API. Every query is bounded: by target, by time range
// (index samples_target_t) and by a point budget, so a week of history answers in milliseconds.

import type { Client, Row } from '@libsql/client';
import { PATTERNS, isPatternId } from '../model/index.js';

export interface SeriesPoint {
  t: number;
  sampleId: number;
  goroutines: number;
  parked: number;
  leaked: number;
  blockedChannel: number;
  timerGoroutines: number;
  byClass: Record<string, number>;
  heapAlloc: number | null;
  heapInuse: number | null;
  gcCycles: number | null;
  gcPauseSeconds: number | null;
}

export interface TargetRow {
  name: string;
  url: string;
  lastT: number | null;
  lastOk: boolean | null;
  lastError: string | null;
  goroutines: number | null;
  leaked: number | null;
  evidence: Record<string, { sites: number; goroutines: number }> | null;
  firing: number;
  worstSeverity: string | null;
  sparkline: [number, number][];
}

export class HistoryQueries {
  constructor(private readonly c: Client) {}

  private async targetId(name: string): Promise<number | undefined> {
    const rs = await this.c.execute({ sql: 'SELECT id FROM targets WHERE name = ?', args: [name] });
    return rs.rows[0] ? Number(rs.rows[0].id) : undefined;
  }

  /** Every target with its last sample, firing alerts and a sparkline of the last `spark` samples. */
  async targets(spark = 60): Promise<TargetRow[]> {
    const ts = await this.c.execute('SELECT id, name, url FROM targets ORDER BY name');
    const firing = await this.c.execute(
      `SELECT target_id, COUNT(*) AS n, MIN(CASE severity WHEN 'critical' THEN 0 ELSE 1 END) AS worst
       FROM alerts WHERE state = 'firing' GROUP BY target_id`,
    );
    const fire = new Map(firing.rows.map((r) => [Number(r.target_id), { n: Number(r.n), worst: Number(r.worst) }]));
    const out: TargetRow[] = [];
    for (const t of ts.rows) {
      const id = Number(t.id);
      const rs = await this.c.execute({
        sql: `SELECT t, ok, error, goroutines, leaked, evidence FROM samples WHERE target_id = ? ORDER BY t DESC LIMIT ?`,
        args: [id, spark],
      });
      const last = rs.rows[0];
      const f = fire.get(id);
      out.push({
        name: String(t.name),
        url: String(t.url),
        lastT: last ? Number(last.t) : null,
        lastOk: last ? Number(last.ok) === 1 : null,
        lastError: last && last.error !== null ? String(last.error) : null,
        goroutines: last && last.goroutines !== null ? Number(last.goroutines) : null,
        leaked: last && last.leaked !== null ? Number(last.leaked) : null,
        evidence: last && last.evidence ? (JSON.parse(String(last.evidence)) as TargetRow['evidence']) : null,
        firing: f?.n ?? 0,
        worstSeverity: f ? (f.worst === 0 ? 'critical' : 'warning') : null,
        sparkline: rs.rows
          .filter((r) => Number(r.ok) === 1)
          .map((r) => [Number(r.t), Number(r.goroutines)] as [number, number])
          .reverse(),
      });
    }
    return out;
  }

  /** Totals over [from, to], at most `maxPoints` points (each the sample with the most goroutines in its slot). */
  async series(target: string, from: number, to: number, maxPoints = 600): Promise<SeriesPoint[]> {
    const id = await this.targetId(target);
    if (id === undefined) return [];
    const step = Math.max(1, Math.ceil((to - from) / maxPoints));
    // SQLite returns the bare columns of the row that holds MAX(goroutines) in each group.
    const rs = await this.c.execute({
      sql: `SELECT id, t, MAX(goroutines) AS goroutines, parked, leaked, blocked_channel, timer_goroutines, by_class,
                   heap_alloc, heap_inuse, gc_cycles, gc_pause_seconds
            FROM samples WHERE target_id = ? AND ok = 1 AND t BETWEEN ? AND ?
            GROUP BY CAST(t / ? AS INTEGER) ORDER BY t`,
      args: [id, from, to, step],
    });
    return rs.rows.map((r) => ({
      t: Number(r.t),
      sampleId: Number(r.id),
      goroutines: Number(r.goroutines),
      parked: Number(r.parked),
      leaked: Number(r.leaked),
      blockedChannel: Number(r.blocked_channel),
      timerGoroutines: Number(r.timer_goroutines),
      byClass: JSON.parse(String(r.by_class ?? '{}')) as Record<string, number>,
      heapAlloc: nullableNumber(r.heap_alloc),
      heapInuse: nullableNumber(r.heap_inuse),
      gcCycles: nullableNumber(r.gc_cycles),
      gcPauseSeconds: nullableNumber(r.gc_pause_seconds),
    }));
  }

  /** Scrapes (ok or failed) for the diff pickers, newest first. */
  /**
   * Scrapes (ok or failed) in [from, to] for the diff pickers, newest first: at most `limit`, evenly thinned when
   * the range holds more, so any part of the history can be compared.
   */
  async samples(
    target: string,
    from = 0,
    to = Number.MAX_SAFE_INTEGER,
    limit = 200,
  ): Promise<{ id: number; t: number; ok: boolean; goroutines: number | null; error: string | null }[]> {
    const id = await this.targetId(target);
    if (id === undefined) return [];
    const rs = await this.c.execute({
      sql: `SELECT id, t, ok, goroutines, error FROM (
              SELECT id, t, ok, goroutines, error, ROW_NUMBER() OVER (ORDER BY t DESC) - 1 AS rn, COUNT(*) OVER () AS n
              FROM samples WHERE target_id = ? AND t BETWEEN ? AND ?)
            WHERE rn % MAX(1, CAST((n + ? - 1) / ? AS INTEGER)) = 0 ORDER BY t DESC LIMIT ?`,
      args: [id, from, to, limit, limit, limit],
    });
    return rs.rows.map((r) => ({
      id: Number(r.id),
      t: Number(r.t),
      ok: Number(r.ok) === 1,
      goroutines: nullableNumber(r.goroutines),
      error: r.error === null ? null : String(r.error),
    }));
  }

  async alerts(target: string | undefined, limit = 100): Promise<Record<string, unknown>[]> {
    const rs = await this.c.execute({
      sql: `SELECT a.*, t.name AS target FROM alerts a JOIN targets t ON t.id = a.target_id
            ${target === undefined ? '' : 'WHERE t.name = ?'} ORDER BY a.starts_at DESC, a.id DESC LIMIT ?`,
      args: target === undefined ? [limit] : [target, limit],
    });
    return rs.rows.map((r) => ({
      id: Number(r.id),
      target: String(r.target),
      rule: String(r.rule),
      key: String(r.key),
      severity: String(r.severity),
      state: String(r.state),
      startsAt: Number(r.starts_at),
      endsAt: nullableNumber(r.ends_at),
      lastSeen: Number(r.last_seen),
      summary: String(r.summary),
      value: Number(r.value),
      fingerprints: JSON.parse(String(r.fingerprints)) as string[],
      suspects: JSON.parse(String(r.suspects)) as unknown[],
    }));
  }

  /**
   * Buckets of the latest sample ranked by growth against the sample closest to `windowMs` earlier. `growing` marks
   * stacks the live trend test flags.
   */
  async topBuckets(target: string, windowMs: number, limit = 25): Promise<Record<string, unknown>[]> {
    const id = await this.targetId(target);
    if (id === undefined) return [];
    const last = await this.c.execute({
      sql: 'SELECT id, t FROM samples WHERE target_id = ? AND ok = 1 ORDER BY t DESC LIMIT 1',
      args: [id],
    });
    const l = last.rows[0];
    if (!l) return [];
    const base = await this.c.execute({
      sql: `SELECT id, t FROM samples WHERE target_id = ? AND ok = 1 AND t <= ? ORDER BY t DESC LIMIT 1`,
      args: [id, Number(l.t) - windowMs],
    });
    const first = await this.c.execute({
      sql: `SELECT id, t FROM samples WHERE target_id = ? AND ok = 1 ORDER BY t LIMIT 1`,
      args: [id],
    });
    const b = base.rows[0] ?? first.rows[0]!;
    const rs = await this.c.execute({
      sql: `SELECT s.fingerprint, s.state, s.wait_class, s.site, s.site_func, s.created_at, s.pattern, s.ignored,
                   n.count AS now, n.leaked, COALESCE(o.count, 0) AS before
            FROM sample_buckets n JOIN stacks s ON s.id = n.stack_id
            LEFT JOIN sample_buckets o ON o.sample_id = ? AND o.stack_id = n.stack_id
            WHERE n.sample_id = ?
            ORDER BY (n.count - COALESCE(o.count, 0)) DESC, n.count DESC LIMIT ?`,
      args: [Number(b.id), Number(l.id), limit],
    });
    return rs.rows.map((r) => ({
      ...stackSummary(r),
      count: Number(r.now),
      before: Number(r.before),
      delta: Number(r.now) - Number(r.before),
      leaked: Number(r.leaked),
      since: Number(b.t),
      at: Number(l.t),
    }));
  }

  /** One stack by fingerprint: frames, pattern title and fix. */
  async stack(fingerprint: string): Promise<Record<string, unknown> | undefined> {
    const rs = await this.c.execute({ sql: 'SELECT * FROM stacks WHERE fingerprint = ?', args: [fingerprint] });
    const r = rs.rows[0];
    if (!r) return undefined;
    return {
      ...stackSummary(r),
      frames: JSON.parse(String(r.frames)) as unknown[],
      createdBy: r.created_by ? (JSON.parse(String(r.created_by)) as unknown) : null,
      labels: JSON.parse(String(r.labels ?? '{}')) as Record<string, string>,
      firstSeen: Number(r.first_seen),
    };
  }

  /** A stack's count in each sample of a target over [from, to]. */
  async bucketSeries(target: string, fingerprint: string, from: number, to: number, maxPoints = 600) {
    const id = await this.targetId(target);
    const sid = await this.c.execute({ sql: 'SELECT id FROM stacks WHERE fingerprint = ?', args: [fingerprint] });
    if (id === undefined || !sid.rows[0]) return [];
    const step = Math.max(1, Math.ceil((to - from) / maxPoints));
    const rs = await this.c.execute({
      sql: `SELECT s.t, MAX(COALESCE(b.count, 0)) AS count FROM samples s
            LEFT JOIN sample_buckets b ON b.sample_id = s.id AND b.stack_id = ?
            WHERE s.target_id = ? AND s.ok = 1 AND s.t BETWEEN ? AND ? GROUP BY CAST(s.t / ? AS INTEGER) ORDER BY s.t`,
      args: [Number(sid.rows[0].id), id, from, to, step],
    });
    return rs.rows.map((r) => ({ t: Number(r.t), count: Number(r.count) }));
  }

  /** Per-stack counts in two samples of one target, largest change first. */
  async diff(target: string, a: number, b: number, limit = 100) {
    const id = await this.targetId(target);
    if (id === undefined) return undefined;
    const both = await this.c.execute({
      sql: 'SELECT id, t, goroutines FROM samples WHERE target_id = ? AND id IN (?, ?) AND ok = 1',
      args: [id, a, b],
    });
    const sa = both.rows.find((r) => Number(r.id) === a);
    const sb = both.rows.find((r) => Number(r.id) === b);
    if (!sa || !sb) return undefined;
    const rs = await this.c.execute({
      sql: `SELECT s.fingerprint, s.state, s.wait_class, s.site, s.site_func, s.created_at, s.pattern, s.ignored,
                   SUM(CASE WHEN x.sample_id = ? THEN x.count ELSE 0 END) AS a,
                   SUM(CASE WHEN x.sample_id = ? THEN x.count ELSE 0 END) AS b
            FROM sample_buckets x JOIN stacks s ON s.id = x.stack_id
            WHERE x.sample_id IN (?, ?) GROUP BY x.stack_id
            ORDER BY ABS(SUM(CASE WHEN x.sample_id = ? THEN x.count ELSE 0 END) -
                         SUM(CASE WHEN x.sample_id = ? THEN x.count ELSE 0 END)) DESC LIMIT ?`,
      args: [a, b, a, b, b, a, limit],
    });
    return {
      a: { id: a, t: Number(sa.t), goroutines: Number(sa.goroutines) },
      b: { id: b, t: Number(sb.t), goroutines: Number(sb.goroutines) },
      buckets: rs.rows.map((r) => ({
        ...stackSummary(r),
        a: Number(r.a),
        b: Number(r.b),
        delta: Number(r.b) - Number(r.a),
      })),
    };
  }

  async captures(target: string) {
    const rs = await this.c.execute({
      sql: `SELECT c.id, c.alert_id, c.t, c.kind, c.bytes, c.error FROM captures c JOIN targets t ON t.id = c.target_id
            WHERE t.name = ? ORDER BY c.t DESC LIMIT 100`,
      args: [target],
    });
    return rs.rows.map((r) => ({
      id: Number(r.id),
      alertId: nullableNumber(r.alert_id),
      t: Number(r.t),
      kind: String(r.kind),
      bytes: Number(r.bytes),
      error: r.error === null ? null : String(r.error),
    }));
  }

  async capture(id: number): Promise<{ path: string; kind: string; target: string; t: number } | undefined> {
    const rs = await this.c.execute({
      sql: `SELECT c.path, c.kind, c.t, t.name FROM captures c JOIN targets t ON t.id = c.target_id
            WHERE c.id = ? AND c.error IS NULL`,
      args: [id],
    });
    const r = rs.rows[0];
    return r ? { path: String(r.path), kind: String(r.kind), target: String(r.name), t: Number(r.t) } : undefined;
  }
}

function stackSummary(r: Row) {
  const pattern = r.pattern === null ? null : String(r.pattern);
  const p = pattern && isPatternId(pattern) ? PATTERNS[pattern] : undefined;
  return {
    fingerprint: String(r.fingerprint),
    state: String(r.state),
    waitClass: String(r.wait_class),
    site: r.site === null ? null : String(r.site),
    siteFunc: r.site_func === null ? null : String(r.site_func),
    createdAt: r.created_at === null ? null : String(r.created_at),
    pattern,
    patternTitle: p?.title ?? null,
    fix: p?.fix ?? null,
    ignored: r.ignored === null ? null : String(r.ignored),
  };
}

function nullableNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
