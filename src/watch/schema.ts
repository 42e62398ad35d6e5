// The SQLite schema of the watch history. Stacks are stored once per fingerprint; each sample keeps per-stack counts
// in a compact WITHOUT ROWID table. Times are milliseconds since the epoch.

export const SCHEMA_VERSION = 1;

export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS targets (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     url TEXT NOT NULL,
     first_seen INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS samples (
     id INTEGER PRIMARY KEY,
     target_id INTEGER NOT NULL,
     t INTEGER NOT NULL,
     ok INTEGER NOT NULL,
     reason TEXT,
     error TEXT,
     duration_ms REAL NOT NULL,
     bytes INTEGER,
     goroutines INTEGER,
     parked INTEGER,
     ignored INTEGER,
     leaked INTEGER,
     blocked_channel INTEGER,
     timer_goroutines INTEGER,
     by_class TEXT,
     by_state TEXT,
     evidence TEXT,
     suspects TEXT,
     leak_profile INTEGER,
     heap_alloc REAL,
     heap_inuse REAL,
     heap_objects REAL,
     next_gc REAL,
     gc_cycles REAL,
     gc_pause_seconds REAL,
     resolution INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE INDEX IF NOT EXISTS samples_target_t ON samples (target_id, t)`,
  `CREATE TABLE IF NOT EXISTS stacks (
     id INTEGER PRIMARY KEY,
     fingerprint TEXT NOT NULL UNIQUE,
     state TEXT NOT NULL,
     wait_class TEXT NOT NULL,
     frames TEXT NOT NULL,
     created_by TEXT,
     site TEXT,
     site_func TEXT,
     created_at TEXT,
     labels TEXT,
     pattern TEXT,
     ignored TEXT,
     leak_prone INTEGER NOT NULL,
     first_seen INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS sample_buckets (
     sample_id INTEGER NOT NULL,
     stack_id INTEGER NOT NULL,
     count INTEGER NOT NULL,
     leaked INTEGER NOT NULL,
     PRIMARY KEY (sample_id, stack_id)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS alerts (
     id INTEGER PRIMARY KEY,
     target_id INTEGER NOT NULL,
     rule TEXT NOT NULL,
     key TEXT NOT NULL,
     severity TEXT NOT NULL,
     state TEXT NOT NULL,
     starts_at INTEGER NOT NULL,
     ends_at INTEGER,
     last_seen INTEGER NOT NULL,
     summary TEXT NOT NULL,
     value REAL NOT NULL,
     fingerprints TEXT NOT NULL,
     suspects TEXT NOT NULL,
     missing INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE INDEX IF NOT EXISTS alerts_target ON alerts (target_id, starts_at)`,
  `CREATE INDEX IF NOT EXISTS alerts_state ON alerts (state)`,
  `CREATE TABLE IF NOT EXISTS captures (
     id INTEGER PRIMARY KEY,
     target_id INTEGER NOT NULL,
     alert_id INTEGER,
     t INTEGER NOT NULL,
     kind TEXT NOT NULL,
     path TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     error TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS captures_target ON captures (target_id, t)`,
];
