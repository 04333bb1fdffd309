import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { fillTemplate } from './fill-manifest';
import { type ManifestValues, PackageError } from './package-config';
import { validateIcons, validateLocalization, validateManifest } from './validate-manifest';

export const MANIFEST_DIR = join(__dirname, '..', '..', 'manifest');

export interface BuildOptions {
  values: ManifestValues;
  /** Where the template, localization file and icons are; defaults to manifest/. */
  manifestDir?: string;
  /** Where the zip goes; defaults to manifest/build/. */
  outDir?: string;
}

export interface BuiltPackage {
  zipPath: string;
  manifest: Record<string, unknown>;
  /** The file names at the root of the zip. */
  files: string[];
}

function localizationFiles(manifest: Record<string, unknown>): string[] {
  const info = manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined;
  return (info?.additionalLanguages ?? []).map((language) => language.file);
}

/**
 * Fills the template, validates manifest, translations and icons offline, and writes
 * `daadkracht-<version>.zip` with every file at the zip's root, as Teams expects.
 * Nothing is written when anything is invalid.
 */
export async function buildAppPackage(options: BuildOptions): Promise<BuiltPackage> {
  const manifestDir = options.manifestDir ?? MANIFEST_DIR;
  const outDir = options.outDir ?? join(manifestDir, 'build');
  const template = await readFile(join(manifestDir, 'manifest.template.json'), 'utf8');
  const manifest = fillTemplate(template, options.values);

  const errors = await validateManifest(manifest);
  const translations = new Map<string, Buffer>();
  for (const file of localizationFiles(manifest)) {
    const content = await readFile(join(manifestDir, file));
    translations.set(file, content);
    const problems = await validateLocalization(JSON.parse(content.toString('utf8')), manifest);
    errors.push(...problems.map((problem) => `${file}: ${problem}`));
  }
  const icons = manifest.icons as { color: string; outline: string };
  const color = await readFile(join(manifestDir, icons.color));
  const outline = await readFile(join(manifestDir, icons.outline));
  errors.push(...validateIcons(color, outline));
  if (errors.length > 0) throw new PackageError(errors, 'The Teams app manifest is not valid');

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, content] of translations) zip.file(file, content);
  zip.file(icons.color, color);
  zip.file(icons.outline, outline);
  const zipPath = join(outDir, `daadkracht-${options.values.APP_VERSION}.zip`);
  await mkdir(outDir, { recursive: true });
  await writeFile(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { zipPath, manifest, files: Object.keys(zip.files) };
}
