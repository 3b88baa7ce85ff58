import packageJson from '../package.json' with { type: 'json' };

/** The app's version, from package.json (inlined by the bundler). */
export const appVersion: string = packageJson.version;
