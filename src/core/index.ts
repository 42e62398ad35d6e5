// core: errors, the config file, the version. Imports only the model; other folders import from here, never
// from a file inside.

export {
  CONFIG_FILES,
  configReader,
  loadConfig,
  parseConfig,
  type GuardConfig,
  type IgnoreConfig,
  type ScanConfig,
} from './config.js';
export {
  ConfigReader,
  configFail,
  formatKeyPath,
  parseConfigText,
  type ConfigText,
  type Fail,
  type KeyPath,
} from './config-reader.js';
export { GuardError, isGuardError, type GuardErrorKind } from './errors.js';
export { DURATION_EXAMPLES, parseDuration, parseSize, SIZE_EXAMPLES } from './units.js';
export { escapeControls, safeStream, safeTerminal, terminalControlStream } from './terminal.js';
export { VERSION } from './version.js';
export { nodeGoExec, type CaptureResult, type GoExec, type GoTestProcess } from './goexec.js';
export { compareText } from './order.js';
export { cacheDir } from './cachedir.js';
export { findOnPath, findUp, goSkipsDir } from './gofs.js';
