// `npm pack` must ship only dist/, the README, the LICENSE and package.json.
const { execFileSync } = require('node:child_process');

const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' }));
const files = report.files.map((file) => file.path);
const unexpected = files.filter((file) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(file));
const missing = ['README.md', 'LICENSE', 'package.json', 'dist/nodes/Nexpay/Nexpay.node.js'].filter((file) => !files.includes(file));
const testCode = files.filter((file) => /(^|\/)test\//.test(file) || /\.test\.js$/.test(file));
if (unexpected.length || missing.length || testCode.length) {
	console.error('npm pack contents are wrong:', { unexpected, missing, testCode });
	process.exit(1);
}
console.log(`npm pack: ${files.length} files, ${(report.size / 1024).toFixed(1)} kB, only dist/, README.md, LICENSE, package.json`);
