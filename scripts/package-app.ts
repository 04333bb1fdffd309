import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildAppPackage } from './manifest/build-package';
import { PackageError, readManifestValues } from './manifest/package-config';

/**
 * `npm run package`: the Teams app package for one deployment.
 *
 *   MICROSOFT_APP_ID=<botId output> BOT_DOMAIN=<botDomain output> TAB_CLIENT_ID=<tab app registration> npm run package
 *
 * Optional: TEAMS_APP_ID (defaults to MICROSOFT_APP_ID), APP_VERSION (defaults to package.json),
 * PUBLISHER_NAME, PUBLISHER_WEBSITE_URL, PRIVACY_URL, TERMS_URL. See docs/deployment.md.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const values = readManifestValues(process.env, version);
  const built = await buildAppPackage({ values });
  process.stdout.write(
    `Teams app package written: ${relative(process.cwd(), built.zipPath)}\n` +
      `  app id ${values.TEAMS_APP_ID}, bot ${values.BOT_ID}, domain ${values.BOT_DOMAIN}, version ${values.APP_VERSION}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof PackageError ? error.message : error);
  process.exit(1);
});
