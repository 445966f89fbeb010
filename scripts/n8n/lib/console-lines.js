'use strict';
// What `npm start` echoes of n8n's own output (all of it is in .n8n-runtime/logs/n8n.log): warnings,
// errors and lines about this package. An error is shown as its one heading line ("NodeOperationError:
// Amount: ... [item 0]"), never as the stack frames under it, which name our files but say nothing.

const ANSI = /\u001b\[[0-9;]*m/g;
const FRAME = /^\s*at\s|^\s*\.\.\. \d+ more|^\s*[{}]\s*$/;
// A word ending in Error/Exception followed by a colon (or ending the line): "NodeOperationError: ...".
const HEADING = /(?:^|[\s[(])[A-Za-z.]*(?:Error|Exception)\]?(?::\s|$)/;

/**
 * @param {{ verbose?: boolean, write: (line: string) => void }} options
 * @returns {(line: string) => void}
 */
function createConsoleFilter({ verbose = false, write }) {
	let heading = null;
	let shown = false;
	return (raw) => {
		if (verbose) return write(raw);
		const line = raw.replace(ANSI, '').trimEnd();
		if (!line.trim()) return;
		if (FRAME.test(line)) {
			// The frames name the node's files: the error above them is ours, show its heading once.
			if (heading && !shown && /nexpay/i.test(line)) {
				write(heading);
				shown = true;
			}
			return;
		}
		if (HEADING.test(line)) {
			heading = line.trim();
			shown = false;
			if (/nexpay/i.test(line) || /\b(warn|warning|error)\b/i.test(line)) {
				write(heading);
				shown = true;
			}
			return;
		}
		heading = null;
		if (/\b(warn|warning|error)\b/i.test(line) || /nexpay/i.test(line)) write(line);
	};
}

module.exports = { createConsoleFilter };
