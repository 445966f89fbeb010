'use strict';
// What `npm start` echoes of n8n's own output (all of it is in .n8n-runtime/logs/n8n.log): errors and
// warnings as one readable line each ("error: Payment ID "abc" is not a whole number above 0 [item 0]"),
// and lines about this package. npm start runs n8n with N8N_LOG_FORMAT=json, so each line carries its
// level: n8n's text format prints a node's error as a bare message line, with nothing saying it is one.
// Text lines are still understood: an error heading is shown once, the stack frames under it never.

const ANSI = /\u001b\[[0-9;]*m/g;
const FRAME = /^\s*at\s|^\s*\.\.\. \d+ more|^\s*[{}]\s*$/;
// A word ending in Error/Exception followed by a colon (or ending the line): "NodeOperationError: ...".
const HEADING = /(?:^|[\s[(])[A-Za-z.]*(?:Error|Exception)\]?(?::\s|$)/;
const WORTH_SHOWING = /\b(warn|warning|error)\b/i;

/** n8n's JSON log line → "level: message" on one line, or undefined for any other line. */
function fromJson(line) {
	if (!line.startsWith('{')) return undefined;
	try {
		const entry = JSON.parse(line);
		if (typeof entry.level !== 'string' || typeof entry.message !== 'string') return undefined;
		return { level: entry.level, text: entry.message.replace(/\s*\n\s*/g, ' ').trim() };
	} catch {
		return undefined;
	}
}

/**
 * @param {{ verbose?: boolean, write: (line: string) => void }} options
 * @returns {(line: string) => void}
 */
function createConsoleFilter({ verbose = false, write }) {
	let heading = null;
	let shown = false;
	let last = null;
	// n8n reports one failure more than once in a row: show it once.
	const show = (line) => {
		if (line === last) return;
		last = line;
		write(line);
	};
	return (raw) => {
		const line = raw.replace(ANSI, '').trimEnd();
		if (!line.trim()) return;
		const logged = fromJson(line);
		if (logged) {
			if (verbose || logged.level === 'error' || logged.level === 'warn' || /nexpay/i.test(logged.text)) show(`${logged.level}: ${logged.text}`);
			return;
		}
		if (verbose) return show(line);
		if (FRAME.test(line)) {
			// The frames name the node's files: the error above them is ours, show its heading once.
			if (heading && !shown && /nexpay/i.test(line)) {
				show(heading);
				shown = true;
			}
			return;
		}
		if (HEADING.test(line)) {
			heading = line.trim();
			shown = false;
			if (/nexpay/i.test(line) || WORTH_SHOWING.test(line)) {
				show(heading);
				shown = true;
			}
			return;
		}
		heading = null;
		if (WORTH_SHOWING.test(line) || /nexpay/i.test(line)) show(line);
	};
}

module.exports = { createConsoleFilter };
