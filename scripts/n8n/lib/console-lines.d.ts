/** npm start's echo of n8n's output: warnings, errors as one heading line, lines about this package. */
export function createConsoleFilter(options: { verbose?: boolean; write: (line: string) => void }): (line: string) => void;
