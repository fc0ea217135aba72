// Copies what tsc does not emit into dist/, keeping the folder layout n8n resolves
// `icon: 'file:x.svg'` and codex files against: node icons and codex (*.node.json),
// credential icons.
const { src, dest } = require('gulp');

const ASSETS = ['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'];

function buildIcons() {
	// encoding: false keeps PNGs byte-exact (gulp 5 reads files as utf8 by default);
	// allowEmpty lets a package with no icons yet build.
	return src(ASSETS, { base: '.', encoding: false, allowEmpty: true }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
