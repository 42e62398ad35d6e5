// The watch history in one SQLite file (WAL). Writes are queued and committed together every flush interval, one
// transaction per flush: a `kill -9` loses at most the samples not yet committed, never half a sample. WAL with
// synchronous=NORMAL survives a killed process; only an OS crash can lose the last commits.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client, type InStatement } from '@libsql/client';
import { GuardError } from '../core/index.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import type { HistoryPoint } from './rules.js';
import type { Alert, Capture, Sample, StackInfo } from './types.js';

/** Rows per multi-row INSERT (SQLite allows 32766 parameters; 4 per bucket row). */
const ROWS_PER_INSERT = 500;

export class Store {
  private readonly targetIds = new Map<string, number>();
  private readonly stackIds = new Map<string, number>();
  private pending: InStatement[] = [];
  private pendingSamples = 0;
  private flushing: Promise<number> = Promise.resolve(0);
  private nextSampleId = 1;
  private nextStackId = 1;
  private nextAlertId = 1;
  private nextCaptureId = 1;
  private nextTargetId = 1;
  /** Samples committed since open (for tests and the shutdown message). */
  committedSamples = 0;

  private constructor(
    readonly client: Client,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<Store> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let client: Client;
    try {
      client = createClient({
        url: path === ':memory:' ? ':memory:' : `file:${path}`,
        intMode: 'number',
        concurrency: 1,
      });
    } catch (e) {
      throw new GuardError('io', path, `cannot open the history database: ${(e as Error).message}`);
    }
    const s = new Store(client, path);
    try {
      await s.init();
    } catch (e) {
      client.close();
      if (e instanceof GuardError) throw e;
      throw new GuardError('io', path, `cannot open the history database: ${(e as Error).message}`);
    }
    return s;
  }

  private async init(): Promise<void> {
    const c = this.client;
    await c.execute('PRAGMA journal_mode=WAL');
    await c.execute('PRAGMA synchronous=NORMAL');
    await c.execute('PRAGMA busy_timeout=5000');
    await c.batch([...SCHEMA], 'write');
    const v = await c.execute(`SELECT value FROM meta WHERE key='schema_version'`);
    const found = v.rows[0]?.value;
    if (found === undefined) {
      await c.execute({
        sql: `INSERT INTO meta (key, value) VALUES ('schema_version', ?)`,
        args: [String(SCHEMA_VERSION)],
      });
    } else if (Number(found) !== SCHEMA_VERSION) {
      throw new GuardError('io', this.path, `history schema version ${String(found)}`, {}, `version ${SCHEMA_VERSION}`);
    }
    for (const r of (await c.execute('SELECT id, name FROM targets')).rows)
      this.targetIds.set(String(r.name), Number(r.id));
    for (const r of (await c.execute('SELECT id, fingerprint FROM stacks')).rows) {
      this.stackIds.set(String(r.fingerprint), Number(r.id));
    }
    const max = async (table: string) =>
      Number((await c.execute(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`)).rows[0]!.m) + 1;
    this.nextSampleId = await max('samples');
    this.nextStackId = await max('stacks');
    this.nextAlertId = await max('alerts');
    this.nextCaptureId = await max('captures');
    this.nextTargetId = await max('targets');
  }

  /** The id of a target, registering it (queued) on first sight. */
  targetId(name: string, url: string, now: number): number {
    let id = this.targetIds.get(name);
    if (id === undefined) {
      id = this.nextTargetId++;
      this.targetIds.set(name, id);
      this.pending.push({
        sql: 'INSERT INTO targets (id, name, url, first_seen) VALUES (?, ?, ?, ?)',
        args: [id, name, url, now],
      });
    }
    return id;
  }

  knownTargetId(name: string): number | undefined {
    return this.targetIds.get(name);
  }

  allocateAlertId(): number {
    return this.nextAlertId++;
  }

  /** Queues a sample (and any stacks seen for the first time). Returns the sample id it will have. */
  enqueueSample(s: Sample, targetId: number): number {
    const id = this.nextSampleId++;
    if (!s.ok) {
      this.pending.push({
        sql: 'INSERT INTO samples (id, target_id, t, ok, reason, error, duration_ms) VALUES (?, ?, ?, 0, ?, ?, ?)',
        args: [id, targetId, s.t, s.reason, s.error, s.durationMs],
      });
      this.pendingSamples++;
      return id;
    }
    for (const b of s.buckets) {
      if (this.stackIds.has(b.fingerprint)) continue;
      const st = s.stacks.get(b.fingerprint);
      if (st) this.pending.push(this.stackInsert(st, s.t));
    }
    const st = s.stats;
    this.pending.push({
      sql: `INSERT INTO samples (id, target_id, t, ok, duration_ms, bytes, goroutines, parked, ignored, leaked,
              blocked_channel, timer_goroutines, by_class, by_state, evidence, suspects, leak_profile,
              heap_alloc, heap_inuse, heap_objects, next_gc, gc_cycles, gc_pause_seconds)
            VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        targetId,
        s.t,
        s.durationMs,
        s.bytes,
        s.goroutines,
        s.parked,
        s.ignored,
        s.leaked,
        s.blockedChannel,
        s.timerGoroutines,
        JSON.stringify(s.byClass),
        JSON.stringify(topStates(s.byState)),
        JSON.stringify(s.evidence),
        JSON.stringify(s.suspects.slice(0, 5).map((f) => [f.fingerprint ?? '', f.evidence ?? ''])),
        s.leakProfile ? 1 : 0,
        st?.heapAlloc ?? null,
        st?.heapInuse ?? null,
        st?.heapObjects ?? null,
        st?.nextGC ?? null,
        st?.gcCycles ?? null,
        st?.gcPauseSeconds ?? null,
      ],
    });
    const rows: number[] = [];
    for (const b of s.buckets) {
      const sid = this.stackIds.get(b.fingerprint);
      if (sid === undefined) continue; // stack info missing: cannot happen for buckets buildSample kept
      rows.push(id, sid, b.count, b.leaked);
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT * 4) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT * 4);
      const values = new Array(chunk.length / 4).fill('(?, ?, ?, ?)').join(', ');
      this.pending.push({
        sql: `INSERT INTO sample_buckets (sample_id, stack_id, count, leaked) VALUES ${values}`,
        args: chunk,
      });
    }
    this.pendingSamples++;
    return id;
  }

  private stackInsert(st: StackInfo, now: number): InStatement {
    const id = this.nextStackId++;
    this.stackIds.set(st.fingerprint, id);
    return {
      sql: `INSERT INTO stacks (id, fingerprint, state, wait_class, frames, created_by, site, site_func, created_at,
              labels, pattern, ignored, leak_prone, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        st.fingerprint,
        st.state,
        st.waitClass,
        JSON.stringify(st.frames),
        st.createdBy ? JSON.stringify(st.createdBy) : null,
        st.site ?? null,
        st.siteFunc ?? null,
        st.createdAt ?? null,
        JSON.stringify(st.labels),
        st.pattern ?? null,
        st.ignored ?? null,
        st.leakProne ? 1 : 0,
        now,
      ],
    };
  }

  /** Queues an insert-or-update of an alert. */
  enqueueAlert(a: Alert, targetId: number): void {
    this.pending.push({
      sql: `INSERT INTO alerts (id, target_id, rule, key, severity, state, starts_at, ends_at, last_seen, summary, value,
              fingerprints, suspects, missing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, state = excluded.state,
              ends_at = excluded.ends_at, last_seen = excluded.last_seen, summary = excluded.summary,
              value = excluded.value, fingerprints = excluded.fingerprints, missing = excluded.missing`,
      args: [
        a.id,
        targetId,
        a.rule,
        a.key,
        a.severity,
        a.state,
        a.startsAt,
        a.endsAt ?? null,
        a.lastSeen,
        a.summary,
        a.value,
        JSON.stringify(a.fingerprints),
        JSON.stringify(a.suspects),
        a.missing,
      ],
    });
  }

  /** Records a capture right away (they are rare and the dashboard links them immediately). */
  async saveCapture(c: Omit<Capture, 'id'>, targetId: number): Promise<number> {
    const id = this.nextCaptureId++;
    this.pending.push({
      sql: 'INSERT INTO captures (id, target_id, alert_id, t, kind, path, bytes, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [id, targetId, c.alertId ?? null, c.t, c.kind, c.path, c.bytes, c.error ?? null],
    });
    await this.flush();
    return id;
  }

  get pendingCount(): number {
    return this.pendingSamples;
  }

  /** Commits everything queued in one transaction. Flushes never overlap. Resolves to the samples committed. */
  flush(): Promise<number> {
    const run = async (): Promise<number> => {
      if (this.pending.length === 0) return 0;
      const stmts = this.pending;
      const n = this.pendingSamples;
      this.pending = [];
      this.pendingSamples = 0;
      try {
        await this.client.batch(stmts, 'write');
      } catch (e) {
        // The transaction rolled back: forget ids registered in it so later samples re-insert their stacks.
        await this.resync();
        throw e;
      }
      this.committedSamples += n;
      return n;
    };
    this.flushing = this.flushing.then(run, run);
    return this.flushing;
  }

  private async resync(): Promise<void> {
    this.targetIds.clear();
    this.stackIds.clear();
    for (const r of (await this.client.execute('SELECT id, name FROM targets')).rows)
      this.targetIds.set(String(r.name), Number(r.id));
    for (const r of (await this.client.execute('SELECT id, fingerprint FROM stacks')).rows) {
      this.stackIds.set(String(r.fingerprint), Number(r.id));
    }
  }

  /** Last `n` successful samples of a target as history points (oldest first) and the leak-prone flags. */
  async loadHistory(target: string, n: number): Promise<{ points: HistoryPoint[]; leakProne: Map<string, boolean> }> {
    const tid = this.targetIds.get(target);
    const leakProne = new Map<string, boolean>();
    if (tid === undefined) return { points: [], leakProne };
    const rs = await this.client.execute({
      sql: 'SELECT id, t, goroutines FROM samples WHERE target_id = ? AND ok = 1 ORDER BY t DESC LIMIT ?',
      args: [tid, n],
    });
    const samples = rs.rows
      .map((r) => ({ id: Number(r.id), t: Number(r.t), goroutines: Number(r.goroutines) }))
      .reverse();
    if (samples.length === 0) return { points: [], leakProne };
    const ids = samples.map((s) => s.id);
    const b = await this.client.execute({
      sql: `SELECT b.sample_id, s.fingerprint, b.count, s.leak_prone FROM sample_buckets b JOIN stacks s ON s.id = b.stack_id
            WHERE b.sample_id IN (${ids.map(() => '?').join(', ')})`,
      args: ids,
    });
    const counts = new Map<number, Map<string, number>>(ids.map((id) => [id, new Map()]));
    for (const r of b.rows) {
      counts.get(Number(r.sample_id))!.set(String(r.fingerprint), Number(r.count));
      leakProne.set(String(r.fingerprint), Number(r.leak_prone) === 1);
    }
    return { points: samples.map((s) => ({ t: s.t, goroutines: s.goroutines, counts: counts.get(s.id)! })), leakProne };
  }

  async loadFiringAlerts(): Promise<Alert[]> {
    const rs = await this.client.execute(
      `SELECT a.*, t.name AS target FROM alerts a JOIN targets t ON t.id = a.target_id WHERE a.state = 'firing'`,
    );
    return rs.rows.map((r) => {
      const a: Alert = {
        id: Number(r.id),
        target: String(r.target),
        rule: String(r.rule) as Alert['rule'],
        key: String(r.key),
        severity: String(r.severity) as Alert['severity'],
        state: 'firing',
        startsAt: Number(r.starts_at),
        lastSeen: Number(r.last_seen),
        summary: String(r.summary),
        value: Number(r.value),
        fingerprints: JSON.parse(String(r.fingerprints)) as string[],
        suspects: JSON.parse(String(r.suspects)) as Alert['suspects'],
        missing: Number(r.missing),
      };
      return a;
    });
  }

  /**
   * Retention: deletes samples older than `retention`; samples older than `rawRetention` are thinned to one per
   * `step` per target (the one with the most goroutines, so spikes survive). Returns rows deleted.
   */
  async maintain(now: number, retention: number, rawRetention: number, step: number): Promise<number> {
    const dropBefore = now - retention;
    const thinBefore = Math.floor((now - rawRetention) / step) * step;
    const stmts: InStatement[] = [
      { sql: 'DELETE FROM sample_buckets WHERE sample_id IN (SELECT id FROM samples WHERE t < ?)', args: [dropBefore] },
      { sql: 'DELETE FROM samples WHERE t < ?', args: [dropBefore] },
      { sql: `DELETE FROM alerts WHERE state = 'resolved' AND ends_at < ?`, args: [dropBefore] },
      'DROP TABLE IF EXISTS temp.keep',
      {
        sql: `CREATE TEMP TABLE keep AS SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY target_id, CAST(t / ? AS INTEGER) ORDER BY ok DESC, goroutines DESC, id) AS rn
                FROM samples WHERE resolution = 0 AND t < ?) WHERE rn = 1`,
        args: [step, thinBefore],
      },
      { sql: 'UPDATE samples SET resolution = ? WHERE id IN (SELECT id FROM temp.keep)', args: [step] },
      {
        sql: 'DELETE FROM sample_buckets WHERE sample_id IN (SELECT id FROM samples WHERE resolution = 0 AND t < ?)',
        args: [thinBefore],
      },
      { sql: 'DELETE FROM samples WHERE resolution = 0 AND t < ?', args: [thinBefore] },
      'DROP TABLE temp.keep',
    ];
    await this.flush();
    const rs = await this.client.batch(stmts, 'write');
    return rs.reduce((s, r) => s + r.rowsAffected, 0);
  }

  /** Captures older than `before` (their files are deleted by the caller). */
  async expiredCaptures(before: number): Promise<{ id: number; path: string }[]> {
    const rs = await this.client.execute({ sql: 'SELECT id, path FROM captures WHERE t < ?', args: [before] });
    return rs.rows.map((r) => ({ id: Number(r.id), path: String(r.path) }));
  }

  async deleteCaptures(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.client.execute({
      sql: `DELETE FROM captures WHERE id IN (${ids.map(() => '?').join(', ')})`,
      args: ids,
    });
  }

  async close(): Promise<void> {
    await this.flush();
    // Fold the WAL back into the main file so a copied .db is complete on its own.
    await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    this.client.close();
  }
}

/** by_state keeps the 10 largest states: the long tail is in by_class already. */
function topStates(byState: Record<string, number>): Record<string, number> {
  const e = Object.entries(byState).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(e.slice(0, 10));
}
