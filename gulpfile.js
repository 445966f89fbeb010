const { src, dest, task } = require('gulp');

// gulp 5 reads files as UTF-8 text by default, which corrupts binary icons.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { encoding: false, base: '.' }).pipe(
		dest('dist'),
	);
}

task('build:icons', copyIcons);
