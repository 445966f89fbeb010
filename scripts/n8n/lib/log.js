'use strict';
// One line per step, with the time since the script started; failures as one line, no stack trace.
const T0 = Date.now();

function elapsed() {
	return `${((Date.now() - T0) / 1000).toFixed(1)}s`;
}

function step(prefix, message) {
	process.stdout.write(`[${prefix} ${elapsed().padStart(6)}] ${message}\n`);
}

class UserError extends Error {}

/** Print a one-line failure message and exit non-zero. */
function fail(prefix, error) {
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`[${prefix}] FAILED: ${message.split('\n').filter(Boolean).join(' | ')}\n`);
	process.exit(1);
}

module.exports = { step, fail, elapsed, UserError, T0 };
