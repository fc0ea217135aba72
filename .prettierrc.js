// The formatting of n8n and its node starter (@n8n/node-cli's template), so the code reads like
// theirs and a contributor's editor formats it the same way.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
