// watch: scrape services, keep history in SQLite, alert, serve the dashboard. Other folders import from here,
// never from a file inside.

export { type ConfigOverrides, loadConfig, type WatchConfig, type WebhookFormat } from './config.js';
export { startServer } from './server.js';
export { Watcher } from './watcher.js';
export { Discovery, openFleetWatcher } from './fleet.js';
