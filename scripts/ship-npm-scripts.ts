/**
 * The npm scripts the shipping work needs in package.json, exactly as they must read there.
 *
 * package.json belongs to the lead engineer; this list is what to add, and
 * tests/ship/workflow.test.ts checks that the workflow only runs scripts that are here or in
 * package.json, and that package.json, once it has them, has these very lines.
 */
export const SHIP_NPM_SCRIPTS: Readonly<Record<string, string>> = {
  icons: 'tsx scripts/make-icons.ts',
  security: 'tsx scripts/security-scan.ts',
  'dist:win': 'npm run build && electron-builder --win --publish never',
  'dist:linux': 'npm run build && electron-builder --linux --publish never',
  'dist:mac': 'npm run build && electron-builder --mac --publish never',
};
