/** Paths under every user's home in the export's SQL, and which systems' homes an export covers. */
import type { ExportPlatform } from './osqueryCheckKind';

export const posixOf = (platforms: readonly ExportPlatform[]) => platforms.some((platform) => platform !== 'windows');
export const windowsOf = (platforms: readonly ExportPlatform[]) => platforms.includes('windows');

/** A user's folder separator: Windows profiles (`C:\Users\…`) hold a backslash. */
export const SEPARATOR = `CASE WHEN instr(u.directory, '\\') > 0 THEN '\\' ELSE '/' END`;

/** `u.directory` joined with a `/`-separated relative path, in the user's own separator. */
export const underHome = (relative: string) => `u.directory || replace(${relative}, '/', ${SEPARATOR})`;
