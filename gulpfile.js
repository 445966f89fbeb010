const { src, dest, task, parallel } = require('gulp');

// gulp 5 reads files as UTF-8 text by default, which corrupts binary icons.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { encoding: false, base: '.' }).pipe(dest('dist'));
}

// The codex (categories, docs links) sits next to each node's compiled file.
function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

task('build:icons', parallel(copyIcons, copyCodex));
