// gotest: `go test` with leak checking. Other folders import from here, never from a file inside.

export { testOptionsFromConfig } from './config.js';
export { nodeGoExec, type GoExec } from '../core/index.js';
export { resolveGoTestOptions, type GoTestOptions, type LeakProfileMode } from './options.js';
export { runGoTest } from './run.js';
export { parseTestEvents } from './events.js';
export { processSignals, type SignalSource } from './workspace.js';
