import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface TabAssets {
  html: string;
  script: string;
  css: string;
}

// From the sources (tsx) the page is two folders up; from a build in dist/ it is three.
const TAB_DIR = [
  path.resolve(__dirname, '..', '..', 'tab'),
  path.resolve(__dirname, '..', '..', '..', 'tab'),
].find((candidate) => existsSync(path.join(candidate, 'index.html'))) as string;

let bundled: Promise<TabAssets> | undefined;

/** The bundle, made once per process on first use and shared by every server in it. */
export function tabAssets(): Promise<TabAssets> {
  bundled ??= bundleTabAssets();
  bundled.catch(() => {
    bundled = undefined;
  });
  return bundled;
}

/**
 * Bundles the tab's page (teams-js, MSAL, Chart.js and our code) into one script with esbuild.
 * Everything ships with the bot and is served by it: no CDN, nothing fetched at run time. Done
 * once per process, when the page is first asked for.
 */
async function bundleTabAssets(): Promise<TabAssets> {
  // Loaded on first use: the bundler is not needed to start the bot.
  const { build, stop } = await import('esbuild');
  const [html, css, result] = await Promise.all([
    readFile(path.join(TAB_DIR, 'index.html'), 'utf8'),
    readFile(path.join(TAB_DIR, 'tab.css'), 'utf8'),
    build({
      entryPoints: [path.join(TAB_DIR, 'src', 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
      minify: true,
      legalComments: 'none',
      tsconfig: path.join(TAB_DIR, 'tsconfig.json'),
      logLevel: 'silent',
    }),
  ]);
  // esbuild's helper process would otherwise keep the bot (and a test run) from exiting.
  await stop();
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error('bundling the tab produced no script');
  return { html, css, script };
}
