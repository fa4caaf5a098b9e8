// The report's public API.

export { InputError } from './input-error.js';
export { renderReport } from './render-report.js';
export { writeReport, DEFAULT_REPORT_NAME } from './write-report.js';
