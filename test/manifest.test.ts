import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { REPORT_MESSAGE_COMMAND } from '../bot/teams/handlers/report-message';
import { COMMANDS, matchCommand, matchInvoke } from '../bot/teams/routes';
import { BRAND_BLUE, drawColorIcon, drawOutlineIcon } from '../scripts/icons/artwork';
import { decodePng, readPngHeader } from '../scripts/icons/png';
import { buildAppPackage, MANIFEST_DIR } from '../scripts/manifest/build-package';
import { fillTemplate } from '../scripts/manifest/fill-manifest';
import { PackageError, readManifestValues } from '../scripts/manifest/package-config';
import {
  unicodeSafePattern,
  validateLocalization,
  validateManifest,
} from '../scripts/manifest/validate-manifest';

const BOT_ID = '3f2b8c1e-5d4a-4b6e-9c7d-1a2b3c4d5e6f';
const DOMAIN = 'daadkracht-test.azurewebsites.net';
const TAB_CLIENT_ID = '7a1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b';
const values = readManifestValues({ MICROSOFT_APP_ID: BOT_ID, BOT_DOMAIN: DOMAIN, TAB_CLIENT_ID }, '1.2.3');

interface Command {
  title: string;
  description: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
type Manifest = Record<string, unknown> & {
  bots: { botId: string; scopes: string[]; commandLists: CommandList[] }[];
};

async function filledManifest(): Promise<Manifest> {
  const template = await readFile(join(MANIFEST_DIR, 'manifest.template.json'), 'utf8');
  return fillTemplate(template, values) as Manifest;
}

async function english(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(MANIFEST_DIR, 'en-us.json'), 'utf8'));
}

function listFor(manifest: Manifest, scope: string): CommandList {
  const list = manifest.bots[0]!.commandLists.find((candidate) => candidate.scopes.includes(scope));
  assert.ok(list, `a command list for the ${scope} scope`);
  return list;
}

/** Runs `work` with the network unavailable: any fetch fails the test. */
async function offline<T>(work: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (() => {
    throw new Error('validation tried to use the network');
  }) as typeof fetch;
  try {
    return await work();
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe('Teams app manifest', () => {
  it('fills every placeholder from configuration', async () => {
    const manifest = await filledManifest();
    assert.equal(manifest.id, BOT_ID);
    assert.equal(manifest.bots[0]!.botId, BOT_ID);
    assert.equal(manifest.version, '1.2.3');
    assert.deepEqual(manifest.validDomains, [DOMAIN]);
    assert.doesNotMatch(JSON.stringify(manifest), /\$\{\{/);
  });

  it('has the dashboard as a personal and team tab, signed in through its app registration', async () => {
    const manifest = (await filledManifest()) as Manifest & {
      staticTabs: { contentUrl: string; scopes: string[] }[];
      webApplicationInfo: { id: string; resource: string };
    };
    assert.equal(manifest.staticTabs[0]?.contentUrl, `https://${DOMAIN}/tab/`);
    assert.deepEqual(manifest.staticTabs[0]?.scopes, ['personal', 'team']);
    // The playbook is for everyone: its own personal tab, the address chat cards link to.
    assert.equal(manifest.staticTabs[1]?.contentUrl, `https://${DOMAIN}/tab/?view=playbook`);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: TAB_CLIENT_ID,
      resource: `api://${DOMAIN}/${TAB_CLIENT_ID}`,
    });
    assert.ok((manifest.validDomains as string[]).includes(DOMAIN));
  });

  it('refuses a placeholder that has no value', () => {
    assert.throws(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's own placeholder syntax
      () => fillTemplate('{"id": "${{TEAMS_APP_ID}}", "x": "${{NOT_CONFIGURED}}"}', values),
      (error: unknown) => error instanceof PackageError && /NOT_CONFIGURED/.test(error.message),
    );
  });

  it('is valid against the bundled schema, without the network', async () => {
    const manifest = await filledManifest();
    assert.deepEqual(await offline(() => validateManifest(manifest)), []);
  });

  it('reports schema errors, so the validation can fail', async () => {
    const broken = structuredClone(await filledManifest());
    broken.bots[0]!.botId = 'not-a-guid';
    delete broken.developer;
    const errors = await offline(() => validateManifest(broken));
    assert.ok(
      errors.some((error) => error.includes('/bots/0/botId')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((error) => error.includes('developer')),
      errors.join('\n'),
    );
  });

  it('names the schema of the manifest version it declares', async () => {
    const manifest = await filledManifest();
    const mismatched = { ...manifest, $schema: String(manifest.$schema).replace('v1.', 'v0.') };
    const errors = await offline(() => validateManifest(mismatched));
    assert.ok(
      errors.some((error) => error.startsWith('$schema must be')),
      errors.join('\n'),
    );
  });

  it('is Dutch by default with a valid and complete English translation', async () => {
    const manifest = await filledManifest();
    const info = manifest.localizationInfo as { defaultLanguageTag: string; additionalLanguages: unknown[] };
    assert.equal(info.defaultLanguageTag, 'nl');
    assert.deepEqual(info.additionalLanguages, [{ languageTag: 'en', file: 'en-us.json' }]);
    assert.deepEqual(await offline(async () => validateLocalization(await english(), manifest)), []);
  });

  it('reports an untranslated command and a translation of a command that does not exist', async () => {
    const manifest = await filledManifest();
    const translation: Record<string, string> = await english();
    delete translation['bots[0].commandLists[0].commands[0].title'];
    translation['bots[0].commandLists[1].commands[9].title'] = 'ghost';
    const errors = await offline(() => validateLocalization(translation, manifest));
    assert.ok(
      errors.some((error) => error.includes('commands[0].title') && error.includes('no translation')),
    );
    assert.ok(errors.some((error) => error.includes('commandLists[1].commands[9]')));
  });

  it('uses the icon colour as accent colour', async () => {
    const manifest = await filledManifest();
    assert.equal(String(manifest.accentColor).toLowerCase(), BRAND_BLUE);
  });

  it('repairs only schema patterns that are invalid as unicode regular expressions', () => {
    assert.equal(unicodeSafePattern('^a\\[\\b(1|2)\\b]\\.x$'), '^a\\[\\b(1|2)\\b\\]\\.x$');
    assert.equal(unicodeSafePattern('^[a-z]{2}\\]$'), '^[a-z]{2}\\]$');
  });
});

describe('bot commands in the manifest', () => {
  it('offers only commands the bot answers, each under its display word', async () => {
    const manifest = await filledManifest();
    for (const list of manifest.bots[0]!.commandLists) {
      for (const { title } of list.commands) {
        const match = matchCommand(title);
        assert.ok(match, `"${title}" (${list.scopes}) is not a command the bot answers`);
        assert.equal(match.argument, undefined, `"${title}" must be a whole command`);
        assert.equal(title, match.route.words[0], `"${title}" should be the display word`);
      }
    }
  });

  it('translates each command into an English word for the same command', async () => {
    const manifest = await filledManifest();
    const translation = await english();
    manifest.bots[0]!.commandLists.forEach((list, i) => {
      list.commands.forEach(({ title }, j) => {
        const englishTitle = translation[`bots[0].commandLists[${i}].commands[${j}].title`] ?? '';
        assert.equal(
          matchCommand(englishTitle)?.route.id,
          matchCommand(title)?.route.id,
          `"${englishTitle}" should do what "${title}" does`,
        );
      });
    });
  });

  it('lists the main commands and the werkgroep commands in the personal scope', async () => {
    const personal = listFor(await filledManifest(), 'personal');
    const listed = new Set(personal.commands.map(({ title }) => matchCommand(title)?.route.id));
    // Teams allows 12 commands per list: the personal list holds the main ones and the werkgroep's
    // most used; `actie nieuw` and `vrije dagen` (also usable in a channel) are found through help.
    const required = COMMANDS.filter((route) =>
      [
        'help',
        'report',
        'my-signals',
        'status',
        'language',
        'werkgroep',
        'goals',
        'meetings',
        'actions',
      ].includes(route.id),
    );
    for (const route of required) assert.ok(listed.has(route.id), `personal list misses "${route.words[0]}"`);
  });

  it('lists exactly the commands that work in a channel in the team scope', async () => {
    const team = listFor(await filledManifest(), 'team');
    const listed = team.commands.map(({ title }) => matchCommand(title)?.route.id).sort();
    const inChannels = COMMANDS.filter((route) => route.worksIn === 'anywhere')
      .map((route) => route.id)
      .sort();
    assert.deepEqual(listed, inChannels);
  });

  it('keeps titles and descriptions within the lengths Teams documents, without duplicates', async () => {
    const manifest = await filledManifest();
    const translation = await english();
    manifest.bots[0]!.commandLists.forEach((list, i) => {
      const titles = list.commands.map((command) => command.title);
      assert.equal(new Set(titles).size, titles.length, `duplicate titles in list ${i}`);
      list.commands.forEach((command, j) => {
        const key = `bots[0].commandLists[${i}].commands[${j}]`;
        for (const title of [command.title, translation[`${key}.title`] ?? '']) {
          assert.ok(title.length <= 32, `title "${title}" is longer than 32 characters`);
        }
        for (const text of [command.description, translation[`${key}.description`] ?? '']) {
          assert.ok(text.length > 0 && text.length <= 128, `description "${text}" is empty or over 128`);
        }
      });
    });
  });

  it('offers "Meld als signaal" on messages, as a dialog the bot answers, in both languages', async () => {
    const manifest = await filledManifest();
    const extensions = manifest.composeExtensions as {
      botId: string;
      commands: Record<string, unknown>[];
    }[];
    assert.equal(extensions.length, 1);
    assert.equal(extensions[0]!.botId, BOT_ID, 'the bot answers its invokes');
    const [command] = extensions[0]!.commands;
    assert.deepEqual(
      { id: command?.id, type: command?.type, context: command?.context, fetchTask: command?.fetchTask },
      { id: REPORT_MESSAGE_COMMAND, type: 'action', context: ['message'], fetchTask: true },
    );
    assert.ok(matchInvoke('composeExtension/fetchTask', { commandId: command?.id }), 'routed: fetchTask');
    assert.ok(
      matchInvoke('composeExtension/submitAction', { commandId: command?.id }),
      'routed: submitAction',
    );
    assert.equal(command?.title, 'Meld als signaal');
    const translation = await english();
    assert.equal(translation['composeExtensions[0].commands[0].title'], 'Report as signal');
    assert.ok(translation['composeExtensions[0].commands[0].description']);
    assert.deepEqual(await offline(() => validateManifest(manifest)), []);
    assert.deepEqual(await offline(async () => validateLocalization(translation, manifest)), []);
  });
});

describe('app icons', () => {
  it('has a 192x192 colour icon and a 32x32 outline icon with an alpha channel', async () => {
    const color = readPngHeader(await readFile(join(MANIFEST_DIR, 'color.png')));
    const outline = readPngHeader(await readFile(join(MANIFEST_DIR, 'outline.png')));
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height, outline.colorType], [32, 32, 6]);
  });

  it('draws the outline icon in white on a transparent background', async () => {
    const { pixels } = decodePng(await readFile(join(MANIFEST_DIR, 'outline.png')));
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const alpha = pixels[i + 3]!;
      if (alpha === 0) transparent += 1;
      if (alpha === 255) opaque += 1;
      if (alpha > 0) assert.deepEqual([...pixels.subarray(i, i + 3)], [255, 255, 255], `pixel ${i / 4}`);
    }
    assert.equal(pixels[3], 0, 'the corner is transparent');
    assert.ok(transparent > 32 * 32 * 0.4, `${transparent} transparent pixels`);
    assert.ok(opaque > 32 * 4, `${opaque} opaque pixels`);
  });

  it('fills the colour icon with the brand blue', async () => {
    const { pixels } = decodePng(await readFile(join(MANIFEST_DIR, 'color.png')));
    const hex = `#${[...pixels.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    assert.equal(hex, BRAND_BLUE);
    for (let i = 3; i < pixels.length; i += 4) assert.equal(pixels[i], 255, 'the colour icon is opaque');
  });

  it('ships exactly the icons that scripts/draw-icons.ts draws', async () => {
    const color = decodePng(await readFile(join(MANIFEST_DIR, 'color.png')));
    const outline = decodePng(await readFile(join(MANIFEST_DIR, 'outline.png')));
    assert.ok(Buffer.from(color.pixels).equals(Buffer.from(drawColorIcon().pixels)), 'color.png is stale');
    assert.ok(
      Buffer.from(outline.pixels).equals(Buffer.from(drawOutlineIcon().pixels)),
      'outline.png is stale',
    );
  });
});

describe('npm run package', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'daadkracht-package-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a zip with the manifest, the translation and both icons at its root', async () => {
    const built = await offline(() => buildAppPackage({ values, outDir }));
    assert.equal(built.zipPath, join(outDir, 'daadkracht-1.2.3.zip'));
    const zip = await JSZip.loadAsync(await readFile(built.zipPath));
    assert.deepEqual(Object.keys(zip.files).sort(), [
      'color.png',
      'en-us.json',
      'manifest.json',
      'outline.png',
    ]);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    assert.equal(manifest.id, BOT_ID);
    assert.deepEqual(manifest.validDomains, [DOMAIN]);
    const outline = await zip.file('outline.png')!.async('nodebuffer');
    assert.ok(outline.equals(await readFile(join(MANIFEST_DIR, 'outline.png'))));
  });

  it('writes nothing when the manifest is invalid', async () => {
    const sourceDir = join(outDir, 'source');
    await cp(MANIFEST_DIR, sourceDir, { recursive: true, filter: (path) => !path.includes('build') });
    const templatePath = join(sourceDir, 'manifest.template.json');
    const template = JSON.parse(await readFile(templatePath, 'utf8'));
    template.bots[0].scopes.push('everywhere');
    await writeFile(templatePath, JSON.stringify(template));
    const zipDir = join(outDir, 'zip');
    await assert.rejects(
      offline(() => buildAppPackage({ values, manifestDir: sourceDir, outDir: zipDir })),
      (error: unknown) => error instanceof PackageError && /scopes/.test(error.message),
    );
    await assert.rejects(readdir(zipDir), { code: 'ENOENT' });
  });

  it('explains every missing or invalid setting at once', () => {
    assert.throws(
      () => readManifestValues({ BOT_DOMAIN: 'https://bot.example.org/api' }, '1.0.0'),
      (error: unknown) =>
        error instanceof PackageError &&
        error.problems.length === 3 &&
        /MICROSOFT_APP_ID is required/.test(error.message) &&
        /TAB_CLIENT_ID is required/.test(error.message) &&
        /BOT_DOMAIN must be a host name only, without https:\/\//.test(error.message),
    );
    assert.throws(
      () =>
        readManifestValues(
          { MICROSOFT_APP_ID: BOT_ID, BOT_DOMAIN: DOMAIN, TAB_CLIENT_ID, APP_VERSION: '1.0' },
          '1.0.0',
        ),
      /APP_VERSION/,
    );
  });

  it('defaults the Teams app id to the bot id and the version to package.json', () => {
    const defaults = readManifestValues(
      { MICROSOFT_APP_ID: BOT_ID.toUpperCase(), BOT_DOMAIN: DOMAIN, TAB_CLIENT_ID },
      '0.4.0',
    );
    assert.equal(defaults.TEAMS_APP_ID, BOT_ID);
    assert.equal(defaults.APP_VERSION, '0.4.0');
    assert.equal(defaults.PRIVACY_URL, `https://${DOMAIN}/`);
  });
});
