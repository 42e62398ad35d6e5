// watch: scrape services, keep history in SQLite, alert, serve the dashboard. Other folders import from here,
// never from a file inside.

export { loadConfig } from './config.js';
export type { ConfigOverrides, WatchConfig, WebhookFormat } from './config-model.js';
export { startServer } from './server.js';
export { Watcher } from './watcher.js';
export { Discovery, openFleetWatcher } from './fleet.js';
