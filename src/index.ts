// Library entry: `import { parseDump, analyze } from 'goroutine-guard'`.

export * from './profile/model.js';
export * from './core/errors.js';
export * from './analysis/patterns.js';
export * from './report/finding.js';
export { VERSION } from './version.js';
