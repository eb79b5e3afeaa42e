/** Builds the live page's browser assets into dist/web/static/; resolves to that folder. */
export function buildWeb(options?: { minify?: boolean }): Promise<string>;
