import { COMMAND, EMAIL, EXTENSION_ID, ID_PATTERN, NPM_PACKAGE, PLUGIN_ID, URL_TEMPLATE_PLACEHOLDERS } from './formats';
import { LANGUAGE_TAG_SOURCE } from './localizedText';
import { POLICY_SPEC, type Spec, type StringFormat } from './schema';

type JsonSchema = { [key: string]: unknown };

// Patterns for editors' completion and squiggles, from the validator's own regular
// expressions where it has one; its other checks are stricter (real calendar dates, known
// zones, known tools) and are the authority.
const inner = (pattern: RegExp) => pattern.source.replace(/^\^/, '').replace(/\$$/, '');
const FORMAT_SCHEMA: Readonly<Record<StringFormat, JsonSchema>> = {
  text: { type: 'string', minLength: 1 },
  id: { type: 'string', pattern: ID_PATTERN.source },
  'tool-ref': { type: 'string', pattern: `^(${inner(ID_PATTERN)}|\\*)$` },
  'email-or-url': { type: 'string', pattern: `^(${inner(EMAIL)}|https://\\S+)$` },
  url: { type: 'string', format: 'uri', pattern: '^https://[^\\s\\\\]+$' },
  'url-template': { type: 'string', pattern: `^https://([^{}]|\\{(${URL_TEMPLATE_PLACEHOLDERS.join('|')})\\})*$` },
  date: {
    type: 'string',
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?))?$',
  },
  timezone: { type: 'string', pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' },
  'extension-id': { type: 'string', pattern: EXTENSION_ID.source },
  command: { type: 'string', pattern: COMMAND.source },
  package: { type: 'string', pattern: NPM_PACKAGE.source },
  'plugin-id': { type: 'string', pattern: PLUGIN_ID.source, maxLength: 255 },
  glob: { type: 'string', minLength: 1 },
};

/** Tags offered by completion in the map form; any tag of the right shape is accepted. */
const SUGGESTED_LANGUAGES = ['en', 'zh-cn', 'zh-tw', 'ja', 'ko', 'de', 'fr', 'es', 'pt-br', 'ru'];

/** Either form of localised text; both branches complete in editors. */
function localizedTextSchema(description: string): JsonSchema {
  const text = FORMAT_SCHEMA.text;
  return {
    oneOf: [
      { ...text, description },
      {
        type: 'object',
        description: `${description} One entry per language tag (en, zh-cn, …); the reader sees VS Code's display language, else its primary language, else en, else the first entry.`,
        minProperties: 1,
        propertyNames: { pattern: LANGUAGE_TAG_SOURCE },
        properties: Object.fromEntries(SUGGESTED_LANGUAGES.map((tag) => [tag, text])),
        additionalProperties: text,
      },
    ],
    description,
  };
}

function convert(spec: Spec): JsonSchema {
  const description = { description: spec.description };
  switch (spec.type) {
    case 'string': return { ...FORMAT_SCHEMA[spec.format], ...description };
    case 'integer': return { type: 'integer', minimum: spec.minimum, maximum: spec.maximum, ...description };
    case 'const': return { const: spec.value, ...description };
    case 'enum': return { enum: [...spec.values], ...description };
    case 'array': return { type: 'array', items: convert(spec.items), ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}), ...description };
    case 'localized-text': return localizedTextSchema(spec.description);
    case 'one-or-many': return { anyOf: [convert(spec.items), { type: 'array', items: convert(spec.items), minItems: 1 }], ...description };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(spec.properties).map(([key, value]) => [key, convert(value)])),
        required: [...spec.required],
        additionalProperties: false,
        ...description,
      };
  }
}

/** `policies/schema.json`, generated from the same description the validator uses. */
export function policyJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Tool Policy Notices policy (format version 1)',
    ...convert(POLICY_SPEC),
  };
}
