// io: the edges where bytes come from and go to (files, stdin, URLs, capture directories, worker threads).
// Other folders import from here, never from a file inside.

export { analyzeInput, type AnalyzeInputOptions } from './analyze-input.js';
export {
  capture,
  profileBase,
  readCaptureIndex,
  redactUrl,
  stampFromName,
  type CaptureEvent,
  type CaptureOptions,
  type CaptureResult,
  type DebugLevel,
} from './capture.js';
export { getCapped, getToFile, HttpError, type GetResult, type HttpFailure, type HttpOptions } from './http.js';
export { checkFile, openInput, type InputOptions, type OpenedInput } from './input.js';
export { analyzeFile, type FileAnalyzeOptions } from './parallel.js';
export { seriesFromPaths } from './series-files.js';
export { dumpUrl, isUrl, parseHttpUrl, resolveUrl, type ResolvedUrl } from './url.js';
export { analyzeTraceFile, analyzeTraceUrl, fetchTrace, isTraceFile, readTrace, traceUrl } from './trace.js';
