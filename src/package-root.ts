/**
 * The package's root directory (where package.json and docs/ live). This file sits one level
 * below it in src/, and so does every file of the bundled dist/ — the build keeps dist/ flat.
 */
export const packageRoot: URL = new URL('..', import.meta.url);
