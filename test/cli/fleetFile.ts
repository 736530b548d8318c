import { strict as assert } from 'node:assert';
import { load } from 'js-yaml';
import { exportFleet, type FailFrom } from '../../src/core/export/fleet';
import type { FleetPolicy } from '../../src/core/export/fleetYaml';
import type { ExportPlatform, ToolsFor } from '../../src/core/export/osquery';
import type { PolicyRule } from '../../src/core/policy/types';

const TEXT_FIELDS = ['name', 'query', 'description', 'resolution', 'platform'] as const;

/** The policies a Fleet file holds, as Fleet reads them: a list of mappings of these six fields, checked not cast. */
export function readFleetFile(text: string): FleetPolicy[] {
  const parsed: unknown = load(text);
  assert.ok(Array.isArray(parsed), 'a Fleet file is a list');
  return parsed.map((entry: unknown, index) => {
    assert.ok(typeof entry === 'object' && entry !== null && !Array.isArray(entry), `policy ${index} is a mapping`);
    const fields = entry as Record<string, unknown>;
    assert.deepEqual(Object.keys(fields), [...TEXT_FIELDS, 'critical'], `policy ${index} has Fleet's fields`);
    for (const field of TEXT_FIELDS) assert.equal(typeof fields[field], 'string', `policy ${index}: ${field} is text`);
    assert.equal(typeof fields.critical, 'boolean', `policy ${index}: critical is true or false`);
    return fields as unknown as FleetPolicy;
  });
}

/** The Fleet policies `export --format fleet` prints for these rules, read back from its YAML. */
export function printedFleetPolicies(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[], failFrom?: FailFrom): FleetPolicy[] {
  return readFleetFile(exportFleet(rules, toolsFor, platforms, failFrom));
}
