import { PackageError } from './package-config';

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/**
 * Replaces every `${{NAME}}` in the template text with its value (JSON-escaped, so a value can
 * never break the document) and parses the result. A placeholder without a value is an error,
 * never an empty string.
 */
export function fillTemplate(template: string, values: object): Record<string, unknown> {
  const known = values as Record<string, unknown>;
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = known[name];
    if (typeof value !== 'string' || value === '') {
      missing.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new PackageError(
      [...missing].map((name) => `no value for placeholder \${{${name}}}`),
      'Cannot fill the manifest template',
    );
  }
  return JSON.parse(filled) as Record<string, unknown>;
}
