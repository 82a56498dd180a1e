/**
 * @module paths
 * Where warroom's own files are, whether it runs from src/ (tsx) or dist/ (built).
 */
import { fileURLToPath } from 'node:url';

/** The project root: the folder holding package.json, manifest.yml and templates/. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const MANIFEST_PATH = `${PROJECT_ROOT}manifest.yml`;
export const TEMPLATES_DIR = `${PROJECT_ROOT}templates`;
