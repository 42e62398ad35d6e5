// Package version, kept in step with package.json by test/api/exports.test.ts.
export const VERSION = '0.1.0';
